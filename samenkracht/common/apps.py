from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "samenkracht.common"
    verbose_name = _("Algemeen")

    def ready(self) -> None:
        from samenkracht.common import privacy_tasks  # noqa: F401  (registers personal data)
