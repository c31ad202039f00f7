"""parse_sie: SIE 1–4 bytes to a SieFile, a line at a time (see sie_parse for what refuses a file).

The file is decoded as a stream and never held as a list of lines; a
`#TRANS` line is read by splitting at its braces (the tokenizer only for the
rare line with quotes inside its object list or account), and added to the
ledger by voucher date, account and object list on the spot.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.text import one_line
from .errors import FileFormatError
from .sie_map import is_closing, is_result_account
from .sie_parse import (AMOUNT_RE, HARMLESS, KNOWN, KTYPES, MAX_AMOUNT_DIGITS, Balance, ObjectList, SieFile, Token,
                        detect_encoding, lead_fields, lenient_konto, need, parse_amount, parse_int, parse_objects,
                        text_fault, tokenize)

_TEXT_AFTER = "{label}-radens text efter {what} kunde inte läsas ({fault}); {kept} lästes, texten hoppades över."


Voucher = tuple[str, str, str, int]  # series, number, date, line
Handler = Callable[["_Reader", "list[Token]", int], None]  # a label's reader: (reader, fields after the label, line)


@dataclass
class _Note:
    """A warning's lines: how many, and the first five line numbers."""

    count: int = 0
    lines: list[int] = field(default_factory=list)


class _Reader:
    def __init__(self, file: str, sie: SieFile):
        self.file = file
        self.sie = sie
        self.ver: Voucher | None = None
        self.ver_date = ""  # the open voucher's date (YYYYMMDD), what its #TRANS rows are kept under
        self.ver_open = False
        self.ver_sum = Decimal(0)
        self.seen_label = False
        self.notes: dict[str, _Note] = {}  # by warning
        self.objcache: dict[str, ObjectList] = {"": ()}
        self.counted: dict[str, bool] = {}  # account -> a result or closing account (kept in the ledger)

    def err(self, message: str, lineno: int | None = None) -> FileFormatError:
        return FileFormatError(message, file=self.file, line=lineno)

    def note(self, lineno: int, message: str) -> None:
        n = self.notes.get(message)
        if n is None:
            n = self.notes[message] = _Note()
        n.count += 1
        if len(n.lines) < 5:
            n.lines.append(lineno)

    def finish_notes(self) -> None:
        for message, n in self.notes.items():
            more = f" (och {n.count - len(n.lines)} rader till)" if n.count > len(n.lines) else ""
            self.sie.warnings.append(f"{self.file}, rad {', '.join(map(str, n.lines))}{more}: {message}")

    # -------------------------------------------------------------- the fast path

    def trans_fast(self, lineno: int, line: str) -> bool:
        """A plain `#TRANS konto {objekt} belopp [text …]` inside a voucher; False: let `line` read it."""
        head, _, tail = line.partition("{")
        inner, close, after = tail.partition("}")
        if not close or '"' in head or "{" in inner:
            return False
        hp = head.split()
        if len(hp) != 2 or hp[0] != "#TRANS":
            return False
        objs = self.objcache.get(inner)
        if objs is None:
            if inner.count('"') % 2:
                return False
            toks: Token = tokenize(inner, lineno, self.file) if '"' in inner else inner.split()
            objs = self.objcache[inner] = parse_objects(toks, lineno, self.file)
        ap = after.split(None, 1)
        if not ap or ap[0][0] == '"':
            return False
        a = ap[0]
        amount = Decimal(a) if len(a) <= MAX_AMOUNT_DIGITS and AMOUNT_RE.fullmatch(a) else \
            parse_amount(a, lineno, self.file)
        if len(ap) > 1 and (fault := text_fault(ap[1])):
            self.note(lineno, _TEXT_AFTER.format(label="#TRANS", what="beloppet", fault=fault.rstrip("."),
                                                 kept="beloppet"))
        self.add_trans(hp[1], objs, amount)
        return True

    def add_trans(self, account: str, objs: ObjectList, amount: Decimal) -> None:
        self.ver_sum += amount
        self.sie.trans_rows += 1
        counted = self.counted.get(account)
        if counted is None:
            counted = self.counted[account] = is_result_account(account) or is_closing(account)
        if counted:
            key = (self.ver_date, account, objs)
            e = self.sie.ledger.get(key)
            if e is None:
                self.sie.ledger[key] = [amount, 1]
            else:
                e[0] += amount
                e[1] += 1

    def ver_fast(self, lineno: int, line: str) -> bool:
        """`#VER serie nr datum [text …]` with plain or simply quoted fields; False: tokenize it."""
        p = line.split(None, 4)
        if len(p) < 4 or p[0] != "#VER":
            return False
        fields = []
        for f in p[1:4]:
            if '"' in f:
                if len(f) < 2 or f[0] != '"' or f[-1] != '"' or f.count('"') != 2 or "\\" in f:
                    return False
                f = f[1:-1]
            elif "{" in f or "}" in f:
                return False
            fields.append(f)
        if len(p) > 4 and (fault := text_fault(p[4])):
            self.note(lineno, _TEXT_AFTER.format(label="#VER", what="datumet", fault=fault.rstrip("."),
                                                 kept="verifikationen"))
        self.ver = (fields[0], fields[1], fields[2], lineno)
        return True

    # -------------------------------------------------------------- any line

    def line(self, lineno: int, line: str) -> None:
        if "\x00" in line:
            raise self.err("filen innehåller binära data: väntade en SIE-fil i textformat.", lineno)
        if line == "{":
            if self.ver is None or self.ver_open:
                raise self.err("'{' utan föregående #VER.", lineno)
            self.ver_open, self.ver_sum, self.ver_date = True, Decimal(0), self.ver[2]
            return
        if line == "}":
            if not self.ver_open or self.ver is None:
                raise self.err("'}' utan öppen verifikation.", lineno)
            self.close_voucher(self.ver)
            return
        if not line.startswith("#"):
            raise self.err(f"oväntad rad '{one_line(line[:40])}': varje rad i en SIE-fil börjar med #ETIKETT.", lineno)
        if self.ver is not None and not self.ver_open:
            raise self.err(f"#VER på rad {self.ver[3]} följs inte av '{{'.", lineno)
        label = line.split(None, 1)[0].upper()
        if label in KNOWN:
            self.seen_label = True
        if label == "#VER" and not self.ver_open and self.ver_fast(lineno, line):
            return
        toks = tokenize(line, lineno, self.file, lenient=True)
        if toks.fault is not None:
            if label in HARMLESS and not self.ver_open:
                self.harmless_broken(label, line, lineno, toks.fault)
                return
            if len(toks) < lead_fields(label, toks):
                raise self.err(toks.fault, lineno)
            self.note(lineno, _TEXT_AFTER.format(label=label, what="datumet" if label == "#VER" else "beloppet",
                                                 fault=toks.fault.rstrip("."),
                                                 kept="verifikationen" if label == "#VER" else "beloppet"))
        self.dispatch(label, toks[1:], lineno)

    def harmless_broken(self, label: str, line: str, lineno: int, reason: str) -> None:
        if label == "#KONTO" and (kn := lenient_konto(line)):
            self.sie.konto[kn[0]] = kn[1]
            self.note(lineno, f"kontonamnet har ett citattecken för mycket; läst som '{one_line(kn[1])}'.")
        else:
            self.note(lineno, f"{label}-raden kunde inte läsas ({reason.rstrip('.')}) och hoppades över.")

    def close_voucher(self, ver: Voucher) -> None:
        series, number, date, lineno = ver
        if self.ver_sum != 0:
            raise self.err(f"verifikation {one_line(series)} {one_line(number)} ({one_line(date)}) "
                           f"balanserar inte: summan av #TRANS är {self.ver_sum}, väntade 0.", lineno)
        vd = self.sie.voucher_dates.get(date)
        if vd is None:
            vd = self.sie.voucher_dates[date] = [0, []]
        vd[0] += 1
        if len(vd[1]) < 5:
            vd[1].append((series, number, lineno))
        self.sie.vouchers += 1
        self.ver, self.ver_open = None, False

    def dispatch(self, label: str, args: list[Token], lineno: int) -> None:
        if self.ver_open and self.ver is not None and label != "#TRANS":  # (a voucher is open with its #VER)
            if label in ("#RTRANS", "#BTRANS"):
                self.sie.unknown.setdefault(label, []).append(lineno)  # the #TRANS rows carry the amounts
                return
            raise self.err(f"{label} inne i verifikationen från rad {self.ver[3]}: väntade #TRANS eller '}}'.",
                           lineno)
        handler = _HANDLERS.get(label)
        if handler is None:
            self.sie.unknown.setdefault(label, []).append(lineno)
            return
        if label in HARMLESS:
            try:
                handler(self, args, lineno)
            except FileFormatError as exc:
                self.note(lineno, f"{label}-raden kunde inte läsas ({exc.reason.rstrip('.')}) och hoppades över.")
            return
        handler(self, args, lineno)

    # -------------------------------------------------------------- labels

    def trans(self, args: list[Token], lineno: int) -> None:
        if not self.ver_open or self.ver is None:
            raise self.err("#TRANS utanför en verifikation (#VER … { }).", lineno)
        need(args, 3, lineno, self.file, "#TRANS konto {objekt} belopp")
        self.add_trans(str(args[0]), parse_objects(args[1], lineno, self.file),
                       parse_amount(args[2], lineno, self.file))

    def ver_(self, args: list[Token], lineno: int) -> None:
        need(args, 3, lineno, self.file, "#VER serie nummer datum [text]")
        self.ver = (str(args[0]), str(args[1]), str(args[2]), lineno)

    def flagga(self, args: list[Token], lineno: int) -> None:
        need(args, 1, lineno, self.file, "#FLAGGA 0|1")
        self.sie.flagga = parse_int(args[0], lineno, self.file, "flaggvärde")

    def sietyp(self, args: list[Token], lineno: int) -> None:
        need(args, 1, lineno, self.file, "#SIETYP 1–4")
        self.sie.sietyp = str(args[0])
        if self.sie.sietyp.upper().rstrip("EI") not in ("1", "2", "3", "4"):
            raise self.err(f"okänd SIE-typ '{one_line(self.sie.sietyp)}': väntade 1, 2, 3 eller 4.", lineno)

    @staticmethod
    def text_field(attr: str) -> Handler:
        def handle(self: _Reader, args: list[Token], lineno: int) -> None:
            words = [str(a) for a in args if not isinstance(a, list)]
            setattr(self.sie, attr, " ".join(words) if attr == "program" else (words[0] if words else ""))
        return handle

    def rar(self, args: list[Token], lineno: int) -> None:
        need(args, 3, lineno, self.file, "#RAR årsnr start slut")
        start, end = str(args[1]), str(args[2])
        if not (re.fullmatch(r"[0-9]{8}", start) and re.fullmatch(r"[0-9]{8}", end)):
            raise self.err(f"datumen '{one_line(start)}'–'{one_line(end)}' ska vara ÅÅÅÅMMDD", lineno)
        self.sie.rar[parse_int(args[0], lineno, self.file, "årsnummer")] = (start, end)

    def konto(self, args: list[Token], lineno: int) -> None:
        need(args, 1, lineno, self.file, "#KONTO kontonr namn")
        self.sie.konto[str(args[0])] = str(args[1]) if len(args) > 1 else ""

    def ktyp(self, args: list[Token], lineno: int) -> None:
        need(args, 2, lineno, self.file, "#KTYP kontonr T|S|K|I")
        t = str(args[1]).upper()
        if t not in KTYPES:
            raise self.err(f"'{one_line(t)[:20]}' är ingen kontotyp: väntade T, S, K eller I", lineno)
        self.sie.ktyp[str(args[0])] = t

    def dim(self, args: list[Token], lineno: int) -> None:
        need(args, 1, lineno, self.file, "#DIM nr namn")
        self.sie.dim[str(args[0])] = str(args[1]) if len(args) > 1 else ""

    def objekt(self, args: list[Token], lineno: int) -> None:
        need(args, 2, lineno, self.file, "#OBJEKT dim objekt namn")
        self.sie.objekt[(str(args[0]), str(args[1]))] = str(args[2]) if len(args) > 2 else ""

    @staticmethod
    def balance(label: str) -> Handler:
        def handle(self: _Reader, args: list[Token], lineno: int) -> None:
            need(args, 3, lineno, self.file, f"{label} årsnr konto belopp")
            rest = args[2:]
            objs: ObjectList = ()
            if isinstance(rest[0], list):  # some programs add an object list
                objs = parse_objects(rest[0], lineno, self.file)
                rest = rest[1:]
                need(rest, 1, lineno, self.file, f"{label} årsnr konto {{objekt}} belopp")
            b = Balance(parse_int(args[0], lineno, self.file, "årsnummer"), str(args[1]), objs,
                        parse_amount(rest[0], lineno, self.file), "", lineno)
            {"#IB": self.sie.ib, "#UB": self.sie.ub, "#RES": self.sie.res}[label].append(b)
        return handle

    @staticmethod
    def period_balance(label: str) -> Handler:
        def handle(self: _Reader, args: list[Token], lineno: int) -> None:
            form = f"{label} årsnr period konto {{objekt}} belopp"
            need(args, 4, lineno, self.file, form)
            period = str(args[1])
            if not re.fullmatch(r"[0-9]{4}(0[1-9]|1[0-2])", period):
                raise self.err(f"'{one_line(period)[:20]}' är ingen period: väntade ÅÅÅÅMM.", lineno)
            if isinstance(args[3], list):
                need(args, 5, lineno, self.file, form)
                objs, amount = parse_objects(args[3], lineno, self.file), args[4]
            else:  # the object list left out: the amount is where {} would be, read as the account's total
                objs, amount = (), args[3]
                self.note(lineno, f"{label} saknar objektlistan {{}}: beloppet lästes som kontots saldo för "
                                  "perioden.")
            b = Balance(parse_int(args[0], lineno, self.file, "årsnummer"), str(args[2]), objs,
                        parse_amount(amount, lineno, self.file), period, lineno)
            (self.sie.psaldo if label == "#PSALDO" else self.sie.pbudget).append(b)
        return handle


