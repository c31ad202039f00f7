from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.checks import check
from sydnarke_tui.core.model import Key, KeyShare, Kind, LineValue, OperatingLine, Year
from sydnarke_tui.io.errors import FileFormatError
from sydnarke_tui.io.export_csv import write_csv_table
from sydnarke_tui.io.import_table import plan_table_import
from sydnarke_tui.io.imports import is_sie, parse_object_filter, plan_import
from sydnarke_tui.io.exports import render_report, write_report
from sydnarke_tui.io.sie import tokenize
from sydnarke_tui.io.toml_io import load_year_toml


def test_render_every_format(demo_computed):
    d = json.loads(render_report(demo_computed, "json"), parse_float=Decimal)
    assert d["summary"]["verdict"] == "partly"
    assert render_report(demo_computed, "markdown").startswith("# ")
    assert "<!DOCTYPE html>" in render_report(demo_computed, "HTML")
    assert load_year_toml(render_report(demo_computed, "toml")).year == 2019
    assert render_report(demo_computed, "xlsx")[:2] == b"PK"
    assert render_report(demo_computed, "csv", table="drift").startswith("Slagtext;")
    with pytest.raises(FileFormatError, match="kräver en tabell"):
        render_report(demo_computed, "csv")
    with pytest.raises(FileFormatError, match="Okänt format 'odt'"):
        render_report(demo_computed, "odt")


def test_write_every_format(demo_computed, tmp_path):
    for fmt in ("json", "md", "html", "toml", "xlsx"):
        (p,) = write_report(demo_computed, fmt, tmp_path / f"r.{fmt}")
        assert p.stat().st_size > 100
    assert len(write_report(demo_computed, "csv", tmp_path / "csv")) == 5
    (one,) = write_report(demo_computed, "csv", tmp_path / "m.csv", table="mal")
    assert one.read_bytes().startswith(b"\xef\xbb\xbf")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb["Drift"]["C2"].value == 0
    with pytest.raises(FileFormatError, match="kan inte skriva"):
        write_report(demo_computed, "json", tmp_path / "saknas" / "r.json")


def test_plan_import_dispatches(tmp_path, demo_year):
    sie = tmp_path / "bok.txt"
    sie.write_bytes(b'#FLAGGA 0\n#SIETYP 4\n#RAR 0 20190101 20191231\n#RES 0 5010 100.00\n')
    mp = tmp_path / "map.toml"
    mp.write_text('[[line]]\nlabel = "Personalkostnader"\nkind = "cost"\naccounts = "5000-5999"\n', encoding="utf-8")
    plan = plan_import(demo_year, sie, "helar", mapping=mp)
    assert plan.year.operating[2].values["helar"].outcome == 100 and plan.reconciliation
    csvp = tmp_path / "t.csv"
    csvp.write_text("Rad;Budget\nLöner;5\n", encoding="utf-8")
    assert plan_import(Year(2019), csvp, "helar").year.operating[0].budget == 5000
    with pytest.raises(FileFormatError, match="gäller bara SIE-filer"):
        plan_import(Year(2019), csvp, "helar", object_filter=("1", "5100"))
    with pytest.raises(FileFormatError, match="kan inte läsa filen"):
        plan_import(Year(2019), tmp_path / "nej.csv", "helar")
    assert is_sie("x.SE", b"") and is_sie("x", b"\xef\xbb\xbf#FLAGGA 0") and not is_sie("x.csv", b"Rad;Budget")


def test_parse_object_filter():
    assert parse_object_filter("1:5100") == ("1", "5100")
    assert parse_object_filter('1 "5100"') == ("1", "5100")
    with pytest.raises(FileFormatError, match="inget objektfilter"):
        parse_object_filter("5100")


# ------------------------------------------------------------ properties

labels = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ ,.-&|<>[]'\"=", min_size=1, max_size=20).map(str.strip).filter(
    lambda s: bool(s) and not s.lower().startswith(("totalt", "summa", "total", "netto", "resultat", "årets", "varav"))
    and s[0] not in "'")
