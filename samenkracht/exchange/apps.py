from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "samenkracht.exchange"
    verbose_name = _("Tijdbank")

    def ready(self) -> None:
        from samenkracht.exchange import privacy  # noqa: F401  (registers personal data)
