"""SIE 4 files laid out as seven accounting programs write them (issue 9).

Each builder returns the file's bytes. The layouts follow real exports: the
label order, quoting, separators, line ends, encodings and the rows each
program writes (object-tagged #TRANS, #PSALDO per month with and without
objects, #PBUDGET, #RES with object lists, closing accounts, trailing #TRANS
fields). The amounts are made up; vouchers and balances agree the way the
programs' own files do.
"""

from __future__ import annotations

from decimal import Decimal

# (series, number, date, [(account, objects, amount)]) -- every voucher balances
Voucher = tuple[str, str, str, list[tuple[str, str, str]]]

_REVENUE = [("3010", "-12500.00"), ("3590", "-7801750.25"), ("3040", "-4199.90")]
_COSTS = [("5010", "2594100.10"), ("5410", "31999.95"), ("6540", "614250.00"), ("4010", "1200.00"),
          ("7690", "88.88"), ("8410", "412.30")]


def vouchers(objs: list[str], months=range(1, 13), year: int = 2019) -> list[Voucher]:
    """One voucher per month: revenues and costs tagged with `objs` in turn, bank on the other side."""
    out: list[Voucher] = []
    for i, m in enumerate(months):
        rows = []
        for j, (acct, amt) in enumerate(_REVENUE + _COSTS):
            # vary the amounts so months differ; keep two decimals
            a = Decimal(amt) + Decimal(i * 7 + j) / 100 * (1 if Decimal(amt) > 0 else -1)
            rows.append((acct, objs[(i + j) % len(objs)], f"{a:.2f}"))
        bank = -sum(Decimal(r[2]) for r in rows)
        rows.append(("1930", "", f"{bank:.2f}"))
        out.append(("A", str(i + 1), f"{year}{m:02d}{10 + i % 15:02d}", rows))
    return out


def res_rows(vs: list[Voucher]) -> dict[str, Decimal]:
    acc: dict[str, Decimal] = {}
    for *_, rows in vs:
        for acct, _o, amt in rows:
            if 3000 <= int(acct) <= 8999:
                acc[acct] = acc.get(acct, Decimal(0)) + Decimal(amt)
    return acc


def psaldo_rows(vs: list[Voucher], by_object: bool) -> dict[tuple[str, str, str], Decimal]:
    """(period, account, object list text) -> month's movement."""
    acc: dict[tuple[str, str, str], Decimal] = {}
    for _s, _n, d, rows in vs:
        for acct, objs, amt in rows:
            if 3000 <= int(acct) <= 8999:
                key = (d[:6], acct, objs if by_object else "")
                acc[key] = acc.get(key, Decimal(0)) + Decimal(amt)
    return acc


def _konto(names: dict[str, str], quote: str = '"') -> str:
    return "".join(f"#KONTO {a} {quote}{n}{quote}\n" for a, n in names.items())


NAMES = {"1930": "Bank", "3010": "Försäljning tjänster", "3040": "Övriga intäkter", "3590": "Driftbidrag",
         "4010": "Inköp material", "5010": "Löner", "5410": "Förbrukningsinventarier", "6540": "IT-tjänster",
         "7690": "Övriga personalkostnader", "8410": "Räntekostnader", "8999": "Årets resultat",
         "2099": "Årets resultat (balans)"}


def _ver_block(vs: list[Voucher], ver_fmt: str, trans_fmt: str, sep: str = " ") -> str:
    out = []
    for s, n, d, rows in vs:
        out.append(ver_fmt.format(s=s, n=n, d=d).replace(" ", sep))
        out.append("{")
        for acct, objs, amt in rows:
            out.append(trans_fmt.format(a=acct, o=objs, x=amt, d=d).replace(" ", sep))
        out.append("}")
    return "\n".join(out) + "\n"


