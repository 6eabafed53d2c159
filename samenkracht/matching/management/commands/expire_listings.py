from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from samenkracht.matching import services


class Command(BaseCommand):
    help = (
        "Laat verlopen vragen en aanbod verlopen en herinner eigenaren een week vooraf (voor cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = services.listings_expire(now=timezone.now())
        self.stdout.write(
            f"{counts['expired']} verlopen, {counts['reminded']} herinneringen gestuurd."
        )
