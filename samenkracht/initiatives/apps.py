from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "samenkracht.initiatives"
    verbose_name = _("Bewonersinitiatieven")

    def ready(self) -> None:
        from samenkracht.initiatives import privacy  # noqa: F401  (registers personal data)
