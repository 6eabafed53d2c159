from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samenkracht.core.cbs import CbsTableError, parse_cbs_table
from samenkracht.people.services import neighbourhoods_import

BUILTIN_TABLE = Path(__file__).resolve().parents[2] / "data" / "cbs_gm0307_amersfoort.csv"


class Command(BaseCommand):
    help = (
        "Lees wijken en buurten in uit een CBS-tabel (kolommen buurtcode, buurtnaam, wijkcode, "
        "wijknaam, gemeentecode, gemeentenaam, lat, lon). Bestaande codes worden bijgewerkt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="CSV-bestand met de CBS-tabel")
        parser.add_argument(
            "--builtin", action="store_true", help="de meegeleverde tabel van Amersfoort (GM0307)"
        )
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            metavar="GMxxxx",
            help="alleen deze gemeente(n); zonder deze optie de hele tabel",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["path"]) == bool(options["builtin"]):
            raise CommandError("Geef een CSV-bestand of --builtin (niet allebei).")
        path = BUILTIN_TABLE if options["builtin"] else Path(options["path"])
        codes = frozenset(options["municipality"]) or None
        try:
            with path.open(encoding="utf-8-sig", newline="") as lines:
                municipalities = parse_cbs_table(lines, municipality_codes=codes)
        except FileNotFoundError as error:
            raise CommandError(f"Bestand niet gevonden: {path}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is geen UTF-8-tekstbestand.") from error
        except CbsTableError as error:
            shown = "\n".join(error.problems[:20])
            more = len(error.problems) - 20
            suffix = f"\n… en nog {more} fouten" if more > 0 else ""
            raise CommandError(f"De tabel is niet ingelezen:\n{shown}{suffix}") from error
        counts = neighbourhoods_import(municipalities=municipalities)
        self.stdout.write(
            self.style.SUCCESS(
                f"Ingelezen: {counts['municipalities']} gemeente(n), {counts['districts']} wijken, "
                f"{counts['neighbourhoods']} buurten."
            )
        )
