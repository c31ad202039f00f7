from __future__ import annotations

from decimal import Decimal

import pytest

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import Kind, Year
from sydnarke_tui.io.errors import FileFormatError
from sydnarke_tui.io.sie import (
    DEFAULT_MAPPING,
    load_mapping_toml,
    map_account,
    mapping_from_list,
    parse_ranges,
    parse_sie,
    plan_sie_import,
    tokenize,
)
from sydnarke_tui.io.toml_io import dump_year_toml

HEAD = """#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#PROGRAM "Ekonomisystem" 4.2
#GEN 20200115
#FNAMN "Sydn\x84rkes IT-n\x84mnd"
#RAR 0 20190101 20191231
#RAR -1 20180101 20181231
#KONTO 3010 "Avgifter"
#KONTO 3590 "Driftbidrag"
#KONTO 5010 "L\x94ner"
#KONTO 6540 "IT-tj\x84nster"
#KONTO 8310 "R\x84nteint\x84kter"
#KTYP 3010 I
#DIM 1 "Kostnadsst\x84lle"
#OBJEKT 1 "5100" "IT-n\x84mnden"
#OBJEKT 1 "5200" "Annan"
"""

BODY = """#IB 0 1930 1000.00
#UB 0 1930 2000.00
#RES 0 3010 -245000.00
#RES 0 3590 -31207000.00
#RES 0 5010 10381700.40
#RES 0 5010 {1 "5200"} 999.00
#RES 0 6540 2457000.25
#RES 0 6540 0.25
#RES 0 8310 -12.50
#RES -1 5010 9000000.00
#PSALDO 0 201901 5010 {} 800000.00
#PSALDO 0 201904 5010 {} 900000.00
#PSALDO 0 201905 5010 {} 700000.00
#PSALDO 0 201904 5010 {1 "5100"} 123.45
#PSALDO 0 201912 5010 {1 "5100"} 100.00
#PBUDGET 0 201901 5010 {} 5899500.00
#PBUDGET 0 201907 5010 {} 5899500.00
#PBUDGET 0 201901 3590 {} -31207000
#VER A 1 20190105 "Faktura \\"IT\\" \\\\ januari" 20190110
{
#TRANS 6540 {} 1000.50 20190105 "konsult"
#TRANS 2440 {} -1000.50
}
#VER A 2 20190201 "Tom"
{
}
#OKAND 1 2 3
"""


def sie_bytes(body: str = BODY, head: str = HEAD, encoding: str = "latin-1") -> bytes:
    # HEAD uses \x84 (ä) and \x94 (ö): the PC8 / cp437 bytes, written via latin-1
    return (head + body).encode(encoding)


def test_tokenizer():
    toks = tokenize('#TRANS 6540 {1 "51 00" 6 P1} -10.50 20190105 "a \\"b\\" \\\\ c"   ', 1)
    assert toks[0] == "#TRANS" and toks[1] == "6540"
    assert toks[2] == ["1", "51 00", "6", "P1"]
    assert toks[3] == "-10.50" and toks[5] == 'a "b" \\ c'
    assert tokenize("#RES 0 3010 {} -5", 1)[3] == []
    assert tokenize('#FNAMN ""', 1)[1] == ""
    with pytest.raises(FileFormatError, match="rad 7: citattecken saknar"):
        tokenize('#FNAMN "oavslutad', 7)
    with pytest.raises(FileFormatError, match="saknar sitt avslutande"):
        tokenize("#TRANS 1 {1 2 -5", 3)


