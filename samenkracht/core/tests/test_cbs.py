import io
from pathlib import Path

import pytest

from samenkracht.core.cbs import CbsTableError, parse_cbs_table

HEADER = "buurtcode,buurtnaam,wijkcode,wijknaam,gemeentecode,gemeentenaam,lat,lon\n"
SHARED_TABLE = (
    Path(__file__).resolve().parents[3].parent / "shared" / "data" / "cbs" / "buurten_2014.csv"
)
BUILTIN_TABLE = (
    Path(__file__).resolve().parents[2] / "people" / "data" / "cbs_gm0307_amersfoort.csv"
)


def _parse(text, **kwargs):
    return parse_cbs_table(io.StringIO(HEADER + text), **kwargs)


def test_parse_groups_buurten_under_wijken_and_gemeenten():
    # given
    text = (
        "BU03070100,Hof,WK030701,Wijk 01 Stadskern,GM0307,Amersfoort,52.15707,5.38998\n"
        "BU03070101,Nieuwstraat,WK030701,Wijk 01 Stadskern,GM0307,Amersfoort,52.1557,5.39152\n"
    )
    # when
    result = _parse(text)
    # then
    district = result["GM0307"].districts["WK030701"]
    assert result["GM0307"].name == "Amersfoort"
    assert [n.code for n in district.neighbourhoods] == ["BU03070100", "BU03070101"]
    assert district.point.lat == pytest.approx(52.156385, abs=1e-5)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            "BU0307010,Hof,WK030701,W,GM0307,Amersfoort,52.1,5.3",
            "buurtcode 'BU0307010' heeft niet de vorm BU12345678",
        ),
        (
            "BU03080100,Hof,WK030801,W,GM0307,Amersfoort,52.1,5.3",
            "wijk WK030801 hoort niet bij gemeente GM0307",
        ),
        (
            "BU03070200,Hof,WK030701,W,GM0307,Amersfoort,52.1,5.3",
            "buurt BU03070200 hoort niet bij wijk WK030701",
        ),
        (
            "BU03070100,Hof,WK030701,W,GM0307,Amersfoort,48.85,2.35",
            "punt 48.85, 2.35 ligt niet in Nederland",
        ),
        ("BU03070100,Hof,WK030701,W,GM0307,Amersfoort,noord,5.3", "lat of lon is geen getal"),
        ("BU03070100,,WK030701,W,GM0307,Amersfoort,52.1,5.3", "kolom buurtnaam is leeg"),
        (
            f"BU03070100,{'x' * 151},WK030701,W,GM0307,Amersfoort,52.1,5.3",
            "buurtnaam is langer dan 150 tekens",
        ),
    ],
)
def test_parse_rejects_bad_rows_with_line_numbers(row, problem):
    with pytest.raises(CbsTableError) as error:
        _parse(row + "\n")
    assert error.value.problems == [f"regel 2: {problem}"]


def test_parse_rejects_missing_columns():
    with pytest.raises(CbsTableError) as error:
        parse_cbs_table(io.StringIO("buurtcode,buurtnaam\nBU03070100,Hof\n"))
    assert error.value.problems == [
        "kolommen ontbreken: wijkcode, wijknaam, gemeentecode, gemeentenaam, lat, lon"
    ]


def test_parse_rejects_duplicate_buurtcode():
    row = "BU03070100,Hof,WK030701,W,GM0307,Amersfoort,52.1,5.3\n"
    with pytest.raises(CbsTableError) as error:
        _parse(row + row)
    assert error.value.problems == ["regel 3: buurtcode BU03070100 komt twee keer voor"]


def test_parse_reports_an_unknown_municipality_filter():
    with pytest.raises(CbsTableError) as error:
        _parse(
            "BU03070100,Hof,WK030701,W,GM0307,Amersfoort,52.1,5.3\n",
            municipality_codes=frozenset({"GM9999"}),
        )
    assert error.value.problems == ["gemeente GM9999 staat niet in de tabel"]


def test_builtin_amersfoort_table_has_31_wijken_and_145_buurten():
    with BUILTIN_TABLE.open(encoding="utf-8") as lines:
        result = parse_cbs_table(lines)
    assert list(result) == ["GM0307"]
    districts = result["GM0307"].districts
    assert len(districts) == 31
    assert sum(len(d.neighbourhoods) for d in districts.values()) == 145


def test_the_whole_dutch_table_parses():
    if not SHARED_TABLE.exists():
        pytest.skip(f"gedeelde data ontbreekt: {SHARED_TABLE}")
    with SHARED_TABLE.open(encoding="utf-8") as lines:
        result = parse_cbs_table(lines)
    assert (
        sum(len(d.neighbourhoods) for m in result.values() for d in m.districts.values()) == 12005
    )
    assert result["GM0307"].name == "Amersfoort"


def test_an_empty_municipality_name_falls_back_to_its_code():
    result = _parse("BU02650000,Millingen,WK026500,Wijk 00,GM0265,,51.86462,6.04548\n")
    assert result["GM0265"].name == "GM0265"
