from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samenkracht.budgeting import services
from samenkracht.budgeting.models import BudgetRound
from samenkracht.core.budgeting import PbError, read_pb
from samenkracht.people import selectors as people_selectors

MAX_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Lees een Pabulib-bestand (.pb) in als een gesloten burgerbegroting met zijn projecten "
        "en anonieme stemmen, en bereken de uitslag. Alles of niets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="het .pb-bestand")
        parser.add_argument(
            "--municipality", required=True, metavar="GMxxxx", help="CBS-code van de gemeente"
        )
        parser.add_argument(
            "--neighbourhood",
            action="append",
            default=[],
            metavar="BUxxxxxxxx",
            help="buurt(en) van de ronde; zonder deze optie alle buurten van de gemeente",
        )
        parser.add_argument("--title", default="", help="titel; anders uit de META van het bestand")
        parser.add_argument(
            "--rule",
            choices=BudgetRound.Rule.values,
            default="",
            help="manier van verdelen; anders volgens de META (equalshares → mes-add1)",
        )
        parser.add_argument(
            "--no-result", action="store_true", help="de uitslag niet meteen berekenen"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            instance = read_pb(path, max_bytes=MAX_BYTES)
        except PbError as error:
            raise CommandError(f"{path.name} is niet ingelezen. {error}") from error
        municipality = people_selectors.municipality_get(code=options["municipality"])
        if municipality is None:
            raise CommandError(f"Onbekende gemeente: {options['municipality']}")
        neighbourhoods = []
        for code in options["neighbourhood"]:
            neighbourhood = people_selectors.neighbourhood_get(code=code)
            if neighbourhood is None or neighbourhood.district.municipality_id != municipality.pk:
                raise CommandError(f"Onbekende buurt in {municipality.name}: {code}")
            neighbourhoods.append(neighbourhood)
        if not neighbourhoods:
            neighbourhoods = list(people_selectors.neighbourhood_list(municipality=municipality))
        now = timezone.now()
        try:
            budget_round = services.round_import(
                instance=instance,
                municipality=municipality,
                neighbourhoods=neighbourhoods,
                now=now,
                title=options["title"],
                rule=options["rule"],
                source_name=path.stem,
            )
        except ValidationError as error:
            raise CommandError(
                f"{path.name} is niet ingelezen: {' '.join(error.messages)}"
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Ingelezen: {budget_round.title} (nummer {budget_round.pk}): "
                f"{len(instance.projects)} projecten, {len(instance.ballots)} stemmen."
            )
        )
        if options["no_result"]:
            return
        result = services.result_compute(budget_round=budget_round, now=now)
        if not result.is_done:
            raise CommandError(f"De uitslag kon niet worden berekend: {result.error}")
        chosen = ", ".join(budget_round.proposals.get(pk=pk).source_id for pk in result.selected)
        self.stdout.write(
            f"Uitslag ({result.rule}): gekozen {chosen or '—'}; uitgegeven {result.spent}."
        )