def test_parse_cp437_file():
    sie = parse_sie(sie_bytes())
    assert sie.encoding == "cp437"
    assert sie.fnamn == "Sydnärkes IT-nämnd"
    assert sie.konto["5010"] == "Löner"
    assert sie.objekt[("1", "5100")] == "IT-nämnden"
    assert sie.flagga == 0 and sie.sietyp == "4" and sie.program == "Ekonomisystem 4.2"
    assert sie.rar[0] == ("20190101", "20191231") and sie.rar[-1][0] == "20180101"
    assert sie.ktyp["3010"] == "I"
    assert len(sie.res) == 8 and sie.res[3].objects == (("1", "5200"),)
    assert sie.psaldo[3].objects == (("1", "5100"),) and sie.psaldo[3].amount == Decimal("123.45")
    assert len(sie.pbudget) == 3 and len(sie.ib) == 1 and len(sie.ub) == 1
    # vouchers are not kept: result-account rows are summed by voucher date, account and objects
    assert sie.vouchers == 2 and sie.trans_rows == 2
    assert sie.ledger == {("20190105", "6540", ()): [Decimal("1000.50"), 1]}  # 2440 is no result account
    assert sie.voucher_dates == {"20190105": [1, [("A", "1", 36)]], "20190201": [1, [("A", "2", 41)]]}
    assert sie.unknown == {"#OKAND": [44]}
    assert any("rad 44" in w and "#OKAND" in w for w in sie.warnings)


def test_utf8_file_is_detected():
    text = (HEAD + BODY).replace("\x84", "ä").replace("\x94", "ö")
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        sie = parse_sie(data)
        assert sie.encoding == "utf-8" and sie.fnamn == "Sydnärkes IT-nämnd" and sie.konto["5010"] == "Löner"
    assert any("anger #FORMAT PC8 men är UTF-8" in w for w in parse_sie(text.encode("utf-8")).warnings)
    assert not any("UTF-8" in w for w in parse_sie(b"\xef\xbb\xbf" + text.encode("utf-8")).warnings)  # BOM


def test_unbalanced_voucher_names_its_line():
    body = '#VER B 7 20190301 "Fel"\n{\n#TRANS 5010 {} 100.00\n#TRANS 1930 {} -99.99\n}\n'
    with pytest.raises(FileFormatError) as e:
        parse_sie(sie_bytes(body), file="bok.se")
    msg = str(e.value)
    assert msg.startswith("bok.se, rad 18: verifikation B 7 (20190301) balanserar inte")
    assert "0.01" in msg


@pytest.mark.parametrize("body, pattern", [
    ('#VER A 1 20190105 "x"\n{\n#TRANS 5010 {} 10.00\n', r"verifikationen på rad 18 saknar avslutande"),
    ('#VER A 1 20190105 "x"\n#TRANS 5010 {} 10.00\n', r"rad 19: #VER på rad 18 följs inte av"),
    ("#TRANS 5010 {} 10.00\n", r"rad 18: #TRANS utanför en verifikation"),
    ("#RES 0 5010 12,50\n", r"rad 18: '12,50' är inget belopp"),
    ("#RES 0 5010\n", r"rad 18: för få fält"),
    ("#PSALDO 0 2019 5010 {} 1\n", r"rad 18: '2019' är ingen period"),
    ("#PSALDO 0 201901 5010 {1} 1\n", r"rad 18: objektlistan ska bestå av par"),
    ("garbage here\n", r"rad 18: oväntad rad 'garbage here'"),
    ("}\n", r"rad 18: '}' utan öppen verifikation"),
    ("#SIETYP 9\n", r"okänd SIE-typ '9'"),
    ('#VER A 1 20190105 "x"\n{\n#RES 0 5010 1\n}\n', r"rad 20: #RES inne i verifikationen"),
])
def test_garbled_files(body, pattern):
    with pytest.raises(FileFormatError, match=pattern):
        parse_sie(sie_bytes(body))


def test_truncated_and_empty_and_not_sie():
    data = sie_bytes()
    with pytest.raises(FileFormatError):
        parse_sie(data[: data.index(b"#TRANS 2440")])  # cut inside a voucher
    with pytest.raises(FileFormatError, match="filen är tom"):
        parse_sie(b"")
    with pytest.raises(FileFormatError, match="inga SIE-etiketter"):
        parse_sie(b"#HEJ 1\n#HOPP 2\n")
    with pytest.raises(FileFormatError, match="binära data"):
        parse_sie(b"#FLAGGA 0\n\x00\x01\x02")


