import json

import pytest

from samenkracht.cli import main
from samenkracht.core.tests.budgeting_support import PABULIB_DIR, fixture, require_pabulib


def test_allocate_prints_json_with_the_selection(capsys):
    # given
    require_pabulib()
    path = PABULIB_DIR / "Netherlands_Assen_2024.pb"
    # when
    main(["allocate", str(path), "--rule", "mes-add1", "--json"])
    # then
    printed = json.loads(capsys.readouterr().out)
    assert printed["selected"] == sorted(fixture()["Netherlands_Assen_2024"]["mes_add1"])
    assert printed["spent"] == 76700
    assert isinstance(printed["seconds"], float)


def test_allocate_prints_one_id_per_line_sorted_as_text(capsys):
    # given
    require_pabulib()
    path = PABULIB_DIR / "Netherlands_Assen_2024.pb"
    # when
    main(["allocate", str(path), "--rule", "greedy"])
    # then
    assert capsys.readouterr().out.split() == ["11", "13", "14", "2", "3", "8", "9"]


def test_allocate_writes_a_spent_amount_with_cents_as_a_string(tmp_path, capsys):
    # given
    path = tmp_path / "cents.pb"
    path.write_text(
        "META\nkey;value\nbudget;10.50\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\n1;10.25\n"
        "VOTES\nvoter_id;vote\nv;1\n",
        encoding="utf-8",
    )
    # when
    main(["allocate", str(path), "--rule", "mes", "--json"])
    # then
    assert json.loads(capsys.readouterr().out)["spent"] == "10.25"


def test_allocate_refuses_a_bad_file_with_exit_code_2(tmp_path, capsys):
    # given
    path = tmp_path / "kapot.pb"
    path.write_text(
        "META\nkey;value\nbudget;veel\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote\nv;1\n",
        encoding="utf-8",
    )
    # when
    with pytest.raises(SystemExit) as caught:
        main(["allocate", str(path), "--rule", "mes"])
    # then
    captured = capsys.readouterr()
    assert caught.value.code == 2
    assert captured.out == ""
    assert "Regel 3: het budget 'veel' is geen getal." in captured.err


def test_allocate_refuses_an_unknown_rule(tmp_path, capsys):
    # when
    with pytest.raises(SystemExit) as caught:
        main(["allocate", str(tmp_path / "x.pb"), "--rule", "borda"])
    # then
    assert caught.value.code == 2
    assert "unknown rule 'borda'" in capsys.readouterr().err
