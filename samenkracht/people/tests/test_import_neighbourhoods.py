from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from samenkracht.people.models import District, Municipality, Neighbourhood
from samenkracht.people.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

SHARED_TABLE = Path(__file__).resolve().parents[4] / "shared" / "data" / "cbs" / "buurten_2014.csv"
HEADER = "buurtcode,buurtnaam,wijkcode,wijknaam,gemeentecode,gemeentenaam,lat,lon\n"


def test_builtin_import_creates_amersfoort():
    call_command("import_neighbourhoods", "--builtin")
    assert Municipality.objects.get().name == "Amersfoort"
    assert District.objects.count() == 31
    assert Neighbourhood.objects.count() == 145
    hof = Neighbourhood.objects.get(code="BU03070100")
    assert (hof.name, hof.district.code, hof.latitude, hof.longitude) == (
        "Hof",
        "WK030701",
        52.15707,
        5.38998,
    )


def test_reimport_updates_names_by_code_and_keeps_residents(tmp_path):
    # given
    call_command("import_neighbourhoods", "--builtin")
    resident = ResidentFactory(neighbourhood=Neighbourhood.objects.get(code="BU03070100"))
    table = tmp_path / "2025.csv"
    table.write_text(
        HEADER + "BU03070100,Hof en Groenmarkt,WK030701,Stadskern,GM0307,Amersfoort,52.157,5.39\n"
    )
    # when
    call_command("import_neighbourhoods", str(table))
    # then
    resident.refresh_from_db()
    assert resident.neighbourhood.name == "Hof en Groenmarkt"
    assert Neighbourhood.objects.count() == 145


def test_import_of_a_bad_table_writes_nothing(tmp_path):
    table = tmp_path / "fout.csv"
    table.write_text(
        HEADER
        + "BU03070100,Hof,WK030701,Stadskern,GM0307,Amersfoort,52.157,5.39\n"
        + "BU0307XX01,Fout,WK030701,Stadskern,GM0307,Amersfoort,52.157,5.39\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("import_neighbourhoods", str(table))
    assert "regel 3: buurtcode 'BU0307XX01' heeft niet de vorm BU12345678" in str(error.value)
    assert Neighbourhood.objects.exists() is False


def test_import_needs_a_file_or_builtin():
    with pytest.raises(CommandError):
        call_command("import_neighbourhoods")
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        call_command("import_neighbourhoods", "/bestaat/niet.csv")


def test_a_municipality_imports_its_own_part_of_the_national_table():
    if not SHARED_TABLE.exists():
        pytest.skip(f"gedeelde data ontbreekt: {SHARED_TABLE}")
    call_command(
        "import_neighbourhoods",
        str(SHARED_TABLE),
        "--municipality",
        "GM0307",
        "--municipality",
        "GM0344",
    )
    assert sorted(Municipality.objects.values_list("code", flat=True)) == ["GM0307", "GM0344"]
    assert Neighbourhood.objects.filter(district__municipality__code="GM0307").count() == 145
