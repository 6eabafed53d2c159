import dataclasses
import os
import pathlib
from fractions import Fraction

import pytest

from samenkracht.core.budgeting import (
    Ballot,
    Instance,
    PbError,
    Project,
    parse_pb,
    read_pb,
    write_pb,
)
from samenkracht.core.budgeting.election import compile_instance
from samenkracht.core.tests.budgeting_support import PB_NAMES, pabulib_instance, require_pabulib

GOOD = """META
key;value
description;Test
num_projects;3
num_votes;3
budget;100
vote_type;approval
PROJECTS
project_id;cost;name;category
1;50;Speeltuin;natuur
2;30.0;"Bankjes ""rond"" het plein";
10;20;Moestuin;natuur
VOTES
voter_id;vote;age
a;1,2;34
b;10;
c;;71
"""


def _error(text):
    with pytest.raises(PbError) as caught:
        parse_pb(text)
    return caught.value


def _replace(old, new):
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def test_parse_reads_meta_projects_and_ballots_exactly():
    # when
    instance = parse_pb(GOOD)
    # then
    assert instance.budget == Fraction(100)
    assert instance.meta["description"] == "Test"
    assert instance.projects[1] == Project(
        id="2", cost=Fraction(30), name='Bankjes "rond" het plein', extra={}
    )
    assert instance.projects[2].extra == {"category": "natuur"}
    assert instance.ballots == (
        Ballot(voter_id="a", approved=("1", "2"), extra={"age": "34"}),
        Ballot(voter_id="b", approved=("10",)),
        Ballot(voter_id="c", approved=(), extra={"age": "71"}),
    )


def test_parse_accepts_lines_and_a_byte_order_mark():
    # given
    lines = ("\ufeff" + GOOD).splitlines()
    # when
    instance = parse_pb(lines)
    # then
    assert instance == parse_pb(GOOD)


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("1000000", Fraction(1000000)),
        ("1000000.0", Fraction(1000000)),
        ("2572946,76", Fraction("2572946.76")),
    ],
)
def test_parse_keeps_amounts_exact(written, amount):
    # when
    instance = parse_pb(_replace("budget;100", f"budget;{written}"))
    # then
    assert instance.budget == amount


def test_parse_keeps_points_of_cumulative_ballots():
    # given
    text = _replace("vote_type;approval", "vote_type;cumulative").replace(
        "voter_id;vote;age\na;1,2;34\nb;10;\nc;;71", "voter_id;vote;points\na;1,2;3,2\nb;10;5\nc;;"
    )
    # when
    instance = parse_pb(text)
    # then
    assert [(b.approved, b.points) for b in instance.ballots] == [
        (("1", "2"), (3, 2)),
        (("10",), (5,)),
        ((), ()),
    ]


def test_parse_counts_a_project_listed_twice_on_an_approval_ballot_once():
    # when
    instance = parse_pb(_replace("a;1,2;34", "a;1,2,1;34"))
    # then
    assert instance.ballots[0].approved == ("1", "2")


def test_parse_keeps_every_approval_as_a_project_position():
    # when: ballot a lists project 1 twice
    instance = parse_pb(_replace("a;1,2;34", "a;1,2,1;34"))
    # then
    approvals = instance.approvals
    assert approvals is not None
    assert approvals.describe(instance.projects, instance.ballots)
    assert approvals.positions.tolist() == [0, 1, 2]
    assert approvals.lengths.tolist() == [2, 1, 0]


def test_positions_of_other_ballots_are_ignored():
    # given: an instance whose ballots were replaced after reading
    instance = dataclasses.replace(
        parse_pb(GOOD), ballots=(Ballot(voter_id="z", approved=("2", "10", "2")),)
    )
    # when
    election = compile_instance(instance)
    # then
    assert election.voters == 1
    assert election.counts.tolist() == [0, 1, 1]


