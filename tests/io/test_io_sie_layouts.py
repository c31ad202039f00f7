"""SIE layouts beside the seven programs: object combinations, per-dimension rows with vouchers, a fiscal
year across two calendar years, unclosed quotes, SIE 2 and 3, a BOM before a Windows-1252 body."""

from __future__ import annotations

import os
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sydnarke_tui.core.model import Year
from sydnarke_tui.io.errors import FileFormatError
from sydnarke_tui.io.sie import parse_sie, plan_sie_import, spread_months
from sydnarke_tui.io.sie_source import balances

from .sie_programs import (avendo, avendo_vouchers, bom_cp1252, fiscal_may_april, per_dimension_with_vouchers,
                           sie2, unclosed_quotes, vouchers)
from .test_io_sie_programs import MAPPING, _kr


def _pairs(objs: str) -> tuple[tuple[str, str], ...]:
    toks = objs.replace('"', "").split()
    return tuple(zip(toks[::2], toks[1::2]))


def _want(vs, months: int, filt: tuple[str, str] | None, lo: int = 3000, hi: int = 8989,
          first: tuple[int, int] = (2011, 1)) -> Decimal:
    """The vouchers' sum over result accounts lo..hi in fiscal months 1..months, for an object or all."""
    total = Decimal(0)
    for _s, _n, d, rows in vs:
        month = (int(d[:4]) - first[0]) * 12 + int(d[4:6]) - first[1] + 1
        for acct, objs, amt in rows:
            if lo <= int(acct) <= hi and 1 <= month <= months and (filt is None or filt in _pairs(objs)):
                total += Decimal(amt)
    return total


