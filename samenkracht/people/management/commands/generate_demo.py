from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samenkracht.common.errors import ApplicationError
from samenkracht.people.demo import demo_generate, demo_residents_exist


class Command(BaseCommand):
    help = (
        "Vul de standaardgemeente met een nagemaakte bevolking: bewoners in huishoudens, "
        "organisaties, sociaal makelaars, medewerkers van de gemeente en vaste demo-accounts. "
        "Dezelfde --seed geeft dezelfde mensen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--residents", type=int, default=2000, help="aantal bewoners (standaard 2000)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="startgetal (standaard 2026)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="niets doen als er al bewoners zijn",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["residents"] < 1:
            raise CommandError("--residents moet minstens 1 zijn.")
        if options["if_empty"] and demo_residents_exist():
            self.stdout.write("Er zijn al bewoners; de demogegevens zijn niet opnieuw gemaakt.")
            return
        try:
            counts = demo_generate(residents=options["residents"], seed=options["seed"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Gemaakt: {counts.residents} bewoners in {counts.households} huishoudens, "
                f"{counts.professionals} professionals, {counts.officials} medewerkers van de "
                f"gemeente, {counts.organisations} organisaties met {counts.memberships} "
                f"lidmaatschappen, {counts.consent_records} toestemmingen."
            )
        )
