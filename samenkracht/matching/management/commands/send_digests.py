from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from samenkracht.matching import services


class Command(BaseCommand):
    help = "Stuur iedereen van wie het aan de beurt is één e-mail met ongelezen nieuws (voor cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.digest_send(now=timezone.now())
        self.stdout.write(f"{sent} e-mails klaargezet.")