def _half_up(d: Decimal) -> int:
    return int(d.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def _outcome(plan, label: str, period: str) -> int:
    return next(ln.values[period].outcome for ln in plan.year.operating if ln.label == label)


AVENDO_OBJECTS = [None, ("1", "Nord"), ("1", "Syd"), ("6", "0001"), ("7", "4")]


@pytest.mark.parametrize("sietyp", ["3", "4E"])
@pytest.mark.parametrize("filt", AVENDO_OBJECTS)
def test_object_combinations_reconcile_at_t1_and_per_object(sietyp, filt):
    """Avendo: #PSALDO rows {7 4}, {1 Nord 7 4}, {1 Syd 7 4}, {1 Syd 6 0001 7 4} are separate parts, no {} row."""
    vs = avendo_vouchers()
    plan = plan_sie_import(Year(2011), avendo(sietyp), "t1", MAPPING, object_filter=filt)
    rec = "\n".join(plan.reconciliation)
    assert "Källa för utfall T1 2011: #PSALDO" in rec
    assert "Objektraderna i #PSALDO läses som kombinationer av objekt" in rec
    for label, lo, hi in (("Övriga intäkter", 3000, 3499), ("Personalkostnader", 5000, 5099)):
        assert _outcome(plan, label, "t1") == _half_up(_want(vs, 4, filt, lo, hi))
    want = _want(vs, 4, filt)
    assert f"importerat + omappat = {_kr(want)}. Stämmer." in rec
    if sietyp == "4E":  # the vouchers of the same months and object agree, to the öre
        assert "avgjort av verifikationerna" in rec
        assert re.search(r"Avstämning mot verifikationerna \(2011-01-01–2011-04-30, [^)]*\): #PSALDO och #TRANS "
                         rf"summerar båda till {re.escape(_kr(want))}\. Stämmer\.", rec), rec
    else:
        # no vouchers, no {}: rows of several objects without rows of their own objects are combinations
        assert "avgjort av radernas form" in rec and "Avstämning mot verifikationerna" not in rec
    assert "Stämmer inte" not in rec and not any("skiljer sig" in w for w in plan.warnings)


def test_avendo_january_3041_is_the_voucher_total():
    # the rows: -103 850 - 7 225 - 8 500 - 50 400 = -169 975 (the old reading kept only {7 4})
    sie = parse_sie(avendo("3"))
    jan = {filt: balances("#PSALDO", sie.psaldo, filt, keep=lambda b: b.period == "201101").by_account["3041"]
           for filt in AVENDO_OBJECTS}
    assert jan == {None: Decimal(-169975), ("1", "Nord"): Decimal(-7225), ("1", "Syd"): Decimal(-58900),
                   ("6", "0001"): Decimal(-50400), ("7", "4"): Decimal(-169975)}


def test_a_per_dimension_layout_is_found_by_the_vouchers():
    data = per_dimension_with_vouchers()
    vs = vouchers(['1 "10" 6 "A"', '1 "20" 6 "A"', '1 "10" 6 "B"'], months=range(1, 5))
    for filt in (None, ("1", "10"), ("6", "A"), ("6", "B")):
        plan = plan_sie_import(Year(2019), data, "t1", MAPPING, object_filter=filt)
        rec = "\n".join(plan.reconciliation)
        assert "läses som fördelningar per dimension" in rec and "avgjort av verifikationerna" in rec
        want = _want(vs, 4, filt, first=(2019, 1))
        assert f"summerar båda till {_kr(want)}. Stämmer." in rec, rec


def test_objects_used_but_not_declared_are_selectable():
    plan = plan_sie_import(Year(2011), avendo("4E"), "helar", MAPPING, object_filter=("6", "0001"))
    assert "objekt 0001 (dimension 6)" in plan.reconciliation[0]
    with pytest.raises(FileFormatError, match="objektet 0002 i dimension 6 finns inte i filen"):
        plan_sie_import(Year(2011), avendo("4E"), "helar", MAPPING, object_filter=("6", "0002"))


def test_a_fiscal_year_may_to_april_belongs_to_the_year_it_ends():
    data = fiscal_may_april()
    plan = plan_sie_import(Year(2020), data, "t1", MAPPING)
    rec = "\n".join(plan.reconciliation)
    assert "Räkenskapsår 2019-05-01–2020-04-30 (#RAR 0); T1 tar dess månader maj–augusti 2019." in rec
    assert any("inte ett kalenderår" in w and "räknas till 2020" in w and "maj–augusti 2019" in w
               for w in plan.warnings)
    psaldo = {}
    for m in re.finditer(r"#PSALDO 0 (\d{6}) (\d+) \{\} (-?[\d.]+)", data.decode("cp437")):
        psaldo[m.group(1)] = psaldo.get(m.group(1), Decimal(0)) + (Decimal(m.group(3)) if 3000 <= int(m.group(2))
                                                                  <= 8989 else 0)
    want = sum(v for p, v in psaldo.items() if "201905" <= p <= "201908")
    assert f"importerat + omappat = {_kr(want)}. Stämmer." in rec
    assert "#PSALDO och #TRANS summerar båda" in rec and "Stämmer inte" not in rec
    # the year before is #RAR -1, which ends in 2019: its #RES
    before = plan_sie_import(Year(2019), data, "helar", MAPPING)
    assert "Källa för utfall Helår 2019: #RES" in before.reconciliation[0]
    assert "(#RAR -1)" in "\n".join(before.reconciliation)
    assert not any("Stämmer inte" in r for r in before.reconciliation)
    assert not any("verifikationer är daterade utanför" in w for w in before.warnings)
    assert _outcome(before, "Personalkostnader", "helar") == _half_up(Decimal("2594188.98") * 11)
    with pytest.raises(FileFormatError, match=r"räkenskapsår .* är inte 2021: .* välj --year 2019, 2020"):
        plan_sie_import(Year(2021), data, "helar", MAPPING)


def test_monthly_pbudget_becomes_the_line_profile():
    plan = plan_sie_import(Year(2020), fiscal_may_april(), "helar", MAPPING)
    by = {ln.label: ln for ln in plan.year.operating}
    pers = by["Personalkostnader"]  # 5010 2 594 100,10 + 7690 88,88 a month, double in June and July
    assert pers.profile is not None and sum(pers.profile) == pers.budget
    month = Decimal("2594100.10") + Decimal("88.88")
    assert pers.budget == int((month * 14).quantize(Decimal(1)))
    assert pers.profile[1] == pers.profile[2] and pers.profile[1] in (int(2 * month), int(2 * month) + 1)
    assert all(sum(ln.profile) == ln.budget for ln in plan.year.operating if ln.profile)
    assert any("Personalkostnader › budget per månad (#PBUDGET)" in c for c in plan.changes)
    # one month only (Mamut writes the year's budget in January): a yearly budget, no profile
    from .sie_programs import mamut

    plan = plan_sie_import(Year(2019), mamut(), "helar", MAPPING)
    assert all(ln.profile is None for ln in plan.year.operating)
    assert any("#PBUDGET har bara månad januari 2019" in r for r in plan.reconciliation)


@given(st.lists(st.integers(-10**11, 10**11), min_size=12, max_size=12))
def test_property_spread_months_sums_to_the_rounded_year(ore):
    months = [Decimal(o) / 100 for o in ore]
    exact = sum(months, Decimal(0))
    total = _half_up(exact)
    parts = spread_months(months, total)
    assert sum(parts) == total
    assert all(abs(p - m) < 1 for p, m in zip(parts, months))


def test_unclosed_texts_and_a_budget_row_without_braces_are_warnings_with_their_lines():
    data = unclosed_quotes()
    lines = data.decode("cp437").split("\n")
    trans_line = next(i for i, ln in enumerate(lines, 1) if ln.endswith('"Löner januari'))
    brace_line = next(i for i, ln in enumerate(lines, 1) if ln.endswith("text}"))
    ver_line = next(i for i, ln in enumerate(lines, 1) if ln.endswith('"Verifikation') and "#VER" in ln)
    plan = plan_sie_import(Year(2019), data, "helar", MAPPING, file="edison.si")
    w = "\n".join(plan.warnings)
    assert f"edison.si, rad {trans_line}: #TRANS-radens text efter beloppet kunde inte läsas (citattecken saknar" in w
    assert f"edison.si, rad {brace_line}: #TRANS-radens text efter beloppet kunde inte läsas ('}}' utan" in w
    assert f"edison.si, rad {ver_line}: #VER-radens text efter datumet kunde inte läsas" in w
    assert "edison.si, rad 11: #PBUDGET saknar objektlistan {}" in w
    assert _outcome(plan, "Personalkostnader", "helar") > 0
    assert next(ln.budget for ln in plan.year.operating if ln.label == "Personalkostnader") == 1000
    # an unreadable amount still refuses, quote or not
    bad = data.replace(b'2594100.13 20190110 "L', b'2594100,13 20190110 "L')
    with pytest.raises(FileFormatError, match=rf"rad {trans_line}: '2594100,13' är inget belopp"):
        parse_sie(bad)
    with pytest.raises(FileFormatError, match="citattecken saknar"):
        parse_sie(data.replace(b'#TRANS 3010 {1 "100"}', b'#TRANS 3010 {1 "100}', 1))


def test_sie2_and_sie3_read_beside_sie4():
    s2 = parse_sie(sie2())
    assert s2.sietyp == "2" and not s2.vouchers and len(s2.psaldo) > 0
    plan = plan_sie_import(Year(2019), sie2(), "t1", MAPPING)
    assert "#PSALDO" in plan.reconciliation[0] and "Stämmer." in "\n".join(plan.reconciliation)
    assert all(ln.profile is None or sum(ln.profile) == ln.budget for ln in plan.year.operating)
    assert next(ln for ln in plan.year.operating if ln.label == "Driftbidrag").profile == (-7801750,) * 9 + (-7801751,) * 3
    s3 = parse_sie(avendo("3"))
    assert s3.sietyp == "3" and s3.vouchers == 0


def test_bom_before_a_windows_1252_body():
    s = parse_sie(bom_cp1252())
    assert s.encoding == "cp1252" and s.konto["5010"] == "Löner"
    note = next(w for w in s.warnings if "UTF-8-märke" in w)
    assert "lästes som Windows-1252" in note and "Namn som lästes:" in note and "Löner" in note


def test_pc8_chosen_without_evidence_says_so_with_names():
    data = b'#FLAGGA 0\n#SIETYP 4\n#KONTO 5010 "Kontor \xe1"\n#RES 0 5010 1.00\n'  # no Swedish letter at all
    s = parse_sie(data)
    assert s.encoding == "cp437"
    assert any("lästes som PC8" in w and "Kontor ß" in w for w in s.warnings)



def test_cli_import_says_the_line_of_an_unclosed_text_and_the_object_reading(tmp_path, db_path, capsys):
    from sydnarke_tui.cli import main

    f = tmp_path / "edison.si"
    f.write_bytes(unclosed_quotes())
    assert main(["import", str(f), "--year", "2019", "--dry-run", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    line = next(i for i, ln in enumerate(unclosed_quotes().decode("cp437").split("\n"), 1)
                if ln.endswith('"Löner januari'))
    assert f"Obs: edison.si, rad {line}: #TRANS-radens text efter beloppet kunde inte läsas" in out
    assert "Stämmer." in out and "Torrkörning" in out
    g = tmp_path / "avendo.se"
    g.write_bytes(avendo("4E"))
    main(["init", "--year", "2011", "--db", str(db_path)])
    assert main(["import", str(g), "--year", "2011", "--period", "t1", "--object", "6:0001", "--dry-run",
                 "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "läses som kombinationer av objekt" in out and "objekt 0001" in out
    assert "Avstämning mot verifikationerna (2011-01-01–2011-04-30, objekt 0001)" in out and "Stämmer inte" not in out


_COMBOS = ["", '1 "A"', '1 "B"', '1 "A" 6 "P"', '6 "P"', '1 "B" 6 "Q"', '1 "A" 6 "Q"']


@settings(max_examples=int(os.environ.get("SIE_EXAMPLES", 40)),  # more: SIE_EXAMPLES=400
          deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from(["3010", "5010", "6540"]), st.sampled_from(_COMBOS),
                          st.integers(-10**8, 10**8)), min_size=1, max_size=25),
       st.sampled_from(["combination", "dimension"]))
# One object in each of two dimensions, a voucher each: every row matches either way, only the sum does not.
@example(rows=[(4, "5010", '1 "A"', 1), (4, "5010", '6 "P"', 1)], layout="combination")
def test_property_object_rows_read_as_written(rows, layout):
    """Vouchers and #PSALDO written from them either as combinations or per dimension: the reading found
    by reconciling makes T1 equal the vouchers, in total and for every object, to the öre."""
    body = ["#FLAGGA 0", "#SIETYP 4", "#RAR 0 20190101 20191231"]
    balances_: dict[tuple[str, str, tuple], Decimal] = {}
    untagged = {(f"2019{m:02d}", a) for m, a, o, _ in rows if layout == "combination" and not o}
    untagged |= {(f"2019{m:02d}", a) for m, a, o, _ in rows if layout == "dimension" and len(_pairs(o)) < 2}
    for n, (month, acct, objs, ore) in enumerate(rows):
        amount = Decimal(ore) / 100
        body += [f"#VER A {n} 2019{month:02d}01", "{", f"#TRANS {acct} {{{objs}}} {amount}",
                 f"#TRANS 1930 {{}} {-amount}", "}"]
        per = f"2019{month:02d}"
        keys = [_pairs(objs)] if layout == "combination" else [(p,) for p in _pairs(objs)]
        if (per, acct) in untagged:
            keys.append(())  # the account-month's {} total row
        for k in set(keys):
            balances_[(per, acct, k)] = balances_.get((per, acct, k), Decimal(0)) + amount
    for (per, acct, k), v in sorted(balances_.items()):
        objs = " ".join(f'{d} "{o}"' for d, o in k)
        body.append(f"#PSALDO 0 {per} {acct} {{{objs}}} {v}")
    data = ("\n".join(body) + "\n").encode("cp437")
    for filt in (None, ("1", "A"), ("1", "B"), ("6", "P"), ("6", "Q")):
        if filt is not None and not any(filt in _pairs(o) for _m, _a, o, _x in rows):
            continue
        plan = plan_sie_import(Year(2019), data, "t1", MAPPING, object_filter=filt)
        rec = "\n".join(plan.reconciliation)
        assert "Källa för utfall T1 2019: #PSALDO" in rec
        assert "Stämmer inte" not in rec and "#PSALDO och #TRANS summerar båda till" in rec, rec


def test_full_year_res_is_checked_against_the_twelve_months_of_psaldo():
    plan = plan_sie_import(Year(2011), avendo("3", res=True), "helar", MAPPING)
    rec = "\n".join(plan.reconciliation)
    want = _want(avendo_vouchers(), 12, None)
    assert "Källa för utfall Helår 2011: #RES" in rec
    assert (f"Avstämning mot periodsaldona (månad 1–12, alla objekt): #RES och #PSALDO summerar båda till "
            f"{_kr(want)}. Stämmer.") in rec
    # a #RES row that disagrees with the months is named, not passed
    bad = avendo("3", res=True).replace(b"#RES 0 3041 -", b"#RES 0 3041 -1", 1)
    rec = "\n".join(plan_sie_import(Year(2011), bad, "helar", MAPPING).reconciliation)
    assert "skillnad per konto: 3041 " in rec and "Stämmer inte!" in rec


def test_without_vouchers_or_totals_the_rows_shape_decides():
    head = "#FLAGGA 0\n#SIETYP 3\n#RAR 0 20190101 20191231\n"
    subset = head + ('#PSALDO 0 201901 5010 {1 "A"} 100\n#PSALDO 0 201901 5010 {1 "B"} 50\n'
                     '#PSALDO 0 201901 5010 {6 "P"} 150\n#PSALDO 0 201901 5010 {1 "A" 6 "P"} 100\n')
    plan = plan_sie_import(Year(2019), subset.encode(), "t1", MAPPING)
    rec = "\n".join(plan.reconciliation)
    assert "läses som fördelningar per dimension" in rec and "avgjort av radernas form" in rec
    assert _outcome(plan, "Personalkostnader", "t1") == 150  # one dimension: 100 + 50
    own = plan_sie_import(Year(2019), subset.encode(), "t1", MAPPING, object_filter=("1", "A"))
    assert _outcome(own, "Personalkostnader", "t1") == 100  # {1 A}, not {1 A} + {1 A 6 P}
    bare = head + '#PSALDO 0 201901 5010 {1 "A"} 100\n'
    assert "avgjort av SIE:s definition" in "\n".join(plan_sie_import(Year(2019), bare.encode(), "t1",
                                                                       MAPPING).reconciliation)