def visma() -> bytes:
    """Visma Administration: PC8, quoted series and numbers, #RES for the year, object-tagged #TRANS
    with date, text and quantity; no #PSALDO (interim periods come from the vouchers)."""
    vs = vouchers(['1 "1"', "", '1 "2"', '1 "1" 6 "P1"'])
    head = ('#FLAGGA 0\n#PROGRAM "Visma Administration 2000" 2019.2\n#FORMAT PC8\n#GEN 20200214\n#SIETYP 4\n'
            '#FNAMN "Sydnärkes IT-nämnd"\n#ORGNR 212000-2999\n#ADRESS "Ekonomi" "Box 1" "716 81 Fjugesta" '
            '"0585-000"\n#RAR 0 20190101 20191231\n#RAR -1 20180101 20181231\n#TAXAR 2020\n#KPTYP EUBAS97\n'
            '#VALUTA SEK\n' + _konto(NAMES) + '#SRU 3010 7410\n#DIM 1 "Resultatenhet"\n#DIM 6 "Projekt"\n'
            '#OBJEKT 1 "1" "Syd"\n#OBJEKT 1 "2" "Nord"\n#OBJEKT 6 "P1" "Projekt 1"\n#IB 0 1930 1000.00\n')
    res = "".join(f"#RES 0 {a} {v:.2f}\n" for a, v in sorted(res_rows(vs).items()))
    body = _ver_block(vs, '#VER "{s}" "{n}" {d} "Månadsbokning" {d}', '#TRANS {a} {{{o}}} {x} {d} "" 0')
    return (head + res + body).encode("cp437")


def specter() -> bytes:
    """Specter: UTF-8 with a BOM, tabs as separators, #PSALDO per month with {} totals and object
    rows, #PBUDGET per month, no #RES."""
    vs = vouchers(['1 "100"', '1 "200"'])
    head = ("#FLAGGA\t0\n#FORMAT\tPC8\n#SIETYP\t4\n#PROGRAM\t\"Specter SIE\"\t\"2.1\"\n#GEN\t20200110\n"
            "#FNAMN\t\"Sydnärkes IT-nämnd\"\n#RAR\t0\t20190101\t20191231\n"
            + "".join(f'#KONTO\t{a}\t"{n}"\n' for a, n in NAMES.items()) + "#DIM\t1\t\"Kostnadsställe\"\n"
            "#OBJEKT\t1\t\"100\"\t\"IT-drift\"\n#OBJEKT\t1\t\"200\"\t\"Service\"\n")
    ps = psaldo_rows(vs, False)
    rows = [f"#PSALDO\t0\t{p}\t{a}\t{{}}\t{v:.2f}" for (p, a, _), v in sorted(ps.items())]
    rows += [f"#PSALDO\t0\t{p}\t{a}\t{{{o}}}\t{v:.2f}".replace(" ", "\t")
             for (p, a, o), v in sorted(psaldo_rows(vs, True).items()) if o]
    rows += [f"#PBUDGET\t0\t2019{m:02d}\t{a}\t{{}}\t{Decimal(x) * 1:.2f}" for m in range(1, 13)
             for a, x in (_REVENUE + _COSTS)]
    return ("\ufeff" + head + "\n".join(rows) + "\n").encode("utf-8")


def mamut() -> bytes:
    """Mamut Business Software: PC8, CRLF, #PSALDO only per object (no {} rows) in two dimensions,
    #PBUDGET with {}."""
    vs = vouchers(['1 "10"', '1 "20"'], months=range(1, 5))
    proj = psaldo_rows(vouchers(['6 "A"'], months=range(1, 5)), True)
    head = ('#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM "Mamut Business Software" 19.0\n#GEN 20190510\n'
            '#FNAMN "Sydnärkes IT-nämnd"\n#RAR 0 20190101 20191231\n' + _konto(NAMES)
            + '#DIM 1 "Avdelning"\n#DIM 6 "Projekt"\n#OBJEKT 1 "10" "Drift"\n#OBJEKT 1 "20" "Utveckling"\n'
            '#OBJEKT 6 "A" "Projekt A"\n')
    rows = [f"#PSALDO 0 {p} {a} {{{o}}} {v:.2f}" for (p, a, o), v in sorted(psaldo_rows(vs, True).items())]
    rows += [f"#PSALDO 0 {p} {a} {{{o}}} {v:.2f}" for (p, a, o), v in sorted(proj.items())]
    rows += ["#PBUDGET 0 201901 5010 {} 30000000.00", "#PBUDGET 0 201901 3590 {} -93621003.00"]
    return (head + "\n".join(rows) + "\n").replace("\n", "\r\n").encode("cp437")


