"""Reading the CBS table of municipalities, districts (wijken) and neighbourhoods (buurten).

The table has one row per buurt with the columns of CBS's Wijk- en Buurtkaart:
buurtcode, buurtnaam, wijkcode, wijknaam, gemeentecode, gemeentenaam, lat, lon.
Parsing is pure so that a bad file is rejected as a whole, with line numbers, before
anything is written.
"""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from samenkracht.core.geo import Point, is_in_netherlands

COLUMNS = (
    "buurtcode",
    "buurtnaam",
    "wijkcode",
    "wijknaam",
    "gemeentecode",
    "gemeentenaam",
    "lat",
    "lon",
)
# CBS leaves the name empty for municipalities that merged in the table's year; the
# code still identifies them, so the name falls back to the code.
OPTIONAL_VALUES = frozenset({"gemeentenaam"})
# The longest names the database keeps.
NAME_LIMITS = {"buurtnaam": 150, "wijknaam": 150, "gemeentenaam": 100}
MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
DISTRICT_CODE = re.compile(r"^WK\d{6}$")
NEIGHBOURHOOD_CODE = re.compile(r"^BU\d{8}$")


class CbsTableError(ValueError):
    """The table cannot be imported; `problems` lists every line that is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:10]))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class NeighbourhoodRow:
    code: str
    name: str
    district_code: str
    point: Point


@dataclass(slots=True)
class DistrictRow:
    code: str
    name: str
    municipality_code: str
    neighbourhoods: list[NeighbourhoodRow] = field(default_factory=list)

    @property
    def point(self) -> Point:
        """Return the mean of the district's neighbourhood points."""
        points = [n.point for n in self.neighbourhoods]
        return Point(
            lat=round(sum(p.lat for p in points) / len(points), 5),
            lon=round(sum(p.lon for p in points) / len(points), 5),
        )


@dataclass(slots=True)
class MunicipalityRow:
    code: str
    name: str
    districts: dict[str, DistrictRow] = field(default_factory=dict)


def parse_cbs_table(
    lines: Iterable[str], *, municipality_codes: frozenset[str] | None = None
) -> dict[str, MunicipalityRow]:
    """Parse and validate a CBS neighbourhood table, optionally for some municipalities only.

    Raise CbsTableError listing all problems if any row is malformed, a code does not
    follow the CBS pattern, codes are inconsistent (a buurt's code must start with the
    digits of its wijk, a wijk's with its gemeente), or a point lies outside the
    Netherlands.
    """
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CbsTableError([f"kolommen ontbreken: {', '.join(missing)}"])
    problems: list[str] = []
    municipalities: dict[str, MunicipalityRow] = {}
    seen_neighbourhoods: set[str] = set()
    for line_number, raw in enumerate(reader, start=2):
        row = {key: (value or "").strip() for key, value in raw.items() if key}
        if municipality_codes is not None and row["gemeentecode"] not in municipality_codes:
            continue
        row_problems = _row_problems(row)
        if row["buurtcode"] in seen_neighbourhoods:
            row_problems.append(f"buurtcode {row['buurtcode']} komt twee keer voor")
        if row_problems:
            problems.extend(f"regel {line_number}: {p}" for p in row_problems)
            continue
        seen_neighbourhoods.add(row["buurtcode"])
        municipality = municipalities.setdefault(
            row["gemeentecode"], MunicipalityRow(code=row["gemeentecode"], name=row["gemeentecode"])
        )
        if row["gemeentenaam"]:
            municipality.name = row["gemeentenaam"]
        district = municipality.districts.setdefault(
            row["wijkcode"],
            DistrictRow(
                code=row["wijkcode"], name=row["wijknaam"], municipality_code=municipality.code
            ),
        )
        district.neighbourhoods.append(
            NeighbourhoodRow(
                code=row["buurtcode"],
                name=row["buurtnaam"],
                district_code=district.code,
                point=Point(lat=float(row["lat"]), lon=float(row["lon"])),
            )
        )
    if problems:
        raise CbsTableError(problems)
    if municipality_codes is not None:
        absent = sorted(municipality_codes - municipalities.keys())
        if absent:
            raise CbsTableError([f"gemeente {code} staat niet in de tabel" for code in absent])
    return municipalities


def _row_problems(row: dict[str, str]) -> list[str]:
    problems = []
    for column in COLUMNS:
        if not row.get(column) and column not in OPTIONAL_VALUES:
            problems.append(f"kolom {column} is leeg")
    if problems:
        return problems
    for column, limit in NAME_LIMITS.items():
        if len(row[column]) > limit:
            problems.append(f"{column} is langer dan {limit} tekens")
    gm, wk, bu = row["gemeentecode"], row["wijkcode"], row["buurtcode"]
    if not MUNICIPALITY_CODE.match(gm):
        problems.append(f"gemeentecode {gm!r} heeft niet de vorm GM1234")
    if not DISTRICT_CODE.match(wk):
        problems.append(f"wijkcode {wk!r} heeft niet de vorm WK123456")
    if not NEIGHBOURHOOD_CODE.match(bu):
        problems.append(f"buurtcode {bu!r} heeft niet de vorm BU12345678")
    if problems:
        return problems
    if wk[2:6] != gm[2:6]:
        problems.append(f"wijk {wk} hoort niet bij gemeente {gm}")
    if bu[2:8] != wk[2:8]:
        problems.append(f"buurt {bu} hoort niet bij wijk {wk}")
    try:
        point = Point(lat=float(row["lat"]), lon=float(row["lon"]))
    except ValueError:
        problems.append("lat of lon is geen getal")
        return problems
    if not is_in_netherlands(point):
        problems.append(f"punt {point.lat}, {point.lon} ligt niet in Nederland")
    return problems
