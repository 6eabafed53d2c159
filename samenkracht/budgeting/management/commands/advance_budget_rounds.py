from typing import Any

from django.core.management.base import BaseCommand

from samenkracht.budgeting.tasks import rounds_advance_task


class Command(BaseCommand):
    help = (
        "Zet burgerbegrotingen in hun volgende fase (voor cron): steun tellen, het stembiljet "
        "vastzetten, en de uitslag laten berekenen als het stemmen gesloten is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = rounds_advance_task.enqueue()
        self.stdout.write(f"Klaargezet ({result.id}).")
