from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samenkracht.matching.demo import demo_matching_generate
from samenkracht.matching.models import Category, Listing


class Command(BaseCommand):
    help = "Maak vragen en aanbod voor de demogemeente (na generate_demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--share", type=float, default=0.3, help="deel van de bewoners met een vraag of aanbod"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="niets doen als er al vragen of aanbod zijn"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["share"] <= 1:
            raise CommandError("--share ligt tussen 0 en 1.")
        if not Category.objects.exists():
            raise CommandError("Er zijn geen categorieën. Draai eerst: manage.py migrate")
        if options["if_empty"] and Listing.objects.exists():
            self.stdout.write("Er zijn al vragen en aanbod; overgeslagen.")
            return
        result = demo_matching_generate(share=options["share"], seed=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(f"Gemaakt: {result.offers} keer aanbod en {result.asks} vragen.")
        )
