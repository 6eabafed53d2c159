from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samenkracht.common.errors import ApplicationError
from samenkracht.initiatives.demo import demo_initiatives_generate
from samenkracht.initiatives.models import Initiative


class Command(BaseCommand):
    help = (
        "Maak bewonersinitiatieven voor de demogemeente (na generate_demo): met hun geschiedenis, "
        "betrokkenen, partners, behoeften en ondersteuningsvragen aan de gemeente. "
        "Dezelfde --seed geeft dezelfde initiatieven."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--initiatives",
            type=int,
            help="aantal initiatieven (standaard 6 per 100 bewoners, minstens 10)",
        )
        parser.add_argument("--seed", type=int, default=2026, help="startgetal (standaard 2026)")
        parser.add_argument(
            "--if-empty", action="store_true", help="niets doen als er al initiatieven zijn"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["initiatives"] is not None and options["initiatives"] < 1:
            raise CommandError("--initiatives moet minstens 1 zijn.")
        if options["if_empty"] and Initiative.objects.exists():
            self.stdout.write("Er zijn al initiatieven; overgeslagen.")
            return
        try:
            result = demo_initiatives_generate(
                initiatives=options["initiatives"], seed=options["seed"]
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Gemaakt: {result.initiatives} initiatieven met {result.members} betrokkenen, "
                f"{result.partners} partners en {result.support_requests} ondersteuningsvragen "
                f"aan {result.departments or 'de'} afdelingen; {result.expertises} wijkspecialisten."
            )
        )
