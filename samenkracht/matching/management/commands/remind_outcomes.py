from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from samenkracht.matching import services


class Command(BaseCommand):
    help = "Vraag een week na een geaccepteerd contact: is het gelukt? (voor cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.outcomes_remind(now=timezone.now())
        self.stdout.write(f"{sent} herinneringen gestuurd.")
