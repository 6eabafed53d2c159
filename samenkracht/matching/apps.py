from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "samenkracht.matching"
    verbose_name = _("Vragen en aanbod")

    def ready(self) -> None:
        from samenkracht.matching import privacy  # noqa: F401  (registers personal data)
