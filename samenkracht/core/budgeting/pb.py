"""Reading and writing Pabulib `.pb` files (https://pabulib.org/format).

A file has three sections, in this order, each introduced by a line holding only its name
and followed by a header line: META (`key;value`), PROJECTS (`project_id;cost;...`) and
VOTES (`voter_id;vote;...`). Fields are separated by `;` and quoted as in CSV.

The reader is strict: a file that cannot be read unambiguously is refused as a whole with
a Dutch message that names the line, before anything is computed from it. Amounts are
kept as exact fractions ("1000000", "1000000.0" and "2572946,76" are all accepted).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from samenkracht.core.budgeting.model import Approvals, Ballot, Instance, Project

if TYPE_CHECKING:
    from _csv import _reader

#: Files above this size are refused before they are read.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024

SECTIONS = ("meta", "projects", "votes")
VOTE_TYPES = ("approval", "choose-1", "cumulative", "ordinal", "scoring")
# Ballots of these types carry points, one per project on the ballot.
POINTS_VOTE_TYPES = ("cumulative", "scoring")
# A project listed twice on an approval ballot still counts once (Amsterdam 604 has such a
# ballot); on a ballot with points or ranks a repeat is ambiguous and therefore refused.
REPEAT_TOLERANT_VOTE_TYPES = ("approval", "choose-1")
REQUIRED_COLUMNS = {
    "meta": ("key", "value"),
    "projects": ("project_id", "cost"),
    "votes": ("voter_id", "vote"),
}
NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
NATURAL = re.compile(r"^\d+$")


class PbError(ValueError):
    """The file is not a Pabulib file this reader accepts; the message says where and why."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message if line is None else f"Regel {line}: {message}")
        self.line = line