amounts = st.integers(min_value=-10**10, max_value=10**10)


def _keyed_year() -> Year:
    return Year(2019, key=Key("shares", [KeyShare("A", Decimal(60)), KeyShare("B", Decimal(40))]))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(labels, st.sampled_from([Kind.REVENUE, Kind.COST]), amounts, amounts), min_size=1,
                max_size=8, unique_by=lambda t: " ".join(t[0].split()).casefold()))
def test_exported_operating_table_reimports_exactly(tmp_path_factory, rows):
    """Export the operating table as CSV (kr), import it into an empty year: same lines, same figures."""
    y = _keyed_year()
    for i, (label, kind, budget, outcome) in enumerate(rows, start=1):
        y.operating.append(OperatingLine(i, label, kind, budget, {"helar": LineValue(outcome)}))
    c = compute(y, y.full_year_period)
    p = write_csv_table(c, "drift", tmp_path_factory.mktemp("rt") / "drift.csv")
    plan = plan_table_import(_keyed_year(), p, "helar")
    got = compute(plan.year, plan.year.full_year_period)
    # the table lists revenues first, then costs
    order = sorted(range(len(rows)), key=lambda i: rows[i][1] is Kind.COST)
    assert [(ln.label, ln.kind) for ln in plan.year.operating] == [(" ".join(rows[i][0].split()), rows[i][1]) for i in order]
    assert [f for _, f in got.operating.lines] == [c.operating.lines[i][1] for i in order]
    assert (got.operating.revenue, got.operating.cost, got.operating.net) == (c.operating.revenue, c.operating.cost, c.operating.net)
    assert not [f for f in check(got) if f.severity.value == "error"]  # the printed totals agree


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"), max_size=30))
def test_sie_quoted_fields_round_trip(s):
    quoted = '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    toks = tokenize(f"#FNAMN {quoted}   ", 1)
    assert toks[1] == s


def test_cfg_is_duck_typed_and_explicit_args_win(tmp_path, demo_year):
    from types import SimpleNamespace

    cfg = SimpleNamespace(input_unit="kr", sie=SimpleNamespace(
        lines=[SimpleNamespace(label="Personalkostnader", kind="cost", accounts=["5000-5999"])],
        object_dim=None, object_id=None))
    t = tmp_path / "t.csv"
    t.write_text("Rad;Budget\nLöner;5\n", encoding="utf-8")
    assert plan_import(Year(2019), t, "helar", cfg).year.operating[0].budget == 5
    assert plan_import(Year(2019), t, "helar", cfg, unit="tkr").year.operating[0].budget == 5000
    sie = tmp_path / "b.se"
    sie.write_bytes(b'#FLAGGA 0\n#OBJEKT 1 "5100" "IT"\n#PSALDO 0 201903 5010 {1 "5100"} 7.00\n#RES 0 5010 100.00\n')
    plan = plan_import(demo_year, sie, "helar", cfg)
    assert plan.year.operating[2].values["helar"].outcome == 100
    plan = plan_import(demo_year, sie, "helar", cfg, object_filter="1:5100")
    assert plan.year.operating[2].values["helar"].outcome == 7


def test_write_report_to_stdout_and_unit(demo_computed):
    import io as _io

    buf = _io.StringIO()
    assert write_report(demo_computed, "csv", None, table="drift", stdout=buf) == []
    assert buf.getvalue().startswith("Slagtext;")
    buf = _io.StringIO()
    write_report(demo_computed, "md", None, unit="kr", stdout=buf)
    assert "### Driftredovisning (kr)" in buf.getvalue() and "| Databehandling, licenser | 5 250 000 | 6 966 948 | -1 716 948 |" in buf.getvalue()
    with pytest.raises(FileFormatError, match="xlsx skrivs till en fil"):
        write_report(demo_computed, "xlsx", None)
    with pytest.raises(FileFormatError, match="Okänd enhet"):
        write_report(demo_computed, "md", None, unit="mkr!")
