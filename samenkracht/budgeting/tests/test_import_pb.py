"""`samenkracht import-pb FILE`: a Pabulib election becomes a closed round, or nothing at all."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samenkracht.budgeting.models import Ballot, BudgetRound, Phase, Proposal
from samenkracht.cli import main
from samenkracht.people.tests.factories import MunicipalityFactory, NeighbourhoodFactory

pytestmark = pytest.mark.django_db

GOOD = """META
key;value
description;Buurtbudget Testbuurt
country;Netherlands
unit;Amersfoort
instance;2025
num_projects;3
num_votes;4
budget;10000
vote_type;approval
rule;greedy
date_begin;01.03.2025
date_end;15.03.2025
PROJECTS
project_id;cost;votes;name;selected
1;6000;3;Speeltuin;1
2;4000;2;Bankjes;1
3;5000;1;Moestuin;0
VOTES
voter_id;vote;age
a1;1,2;34
a2;1;71
a3;1,3;45
a4;2;29
"""


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # A command run from the command line closes every connection when it ends.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


@pytest.fixture
def pb_file(tmp_path):
    def write(text: str):
        path = tmp_path / "verkiezing.pb"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_a_good_file_becomes_a_closed_round_with_anonymous_ballots(pb_file, capsys):
    # given
    neighbourhood = NeighbourhoodFactory()
    # when
    main(
        [
            "import-pb",
            str(pb_file(GOOD)),
            "--municipality",
            "GM0307",
            "--neighbourhood",
            neighbourhood.code,
            "--no-result",
        ]
    )
    # then
    budget_round = BudgetRound.objects.get()
    assert budget_round.title == "Buurtbudget Testbuurt 2025"
    assert budget_round.amount == Decimal("10000")
    assert budget_round.rule == BudgetRound.Rule.GREEDY
    assert budget_round.ballot_type == BudgetRound.BallotType.APPROVAL
    assert budget_round.applied_phase == Phase.RESULTS
    assert list(budget_round.neighbourhoods.all()) == [neighbourhood]
    assert budget_round.source_meta["unit"] == "Amersfoort"
    proposals = {p.source_id: p for p in Proposal.objects.all()}
    assert {key: (p.title, p.estimated_cost, p.status) for key, p in proposals.items()} == {
        "1": ("Speeltuin", Decimal("6000"), Proposal.Status.ON_BALLOT),
        "2": ("Bankjes", Decimal("4000"), Proposal.Status.ON_BALLOT),
        "3": ("Moestuin", Decimal("5000"), Proposal.Status.ON_BALLOT),
    }
    ballots = list(Ballot.objects.order_by("public_number"))
    assert [b.public_number for b in ballots] == [1, 2, 3, 4]
    assert ballots[0].choices == [[proposals["1"].pk, None], [proposals["2"].pk, None]]
    assert "Ingelezen: Buurtbudget Testbuurt 2025" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (GOOD.replace("key;value", "sleutel;waarde"), "Regel 2:"),
        (GOOD.replace("a3;1,3;45", "a3;1,9;45"), "Regel 23:"),
        (GOOD.replace("2;4000;2;Bankjes;1", "2;-4000;2;Bankjes;1"), "Regel 17:"),
        (GOOD.replace("budget;10000", "budget;tienduizend"), "Regel 9:"),
        (GOOD.split("VOTES")[0], "VOTES"),
    ],
)
def test_a_malformed_file_names_the_line_and_imports_nothing(pb_file, text, line):
    NeighbourhoodFactory()
    with pytest.raises(CommandError) as error:
        call_command("import_pb", str(pb_file(text)), municipality="GM0307", no_result=True)
    assert line in str(error.value)
    assert BudgetRound.objects.exists() is False
    assert Proposal.objects.exists() is False
    assert Ballot.objects.exists() is False


def test_a_file_that_is_too_big_is_refused_before_reading(pb_file, monkeypatch):
    NeighbourhoodFactory()
    monkeypatch.setattr("samenkracht.budgeting.management.commands.import_pb.MAX_BYTES", 100)
    with pytest.raises(CommandError) as error:
        call_command("import_pb", str(pb_file(GOOD)), municipality="GM0307", no_result=True)
    assert "de grens is 100 bytes" in str(error.value)
    assert BudgetRound.objects.exists() is False


def test_an_unknown_municipality_or_buurt_is_refused(pb_file):
    MunicipalityFactory()
    with pytest.raises(CommandError, match="Onbekende gemeente: GM9999"):
        call_command("import_pb", str(pb_file(GOOD)), municipality="GM9999")
    with pytest.raises(CommandError, match="Onbekende buurt"):
        call_command(
            "import_pb", str(pb_file(GOOD)), municipality="GM0307", neighbourhood=["BU99999999"]
        )
    assert BudgetRound.objects.exists() is False


def test_a_project_number_too_long_to_store_is_refused_and_nothing_imported(pb_file):
    # given a file whose project ids are longer than the 64 characters kept per proposal
    NeighbourhoodFactory()
    long_id = "9" * 65
    text = GOOD.replace("\n3;5000;1;Moestuin;0", f"\n{long_id};5000;1;Moestuin;0").replace(
        "a3;1,3;45", f"a3;1,{long_id};45"
    )
    # when / then
    with pytest.raises(CommandError) as error:
        call_command("import_pb", str(pb_file(text)), municipality="GM0307", no_result=True)
    assert "langer dan 64 tekens" in str(error.value)
    assert BudgetRound.objects.exists() is False
    assert Proposal.objects.exists() is False