_HANDLERS: dict[str, Handler] = {
    "#TRANS": _Reader.trans, "#VER": _Reader.ver_, "#FLAGGA": _Reader.flagga, "#SIETYP": _Reader.sietyp,
    "#FORMAT": _Reader.text_field("format"), "#PROGRAM": _Reader.text_field("program"),
    "#GEN": _Reader.text_field("gen"), "#FNAMN": _Reader.text_field("fnamn"),
    "#RAR": _Reader.rar, "#KONTO": _Reader.konto, "#KTYP": _Reader.ktyp, "#DIM": _Reader.dim,
    "#OBJEKT": _Reader.objekt,
    "#IB": _Reader.balance("#IB"), "#UB": _Reader.balance("#UB"), "#RES": _Reader.balance("#RES"),
    "#PSALDO": _Reader.period_balance("#PSALDO"), "#PBUDGET": _Reader.period_balance("#PBUDGET"),
}


def parse_sie(data: bytes, file: str = "SIE-fil") -> SieFile:
    """Parse SIE 1–4 data. Every #VER must balance; harmless unreadable lines become `warnings`."""
    if not data.strip():
        raise FileFormatError("filen är tom: väntade en SIE-fil (rader som börjar med #FLAGGA, #KONTO …).", file=file)
    enc = detect_encoding(data)
    sie = SieFile(encoding=enc.name)
    raw = io.BytesIO(data)
    raw.seek(enc.skip)
    r = _Reader(file, sie)
    fast, full = r.trans_fast, r.line
    for lineno, text in enumerate(io.TextIOWrapper(raw, encoding=enc.name, errors="replace", newline=None), 1):
        line = text.strip()
        if not line:
            continue
        if line.startswith("#TRANS") and r.ver_open and "\x00" not in line and fast(lineno, line):
            continue
        full(lineno, line)
    if r.ver is not None:
        raise FileFormatError(f"verifikationen på rad {r.ver[3]} saknar avslutande '}}' (filen tar slut).",
                              file=file)
    if not r.seen_label:
        raise FileFormatError("inga SIE-etiketter hittades: väntade rader som #FLAGGA, #SIETYP, #KONTO, #RES.", file=file)
    if enc.note:
        sie.warnings.append(f"{enc.note} {_name_sample(sie)}")
    r.finish_notes()
    for label, lines in sorted(sie.unknown.items()):
        if label in ("#RTRANS", "#BTRANS") or label in HARMLESS:
            continue  # SIE labels this import has no use for: not worth a warning
        more = f" (och {len(lines) - 1} rader till)" if len(lines) > 1 else ""
        sie.warnings.append(f"{file}, rad {lines[0]}{more}: okänd etikett {one_line(label)[:30]} lästes inte.")
    return sie


def _name_sample(sie: SieFile) -> str:
    """Names as read, those with letters beyond ASCII first: the reader can see whether å ä ö came out right."""
    names = [n for n in (sie.fnamn, *sie.konto.values(), *sie.dim.values(), *sie.objekt.values()) if n]
    names.sort(key=lambda n: n.isascii())
    shown = [one_line(n)[:40] for n in dict.fromkeys(names)][:5]
    return f"Namn som lästes: {', '.join(shown)}." if shown else "Filen har inga namn att visa."