@pytest.mark.parametrize("name", PB_NAMES)
def test_positions_from_the_reader_compile_as_the_ids_do(name):
    # given
    require_pabulib()
    instance = pabulib_instance(name)
    by_id = dataclasses.replace(instance, approvals=None)
    # when
    election, expected = compile_instance(instance), compile_instance(by_id)
    # then
    assert election.start.tolist() == expected.start.tolist()
    assert election.supporters.tolist() == expected.supporters.tolist()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            _replace("key;value", "sleutel;waarde"),
            2,
            "de kopregel van META moet 'key' en 'value' hebben",
        ),
        (
            _replace("project_id;cost;name;category\n", ""),
            9,
            "de kopregel van PROJECTS moet 'project_id' en 'cost' hebben",
        ),
        (GOOD.split("VOTES")[0], 12, "het bestand eindigt zonder de sectie VOTES."),
        (
            _replace("a;1,2;34", "a;1,7;34"),
            15,
            "project '7' in de stem van kiezer 'a' bestaat niet.",
        ),
        (_replace("1;50;", "1;-50;"), 10, "project '1' heeft een negatief bedrag '-50'."),
        (
            _replace("1;50;", "1;vijftig;"),
            10,
            "het bedrag 'vijftig' van project '1' is geen getal.",
        ),
        (_replace("budget;100", "budget;honderd"), 6, "het budget 'honderd' is geen getal."),
        (_replace("10;20;", "2;20;"), 12, "project '2' komt twee keer voor (eerder op regel 11)."),
        (_replace("c;;71", "a;;71"), 17, "kiezer 'a' komt twee keer voor (eerder op regel 15)."),
        (_replace("b;10;", "b;10"), 16, "2 velden, maar de kopregel van VOTES heeft er 3."),
        (_replace("META\n", ""), 1, "verwacht de sectie META"),
        (_replace("vote_type;approval", "vote_type;choose-1"), 15, "kiezer 'a' kiest 2 projecten"),
    ],
)
def test_parse_names_the_line_of_bad_input(text, line, message):
    # when
    error = _error(text)
    # then
    assert error.line == line
    assert str(error).startswith(f"Regel {line}: ")
    assert message in str(error)


def test_read_refuses_a_file_over_the_limit_before_reading_it(tmp_path, monkeypatch):
    # given
    path = tmp_path / "groot.pb"
    with path.open("wb") as handle:
        handle.truncate(500 * 1024 * 1024)

    def read_bytes(self):
        raise AssertionError("the file was read")

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    # when
    with pytest.raises(PbError) as caught:
        read_pb(path)
    # then
    assert str(caught.value) == (
        "Bestand 'groot.pb' is 524,288,000 bytes; de grens is 209,715,200 bytes."
    )
    assert os.path.getsize(path) == 500 * 1024 * 1024


def test_read_honours_a_smaller_limit(tmp_path):
    # given
    path = tmp_path / "klein.pb"
    path.write_text(GOOD, encoding="utf-8")
    # when
    with pytest.raises(PbError) as caught:
        read_pb(path, max_bytes=100)
    # then
    assert "de grens is 100 bytes" in str(caught.value)


def test_read_names_the_line_of_bytes_that_are_not_utf8(tmp_path):
    # given
    path = tmp_path / "latin1.pb"
    path.write_bytes(GOOD.replace("Speeltuin", "Speeltuin é").encode("latin-1"))
    # when
    with pytest.raises(PbError) as caught:
        read_pb(path)
    # then
    assert caught.value.line == 10


def test_write_round_trips_an_instance_built_in_code():
    # given
    instance = Instance(
        budget=Fraction("1234.5"),
        projects=(
            Project(id="9", cost=Fraction(100), name="A; B"),
            Project(id="10", cost=Fraction(0)),
        ),
        ballots=(
            Ballot(voter_id="1", approved=("10", "9"), extra={"sex": "F"}),
            Ballot(voter_id="2", approved=()),
        ),
        meta={"vote_type": "approval", "budget": "1234.5", "num_projects": "2", "num_votes": "2"},
    )
    # when
    text = write_pb(instance)
    # then
    assert parse_pb(text) == instance


@pytest.mark.parametrize("name", PB_NAMES)
def test_every_shared_file_round_trips(name):
    # given
    require_pabulib()
    instance = pabulib_instance(name)
    # when
    again = parse_pb(write_pb(instance))
    # then
    assert again == instance