def norstedts() -> bytes:
    """Norstedts Bokslut: claims PC8 but writes Windows-1252 text; #RES with the closing account
    8999 (årets resultat) and its balance-sheet twin."""
    vs = vouchers([""])
    res = res_rows(vs)
    result = sum(res.values(), Decimal(0))
    head = ('#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM "Norstedts Bokslut" 2019.1\n#GEN 20200301\n'
            '#FNAMN "Sydnärkes IT-nämnd"\n#RAR 0 20190101 20191231\n' + _konto(NAMES))
    rows = [f"#RES 0 {a} {v:.2f}" for a, v in sorted(res.items())]
    rows.append(f"#RES 0 8999 {-result:.2f}")
    rows.append(f"#UB 0 2099 {result:.2f}")
    return (head + "\n".join(rows) + "\n").encode("cp1252")


def softone() -> bytes:
    """SoftOne: CRLF, a #KONTO name with a stray quote, #KTYP with a type of its own (DIFF), #RES."""
    vs = vouchers([""])
    names = dict(NAMES)
    head = ('#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM "SoftOne" "8.1"\n#GEN 20200205 "admin"\n'
            '#FNAMN "Sydnärkes IT-nämnd"\n#RAR 0 20190101 20191231\n' + _konto(names)
            + '#KONTO 3011 "Försäljning "special" 25%\n#KTYP 3010 I\n#KTYP 3011 DIFF\n')
    rows = [f"#RES 0 {a} {v:.2f}" for a, v in sorted(res_rows(vs).items())]
    return (head + "\n".join(rows) + "\n").replace("\n", "\r\n").encode("cp437")


def edison() -> bytes:
    """Edison (.si, SIE 4I): PC8, vouchers only, nearly every row tagged with an object; no #RES."""
    vs = vouchers(['1 "100"', '1 "100"', '1 "300"', ""])
    head = ('#FLAGGA 0\n#PROGRAM "Edison Ekonomi" 7.3\n#FORMAT PC8\n#GEN 20200120\n#SIETYP 4\n'
            '#FNAMN "Sydnärkes IT-nämnd"\n#RAR 0 20190101 20191231\n#KPTYP BAS95\n' + _konto(NAMES)
            + '#DIM 1 "Kostnadsställe"\n#OBJEKT 1 "100" "Nämnd"\n#OBJEKT 1 "300" "Gemensamt"\n')
    body = _ver_block(vs, '#VER {s} {n} {d} "Verifikation"', "#TRANS {a} {{{o}}} {x}")
    return (head + body).encode("cp437")


def briljant() -> bytes:
    """Briljant: tabs, #RES rows carrying an object list (one dimension, no {} totals), Latin letters
    in PC8."""
    vs = vouchers(['1 "A1"', '1 "B2"'])
    acc: dict[tuple[str, str], Decimal] = {}
    for *_, rows in vs:
        for acct, objs, amt in rows:
            if 3000 <= int(acct) <= 8999:
                acc[(acct, objs)] = acc.get((acct, objs), Decimal(0)) + Decimal(amt)
    head = ('#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM "Briljant" 5.2\n#GEN 20200115\n'
            '#FNAMN "Sydnärkes IT-nämnd"\n#RAR 0 20190101 20191231\n' + _konto(NAMES)
            + '#DIM 1 "Ansvar"\n#OBJEKT 1 "A1" "Ansvar A"\n#OBJEKT 1 "B2" "Ansvar B"\n')
    rows = [f"#RES\t0\t{a}\t{{{o}}}\t{v:.2f}".replace(" ", "\t") for (a, o), v in sorted(acc.items())]
    return (head + "\n".join(rows) + "\n").encode("cp437")


def sie_group_typ4i() -> bytes:
    """The SIE group's BL0001_typ4I layout: an import file with #RAR 0 and no dates, #PROSA,
    #KSUMMA, vouchers with registration dates and signatures."""
    vs = vouchers(['1 "1"', ""])
    head = ('#FLAGGA 0\n#PROGRAM "BL Administration" 2019.1\n#FORMAT PC8\n#GEN 20190110 "BL"\n#SIETYP 4\n'
            '#PROSA "Exempelfil SIE 4I"\n#FNAMN "Övningsbolaget AB"\n#RAR 0\n#KSUMMA\n' + _konto(NAMES))
    body = _ver_block(vs, '#VER "" "" {d} "Import" {d} "BL"', '#TRANS {a} {{{o}}} {x} {d} "" 0')
    return (head + body + "#KSUMMA 1234567\n").encode("cp437")


