from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samenkracht.exchange.demo import demo_exchange_generate
from samenkracht.exchange.models import Transfer


class Command(BaseCommand):
    help = "Maak een paar maanden tijdbank voor de demogemeente (na generate_demo_matching)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="niets doen als er al overboekingen zijn"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Transfer.objects.exists():
            self.stdout.write("Er zijn al overboekingen; overgeslagen.")
            return
        result = demo_exchange_generate(seed=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Gemaakt: {result.transfers} overboekingen op {result.accounts} rekeningen."
            )
        )
