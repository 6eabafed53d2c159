from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samenkracht.budgeting.demo import demo_budgeting_generate
from samenkracht.budgeting.models import BudgetRound
from samenkracht.common.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Maak drie burgerbegrotingen voor de demogemeente (na generate_demo): één met uitslag, "
        "één waarin gestemd wordt en één voor ideeën."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--if-empty", action="store_true", help="niets doen als er al burgerbegrotingen zijn"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and BudgetRound.objects.exists():
            self.stdout.write("Er zijn al burgerbegrotingen; overgeslagen.")
            return
        try:
            result = demo_budgeting_generate(seed=options["seed"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Gemaakt: {result.rounds} burgerbegrotingen met {result.proposals} voorstellen "
                f"en {result.ballots} stemmen."
            )
        )