PROGRAMS = {"visma": visma, "specter": specter, "mamut": mamut, "norstedts": norstedts, "softone": softone,
            "edison": edison, "briljant": briljant, "sie-gruppen": sie_group_typ4i}


# ---------------------------------------------------------------- layouts beside the seven programs (issue 18)

def _psaldo_by(vs: list[Voucher], key) -> dict[tuple[str, str, str], Decimal]:
    """(period, account, object list text from `key(objs)`) -> the month's movement, result accounts."""
    acc: dict[tuple[str, str, str], Decimal] = {}
    for _s, _n, d, rows in vs:
        for acct, objs, amt in rows:
            if 3000 <= int(acct) <= 8999:
                for o in key(objs):
                    k = (d[:6], acct, o)
                    acc[k] = acc.get(k, Decimal(0)) + Decimal(amt)
    return acc


# Avendo: account 3041 in 2011-01 as the real file has it, and more of the same shape.
AVENDO_JAN = [("3041", "7 4", "-100000.00"), ("3041", "7 4", "-3850.00"), ("3041", "1 Nord 7 4", "-7225.00"),
              ("3041", "1 Syd 7 4", "-8500.00"), ("3041", "1 Syd 6 0001 7 4", "-50400.00"),
              ("5010", "7 4", "40000.00"), ("5010", "1 Nord 7 4", "12000.50"), ("5010", "1 Syd 6 0001 7 4", "9999.50"),
              ("6540", "1 Syd 7 4", "1234.56")]


def avendo_vouchers() -> list[Voucher]:
    """Six months of vouchers, every row an object combination, one voucher per row against the bank."""
    out: list[Voucher] = []
    for m in range(1, 7):
        for i, (acct, objs, amt) in enumerate(AVENDO_JAN):
            a = Decimal(amt) if m == 1 else (Decimal(amt) * (10 + m) / 10).quantize(Decimal("0.01"))
            out.append(("A", f"{m}{i:02d}", f"2011{m:02d}{10 + i:02d}", [(acct, objs, f"{a:.2f}"),
                                                                         ("1930", "", f"{-a:.2f}")]))
    return out


def avendo(sietyp: str = "3", res: bool = False) -> bytes:
    """Avendo: #PSALDO rows are separate object combinations ({7 4}, {1 Nord 7 4}, {1 Syd 6 0001 7 4}),
    no {} total row; SIE 3 has no vouchers, the 4E variant carries them too; `res` adds the year's #RES."""
    vs = avendo_vouchers()
    head = (f'#FLAGGA 0\n#PROGRAM "Avendo" 5.1\n#FORMAT PC8\n#GEN 20110601\n#SIETYP {sietyp}\n'
            '#FNAMN "Sydnärkes IT-nämnd"\n#RAR 0 20110101 20111231\n' + _konto(NAMES | {"3041": "Tjänster"})
            + '#DIM 1 "Resultatenhet"\n#DIM 6 "Projekt"\n#DIM 7 "Verksamhet"\n#OBJEKT 1 Nord "Nord"\n'
            '#OBJEKT 1 Syd "Syd"\n#OBJEKT 7 4 "IT"\n')  # project 0001 is used but never declared
    ps = _psaldo_by(vs, lambda o: [o])
    rows = [f"#PSALDO 0 {p} {a} {{{o}}} {v:.2f}" for (p, a, o), v in sorted(ps.items())]
    rows += [f"#RES 0 {a} {v:.2f}" for a, v in sorted(res_rows(vs).items()) if res]
    body = _ver_block(vs, '#VER {s} {n} {d} "Faktura"', "#TRANS {a} {{{o}}} {x}") if sietyp != "3" else ""
    return (head + "\n".join(rows) + "\n" + body).encode("cp437")


def per_dimension_with_vouchers() -> bytes:
    """Mamut's per-dimension #PSALDO (each dimension a whole breakdown, no {}) with the vouchers beside it,
    every #TRANS carrying an object of both dimensions."""
    vs = vouchers(['1 "10" 6 "A"', '1 "20" 6 "A"', '1 "10" 6 "B"'], months=range(1, 5))
    head = ('#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM "Mamut Business Software" 19.0\n#GEN 20190510\n'
            '#RAR 0 20190101 20191231\n' + _konto(NAMES) + '#DIM 1 "Avdelning"\n#DIM 6 "Projekt"\n')
    ps = _psaldo_by(vs, lambda o: [" ".join(o.split()[i:i + 2]) for i in range(0, len(o.split()), 2)])
    rows = [f"#PSALDO 0 {p} {a} {{{o}}} {v:.2f}" for (p, a, o), v in sorted(ps.items())]
    return (head + "\n".join(rows) + "\n" + _ver_block(vs, "#VER A {n} {d}", "#TRANS {a} {{{o}}} {x}")).encode("cp437")