def read_pb(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Instance:
    """Read a `.pb` file, refusing files larger than `max_bytes` before reading them."""
    try:
        size = os.stat(path).st_size
    except OSError as error:
        raise PbError(
            f"Bestand {os.fspath(path)!r} kan niet worden gelezen ({error.strerror})."
        ) from error
    if size > max_bytes:
        raise PbError(
            f"Bestand {Path(path).name!r} is {size:,} bytes; de grens is {max_bytes:,} bytes."
        )
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise PbError(
            f"Bestand {os.fspath(path)!r} kan niet worden gelezen ({error.strerror})."
        ) from error
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PbError("de tekst is geen geldige UTF-8.", line=line) from error
    return parse_pb(text)


def parse_pb(source: str | Iterable[str]) -> Instance:
    """Parse the text of a `.pb` file, given as one string or as lines."""
    if isinstance(source, str):
        reader = csv.reader(io.StringIO(source.removeprefix("\ufeff"), newline=""), delimiter=";")
    else:
        reader = csv.reader(_without_bom(source), delimiter=";")
    return _Parser(reader).parse()


def write_pb(instance: Instance) -> str:
    """Write an instance as the text of a `.pb` file.

    `parse_pb(write_pb(x)) == x` whenever `x.meta` already holds `budget`, `vote_type`,
    `num_projects` and `num_votes` as written here, which is true of every instance that
    `parse_pb` returns; otherwise those META keys are added. Values in `extra` must not be
    empty strings (an empty cell reads back as "no value").
    """
    ballots = instance.ballots
    vote_type = instance.meta.get("vote_type") or (
        "cumulative" if any(b.points is not None for b in ballots) else "approval"
    )
    meta = dict(instance.meta)
    if _parse_amount_or_none(meta.get("budget", "")) != instance.budget:
        meta["budget"] = format_amount(instance.budget)
    meta["vote_type"] = vote_type
    meta.setdefault("num_projects", str(len(instance.projects)))
    meta.setdefault("num_votes", str(len(ballots)))

    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    writer.writerows(meta.items())

    writer.writerow(["PROJECTS"])
    has_name = any(p.name for p in instance.projects)
    project_columns = _columns(p.extra for p in instance.projects)
    writer.writerow(["project_id", "cost", *(["name"] if has_name else []), *project_columns])
    for project in instance.projects:
        writer.writerow(
            [
                project.id,
                format_amount(project.cost),
                *([project.name] if has_name else []),
                *(project.extra.get(column, "") for column in project_columns),
            ]
        )

    writer.writerow(["VOTES"])
    has_points = vote_type in POINTS_VOTE_TYPES
    vote_columns = _columns(b.extra for b in ballots)
    writer.writerow(["voter_id", "vote", *(["points"] if has_points else []), *vote_columns])
    for ballot in ballots:
        points = ",".join(str(p) for p in ballot.points or ()) if has_points else None
        writer.writerow(
            [
                ballot.voter_id,
                ",".join(ballot.approved),
                *([points] if points is not None else []),
                *(ballot.extra.get(column, "") for column in vote_columns),
            ]
        )
    return output.getvalue()


def format_amount(amount: Fraction) -> str:
    """Write an amount as a plain decimal number ("1000000", "2572946.76")."""
    if amount < 0:
        raise ValueError(f"negative amount {amount}")
    if amount.denominator == 1:
        return str(amount.numerator)
    rest, twos, fives = amount.denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    if rest != 1:
        raise ValueError(f"{amount} has no finite decimal expansion")
    digits = max(twos, fives)
    whole, decimals = divmod(amount.numerator * 10**digits // amount.denominator, 10**digits)
    return f"{whole}.{decimals:0{digits}d}"


def _parse_amount_or_none(text: str) -> Fraction | None:
    text = text.strip()
    if not NUMBER.match(text):
        return None
    return Fraction(text.replace(",", "."))


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    iterator = iter(lines)
    for first in iterator:
        yield first.removeprefix("\ufeff")
        break
    yield from iterator


def _columns(extras: Iterable[dict[str, str]]) -> list[str]:
    columns: dict[str, None] = {}
    for extra in extras:
        columns.update(dict.fromkeys(extra))
    return list(columns)


class _Parser:
    def __init__(self, reader: _reader) -> None:
        self.reader = reader
        self.meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        self.projects: dict[str, Project] = {}
        self.project_lines: dict[str, int] = {}
        self.ballots: list[Ballot] = []
        self.voter_lines: dict[str, int] = {}
        # Every approval as a project position, for `Approvals`.
        self.position_of: dict[str, int] = {}
        self.approved_positions: list[int] = []
        self.lengths: list[int] = []
        self.vote_column = 1
        self.points_column: int | None = None
        self.extra_columns: list[tuple[int, str]] = []

    @property
    def line(self) -> int:
        return self.reader.line_num

    def parse(self) -> Instance:
        seen: list[str] = []
        section = ""
        header: list[str] = []
        row_handler = self._meta_row
        for row in self.reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            name = row[0].strip().lower() if len(row) == 1 else ""
            if name in SECTIONS:
                section = self._enter_section(name, seen)
                header = self._header(section)
                row_handler = {"meta": self._meta_row, "projects": self._project_row}.get(
                    section, self._meta_row
                )
                if section == "votes":
                    self._columns_of_votes(header)
                continue
            if not section:
                raise PbError(
                    f"verwacht de sectie META, gevonden {';'.join(row)[:60]!r}.", line=self.line
                )
            if len(row) != len(header):
                raise PbError(
                    f"{len(row)} velden, maar de kopregel van {section.upper()} heeft er "
                    f"{len(header)}.",
                    line=self.line,
                )
            if section == "votes":
                # Votes are nearly all of a file: they skip the per-row dict.
                self._vote_row(row)
            else:
                row_handler(dict(zip(header, (cell.strip() for cell in row), strict=True)))
        missing = [s.upper() for s in SECTIONS if s not in seen]
        if missing:
            raise PbError(
                f"het bestand eindigt zonder de sectie {' en '.join(missing)}.", line=self.line
            )
        projects = tuple(self.projects.values())
        ballots = tuple(self.ballots)
        approvals = Approvals(
            projects=projects,
            ballots=ballots,
            positions=np.array(self.approved_positions, dtype=np.int64),
            lengths=np.array(self.lengths, dtype=np.int64),
        )
        return Instance(
            budget=self._budget(),
            projects=projects,
            ballots=ballots,
            meta=self.meta,
            approvals=approvals,
        )

    def _enter_section(self, name: str, seen: list[str]) -> str:
        expected = SECTIONS[len(seen)] if len(seen) < len(SECTIONS) else None
        if name in seen:
            raise PbError(f"de sectie {name.upper()} komt twee keer voor.", line=self.line)
        if name != expected:
            raise PbError(
                f"de sectie {name.upper()} staat op de verkeerde plaats; verwacht "
                f"{expected.upper() if expected else 'geen sectie meer'}.",
                line=self.line,
            )
        if name == "projects":
            self._budget()
            self._vote_type()
        seen.append(name)
        return name

    def _header(self, section: str) -> list[str]:
        row = next(self.reader, None)
        header = [cell.strip() for cell in row or ()]
        first, second = REQUIRED_COLUMNS[section]
        is_valid = (
            header == [first, second]
            if section == "meta"
            else header[:1] == [first] and second in header
        )
        if not is_valid:
            found = repr(";".join(row)[:60]) if row is not None else "het einde van het bestand"
            raise PbError(
                f"de kopregel van {section.upper()} moet {first!r} en {second!r} hebben, "
                f"gevonden {found}.",
                line=self.line,
            )
        if len(set(header)) != len(header) or "" in header:
            raise PbError(
                f"de kopregel van {section.upper()} heeft lege of dubbele kolomnamen.",
                line=self.line,
            )
        vote_type = self.meta.get("vote_type", "")
        if section == "votes" and vote_type in POINTS_VOTE_TYPES and "points" not in header:
            raise PbError(
                f"stemmen van het type {vote_type!r} hebben een kolom 'points' nodig.",
                line=self.line,
            )
        return header

    def _meta_row(self, row: dict[str, str]) -> None:
        key = row["key"]
        if not key:
            raise PbError("een META-regel zonder sleutel.", line=self.line)
        if key in self.meta:
            raise PbError(
                f"de META-sleutel {key!r} komt twee keer voor (eerder op regel "
                f"{self.meta_lines[key]}).",
                line=self.line,
            )
        self.meta[key] = row["value"]
        self.meta_lines[key] = self.line

    def _budget(self) -> Fraction:
        if "budget" not in self.meta:
            raise PbError("META heeft geen 'budget'.", line=self.line)
        text = self.meta["budget"]
        budget = _parse_amount_or_none(text)
        if budget is None:
            problem = "is negatief" if text.startswith("-") else "is geen getal"
            raise PbError(f"het budget {text!r} {problem}.", line=self.meta_lines["budget"])
        return budget

    def _vote_type(self) -> str:
        vote_type = self.meta.get("vote_type")
        if vote_type is None:
            raise PbError("META heeft geen 'vote_type'.", line=self.line)
        if vote_type not in VOTE_TYPES:
            raise PbError(
                f"onbekend vote_type {vote_type!r}; bekend zijn {', '.join(VOTE_TYPES)}.",
                line=self.meta_lines["vote_type"],
            )
        return vote_type

    def _project_row(self, row: dict[str, str]) -> None:
        project_id = row.pop("project_id")
        if not project_id or "," in project_id:
            raise PbError(f"project-id {project_id!r} is leeg of bevat een komma.", line=self.line)
        if project_id in self.projects:
            raise PbError(
                f"project {project_id!r} komt twee keer voor (eerder op regel "
                f"{self.project_lines[project_id]}).",
                line=self.line,
            )
        text = row.pop("cost")
        if text.startswith("-"):
            raise PbError(
                f"project {project_id!r} heeft een negatief bedrag {text!r}.", line=self.line
            )
        cost = _parse_amount_or_none(text)
        if cost is None:
            raise PbError(
                f"het bedrag {text!r} van project {project_id!r} is geen getal.", line=self.line
            )
        name = row.pop("name", "")
        self.projects[project_id] = Project(
            id=project_id, cost=cost, name=name, extra={k: v for k, v in row.items() if v}
        )
        self.project_lines[project_id] = self.line

    def _columns_of_votes(self, header: list[str]) -> None:
        self.vote_column = header.index("vote")
        has_points = self.meta["vote_type"] in POINTS_VOTE_TYPES
        self.points_column = header.index("points") if has_points else None
        special = {0, self.vote_column, self.points_column}
        self.extra_columns = [(i, name) for i, name in enumerate(header) if i not in special]
        self.position_of = {project_id: i for i, project_id in enumerate(self.projects)}

    def _vote_row(self, row: list[str]) -> None:
        voter_id = row[0].strip()
        if not voter_id:
            raise PbError("een stem zonder voter_id.", line=self.line)
        if voter_id in self.voter_lines:
            raise PbError(
                f"kiezer {voter_id!r} komt twee keer voor (eerder op regel "
                f"{self.voter_lines[voter_id]}).",
                line=self.line,
            )
        vote_type = self.meta["vote_type"]
        text = row[self.vote_column].strip()
        cast = [item.strip() for item in text.split(",")] if text else []
        try:
            # map() with a C-level callable: this is the reader's inner loop.
            positions = list(map(self.position_of.__getitem__, cast))
        except KeyError as error:
            raise PbError(
                f"project {error.args[0]!r} in de stem van kiezer {voter_id!r} bestaat niet.",
                line=self.line,
            ) from None
        approved = tuple(cast) if len(cast) < 2 else tuple(dict.fromkeys(cast))
        if len(approved) != len(cast):
            positions = list(dict.fromkeys(positions))
        if len(approved) != len(cast) and vote_type not in REPEAT_TOLERANT_VOTE_TYPES:
            raise PbError(
                f"de stem van kiezer {voter_id!r} noemt een project twee keer.", line=self.line
            )
        if vote_type == "choose-1" and len(approved) > 1:
            raise PbError(
                f"kiezer {voter_id!r} kiest {len(approved)} projecten; bij 'choose-1' is dat er "
                "hoogstens één.",
                line=self.line,
            )
        points: tuple[int, ...] | None = None
        if self.points_column is not None:
            points = self._points(row[self.points_column].strip(), voter_id, len(approved))
        extra = {name: value for i, name in self.extra_columns if (value := row[i].strip())}
        self.ballots.append(
            Ballot(voter_id=voter_id, approved=approved, points=points, extra=extra)
        )
        self.approved_positions += positions
        self.lengths.append(len(positions))
        self.voter_lines[voter_id] = self.line

    def _points(self, text: str, voter_id: str, count: int) -> tuple[int, ...]:
        items = [item.strip() for item in text.split(",")] if text else []
        if len(items) != count:
            raise PbError(
                f"kiezer {voter_id!r} geeft {len(items)} punten voor {count} projecten.",
                line=self.line,
            )
        for item in items:
            if not NATURAL.match(item):
                raise PbError(
                    f"de punten {item!r} van kiezer {voter_id!r} zijn geen geheel getal ≥ 0.",
                    line=self.line,
                )
        return tuple(int(item) for item in items)
