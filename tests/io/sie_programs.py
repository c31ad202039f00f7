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