def fiscal_may_april() -> bytes:
    """A fiscal year May 2019 – April 2020 (#RAR 0) and the one before (#RAR -1, #RES -1): #PSALDO and
    monthly #PBUDGET with {} rows, vouchers dated across the two calendar years."""
    months = [(2019, m) for m in range(5, 13)] + [(2020, m) for m in range(1, 5)]
    vs: list[Voucher] = []
    for i, (y, m) in enumerate(months):
        v = vouchers(["", '1 "1"'], months=[m], year=y)[0]
        vs.append((v[0], str(i + 1), f"{y}{m:02d}15", v[3]))
    head = ('#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM "Fortnox" 3.0\n#GEN 20200520\n'
            '#FNAMN "Sydnärkes IT-nämnd"\n#RAR 0 20190501 20200430\n#RAR -1 20180501 20190430\n'
            + _konto(NAMES) + '#DIM 1 "Kostnadsställe"\n#OBJEKT 1 "1" "IT"\n')
    rows = [f"#PSALDO 0 {p} {a} {{}} {v:.2f}" for (p, a, _), v in sorted(psaldo_rows(vs, False).items())]
    rows += [f"#RES -1 {a} {Decimal(x) * 11:.2f}" for a, x in _REVENUE + _COSTS]
    rows += [f"#PBUDGET 0 {y}{m:02d} {a} {{}} {Decimal(x) * (1 + (m in (6, 7))):.2f}"  # more in summer
             for y, m in months for a, x in _REVENUE + _COSTS]
    return (head + "\n".join(rows) + "\n" + _ver_block(vs, "#VER A {n} {d}", "#TRANS {a} {{{o}}} {x}")).encode("cp437")


def unclosed_quotes() -> bytes:
    """Edison's vouchers with a #TRANS text and a #VER text that lack their closing quote, a text with a
    stray brace, and a #PBUDGET without its {}: each a warning, the amounts read."""
    data = edison().decode("cp437")
    data = data.replace('#VER A 3 20190312 "Verifikation"', '#VER A 3 20190312 "Verifikation', 1)
    lines = data.split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.startswith("#TRANS 5010"))
    lines[i] += ' 20190110 "Löner januari'
    j = next(j for j, ln in enumerate(lines) if j > i and ln.startswith("#TRANS 6540"))
    lines[j] += " 20190110 text}"
    lines.insert(10, "#PBUDGET 0 201901 5010 1000.00")
    return "\n".join(lines).encode("cp437")


def sie2() -> bytes:
    """SIE 2 (periodic balances, no objects, no vouchers): #IB/#UB/#RES, #PSALDO and #PBUDGET per month
    with {}, CRLF."""
    vs = vouchers([""])
    head = ('#FLAGGA 0\n#PROGRAM "Hogia Ekonomi" 2.0\n#FORMAT PC8\n#GEN 20200110\n#SIETYP 2\n'
            '#FNAMN "Sydnärkes IT-nämnd"\n#RAR 0 20190101 20191231\n' + _konto(NAMES))
    rows = ["#IB 0 1930 1000.00", "#UB 0 1930 2000.00"]
    rows += [f"#RES 0 {a} {v:.2f}" for a, v in sorted(res_rows(vs).items())]
    rows += [f"#PSALDO 0 {p} {a} {{}} {v:.2f}" for (p, a, _), v in sorted(psaldo_rows(vs, False).items())]
    rows += [f"#PBUDGET 0 2019{m:02d} {a} {{}} {Decimal(x):.2f}" for m in range(1, 13) for a, x in _REVENUE]
    return (head + "\n".join(rows) + "\n").replace("\n", "\r\n").encode("cp437")


def bom_cp1252() -> bytes:
    """A UTF-8 BOM followed by a Windows-1252 body (an export passed through an editor)."""
    return b"\xef\xbb\xbf" + norstedts()


PROGRAMS.update({"unclosed": unclosed_quotes, "sie2": sie2})
