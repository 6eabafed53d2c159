from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "samenkracht.budgeting"
    verbose_name = _("Burgerbegroting")

    def ready(self) -> None:
        from samenkracht.budgeting import privacy  # noqa: F401  (registers personal data)
