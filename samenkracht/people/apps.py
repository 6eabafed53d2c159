from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "samenkracht.people"
    verbose_name = _("Mensen en buurten")

    def ready(self) -> None:
        from samenkracht.people import privacy  # noqa: F401  (registers personal data)