def test_mapping_helpers():
    assert parse_ranges("3000-3999, 4010") == ((3000, 3999), (4010, 4010))
    assert parse_ranges(["5000–5999"]) == ((5000, 5999),)
    with pytest.raises(FileFormatError, match="inget kontointervall"):
        parse_ranges("50x0")
    with pytest.raises(FileFormatError, match="baklänges"):
        parse_ranges("5999-5000")
    m = mapping_from_list([
        {"label": "Kostnader", "kind": "kostnad", "accounts": "4000-7999"},
        {"label": "Personal", "kind": "cost", "accounts": ["5000-5999"]},
    ])
    assert map_account("5010", m).label == "Personal"  # the finer range wins
    assert map_account("6540", m).label == "Kostnader"
    assert map_account("8310", m) is None
    assert map_account("3010", DEFAULT_MAPPING).kind is Kind.REVENUE
    with pytest.raises(FileFormatError, match="'kind' ska vara"):
        mapping_from_list([{"label": "x", "kind": "lön", "accounts": "1"}])
    toml = '[[line]]\nlabel = "Personalkostnader"\nkind = "cost"\naccounts = ["5000-5999"]\n'
    assert load_mapping_toml(toml)[0].ranges == ((5000, 5999),)
    with pytest.raises(FileFormatError, match=r"^map\.toml: väntade tabeller"):
        load_mapping_toml("x = 1", file="map.toml")


def test_default_mapping_full_year_with_reconciliation():
    plan = plan_sie_import(Year(2019), sie_bytes(), "helar", file="bok.se")
    rev, cost = plan.year.operating
    assert (rev.label, rev.kind, rev.values["helar"].outcome) == ("Intäkter", Kind.REVENUE, -31_452_000)
    # 10 381 700,40 + 2 457 000,25 + 0,25 = 12 838 700,90 -> rounded per line at the end
    assert (cost.label, cost.kind, cost.values["helar"].outcome) == ("Kostnader", Kind.COST, 12_838_701)
    assert cost.budget == 11_799_000 and rev.budget == -31_207_000
    rec = "\n".join(plan.reconciliation)
    assert "Källa för utfall Helår 2019: #RES (årets saldon; alla rader, med och utan objekt)" in rec
    assert "Omappat konto 8310 Ränteintäkter: -12,50 kr" in rec
    assert "importerat + omappat = -18 613 311,60 kr. Stämmer." in rec
    # the {1 "5200"} row is a breakdown of 5010's {} total row: said, not added twice
    assert "1 objektrader i #RES är fördelningar" in rec
    assert any("okänd etikett #OKAND" in w and "rad 44" in w for w in plan.warnings)
    assert any("8310" in w for w in plan.warnings)
    assert "Ny rad: Driftredovisning › Kostnader (kostnad)" in plan.changes


def test_rounding_happens_per_line_not_per_account():
    body = "#RES 0 5010 0.50\n#RES 0 5020 0.49\n#RES 0 6010 0.25\n#RES 0 6020 0.25\n"
    m = mapping_from_list([{"label": "A", "kind": "cost", "accounts": "5000-5999"},
                           {"label": "B", "kind": "cost", "accounts": "6000-6999"}])
    plan = plan_sie_import(Year(2019), sie_bytes(body), "helar", m)
    a, b = plan.year.operating
    assert a.values["helar"].outcome == 1  # 0.99 -> 1 (per account it would be 1 + 0)
    assert b.values["helar"].outcome == 1  # 0.50 -> 1: each line half up on its own
    rec = "\n".join(plan.reconciliation)
    # the file's 1,49 kr is 1 kr rounded in one piece: the reconciliation says so
    assert "summa 2 kr (importerat avrundat i ett stycke: 1 kr; skillnad 1 kr av avrundning)" in rec
    assert "Stämmer." in rec


