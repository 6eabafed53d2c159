from typing import Any

from django.core.management.base import BaseCommand

from samenkracht.exchange.tasks import pending_expire_task


class Command(BaseCommand):
    help = "Geef verlopen overboekingen die op bevestiging wachten vrij (cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = pending_expire_task.enqueue()
        self.stdout.write(f"queued {result.id}")