def test_object_filter_and_interim_periods():
    m = mapping_from_list([{"label": "Personal", "kind": "cost", "accounts": "5000-5999"}])
    # T1 (months 1-4) from #PSALDO, rows without objects
    t1 = plan_sie_import(Year(2019), sie_bytes(), "t1", m)
    assert t1.year.operating[0].values["t1"].outcome == 1_700_000
    assert "#PSALDO" in t1.reconciliation[0]
    # the committee's own cost centre: no #RES row has it, so #PSALDO for the year
    own = plan_sie_import(Year(2019), sie_bytes(), "helar", m, object_filter=(1, "5100"))
    assert own.year.operating[0].values["helar"].outcome == 223  # 123.45 + 100.00 = 223.45
    assert "objekt 5100 (dimension 1)" in own.reconciliation[0]
    other = plan_sie_import(Year(2019), sie_bytes(), "helar", m, object_filter=("1", "5200"))
    assert other.year.operating[0].values["helar"].outcome == 999  # from #RES with {1 "5200"}
    with pytest.raises(FileFormatError, match="objektet 9999 i dimension 1 finns inte"):
        plan_sie_import(Year(2019), sie_bytes(), "helar", m, object_filter=(1, "9999"))


def test_vouchers_when_no_balances():
    body = ('#VER A 1 20190105 "x"\n{\n#TRANS 5010 {} 100.40\n#TRANS 1930 {} -100.40\n}\n'
            '#VER A 2 20190905 "y"\n{\n#TRANS 5010 {} 50.20\n#TRANS 1930 {} -50.20\n}\n')
    m = mapping_from_list([{"label": "Personal", "kind": "cost", "accounts": "5000-5999"}])
    full = plan_sie_import(Year(2019), sie_bytes(body), "helar", m)
    assert full.year.operating[0].values["helar"].outcome == 151
    t1 = plan_sie_import(Year(2019), sie_bytes(body), "t1", m)
    assert t1.year.operating[0].values["t1"].outcome == 100
    assert "#TRANS" in t1.reconciliation[0]


def test_import_into_demo_by_name(demo_year):
    m = mapping_from_list([
        {"label": "Driftbidrag från kommuner", "kind": "revenue", "accounts": "3500-3599"},
        {"label": "Övriga avgifter o. ersättningar", "kind": "revenue", "accounts": "3000-3499"},
        {"label": "personalkostnader", "kind": "cost", "accounts": "5000-5999"},
        {"label": "Tjänster", "kind": "cost", "accounts": "6500-6599"},
    ])
    before = dump_year_toml(demo_year)
    plan = plan_sie_import(demo_year, sie_bytes(), "helar", m)
    assert dump_year_toml(demo_year) == before
    y = plan.year
    assert len(y.operating) == 8  # all four matched existing lines
    assert y.operating[2].values["helar"].outcome == 10_381_700  # was 10 381 700: unchanged
    assert y.operating[5].values["helar"].outcome == 2_457_001  # 2 457 000,50 rounds half up
    assert y.operating[2].budget == 11_799_000
    assert "Driftredovisning › Tjänster › utfall Helår: 2 457 000 kr → 2 457 001 kr" in plan.changes
    assert not any("Personalkostnader › utfall" in ch for ch in plan.changes)
    assert compute(y, y.full_year_period).surplus == 158552 - 1


def test_wrong_year_and_period(demo_year):
    with pytest.raises(FileFormatError, match="räkenskapsår .* är inte 2020"):
        plan_sie_import(Year(2020), sie_bytes(), "helar")
    with pytest.raises(FileFormatError, match="okänd period 'x'"):
        plan_sie_import(demo_year, sie_bytes(), "x")


def test_default_mapping_into_a_year_with_its_own_lines_warns_of_double_counting(demo_year):
    plan = plan_sie_import(demo_year, sie_bytes("#RES 0 5010 100.00\n"), "helar")
    assert any("räknas dubbelt" in w for w in plan.warnings)
