"""parse_sie: SIE 1–4 bytes to a SieFile (see sie_parse for what refuses a file)."""

from __future__ import annotations

import re

from ..core.text import one_line
from .errors import FileFormatError
from .sie_parse import (HARMLESS, KNOWN, KTYPES, Balance, ObjectList, SieFile, Trans, Voucher, decode_sie,
                        lenient_konto, need, parse_amount, parse_int, parse_objects, tokenize)


class _Reader:
    def __init__(self, file: str, sie: SieFile):
        self.file = file
        self.sie = sie
        self.ver: Voucher | None = None
        self.ver_open = False
        self.seen_label = False

    def err(self, message: str, lineno: int | None = None) -> FileFormatError:
        return FileFormatError(message, file=self.file, line=lineno)

    def warn(self, lineno: int, message: str) -> None:
        self.sie.warnings.append(f"{self.file}, rad {lineno}: {message}")

    def line(self, lineno: int, line: str) -> None:
        if "\x00" in line:
            raise self.err("filen innehåller binära data: väntade en SIE-fil i textformat.", lineno)
        if line == "{":
            if self.ver is None or self.ver_open:
                raise self.err("'{' utan föregående #VER.", lineno)
            self.ver_open = True
            return
        if line == "}":
            if not self.ver_open or self.ver is None:
                raise self.err("'}' utan öppen verifikation.", lineno)
            self.close_voucher()
            return
        if not line.startswith("#"):
            raise self.err(f"oväntad rad '{one_line(line[:40])}': varje rad i en SIE-fil börjar med #ETIKETT.", lineno)
        if self.ver is not None and not self.ver_open:
            raise self.err(f"#VER på rad {self.ver.line} följs inte av '{{'.", lineno)
        label = line.split(None, 1)[0].upper()
        if label in KNOWN:
            self.seen_label = True
        try:
            toks = tokenize(line, lineno, self.file)
        except FileFormatError as exc:
            if label not in HARMLESS or self.ver_open:
                raise
            self.harmless_broken(label, line, lineno, exc.reason)
            return
        self.dispatch(label, toks[1:], lineno)

    def harmless_broken(self, label: str, line: str, lineno: int, reason: str) -> None:
        if label == "#KONTO" and (kn := lenient_konto(line)):
            self.sie.konto[kn[0]] = kn[1]
            self.warn(lineno, f"kontonamnet har ett citattecken för mycket; läst som '{one_line(kn[1])}'.")
        else:
            self.warn(lineno, f"{label}-raden kunde inte läsas ({reason.rstrip('.')}) och hoppades över.")

    def close_voucher(self) -> None:
        ver = self.ver
        assert ver is not None
        total = ver.total
        if total != 0:
            raise self.err(f"verifikation {one_line(ver.series)} {one_line(ver.number)} ({one_line(ver.date)}) "
                           f"balanserar inte: summan av #TRANS är {total}, väntade 0.", ver.line)
        self.sie.vouchers.append(ver)
        self.ver, self.ver_open = None, False

    def dispatch(self, label: str, args: list, lineno: int) -> None:
        if self.ver_open and label != "#TRANS":
            if label in ("#RTRANS", "#BTRANS"):
                self.sie.unknown.setdefault(label, []).append(lineno)  # the #TRANS rows carry the amounts
                return
            raise self.err(f"{label} inne i verifikationen från rad {self.ver.line}: väntade #TRANS eller '}}'.",
                           lineno)
        handler = _HANDLERS.get(label)
        if handler is None:
            self.sie.unknown.setdefault(label, []).append(lineno)
            return
        if label in HARMLESS:
            try:
                handler(self, args, lineno)
            except FileFormatError as exc:
                self.warn(lineno, f"{label}-raden kunde inte läsas ({exc.reason.rstrip('.')}) och hoppades över.")
            return
        handler(self, args, lineno)

    # -------------------------------------------------------------- labels

    def trans(self, args: list, lineno: int) -> None:
        if not self.ver_open or self.ver is None:
            raise self.err("#TRANS utanför en verifikation (#VER … { }).", lineno)
        need(args, 3, lineno, self.file, "#TRANS konto {objekt} belopp")
        self.ver.trans.append(Trans(str(args[0]), parse_objects(args[1], lineno, self.file),
                                    parse_amount(args[2], lineno, self.file), lineno))

    def ver_(self, args: list, lineno: int) -> None:
        need(args, 3, lineno, self.file, "#VER serie nummer datum [text]")
        self.ver = Voucher(str(args[0]), str(args[1]), str(args[2]), str(args[3]) if len(args) > 3 else "", lineno)

    def flagga(self, args: list, lineno: int) -> None:
        need(args, 1, lineno, self.file, "#FLAGGA 0|1")
        self.sie.flagga = parse_int(args[0], lineno, self.file, "flaggvärde")

    def sietyp(self, args: list, lineno: int) -> None:
        need(args, 1, lineno, self.file, "#SIETYP 1–4")
        self.sie.sietyp = str(args[0])
        if self.sie.sietyp.upper().rstrip("EI") not in ("1", "2", "3", "4"):
            raise self.err(f"okänd SIE-typ '{one_line(self.sie.sietyp)}': väntade 1, 2, 3 eller 4.", lineno)

    @staticmethod
    def text_field(attr: str):
        def handle(self, args: list, lineno: int) -> None:
            words = [str(a) for a in args if not isinstance(a, list)]
            setattr(self.sie, attr, " ".join(words) if attr == "program" else (words[0] if words else ""))
        return handle

    def rar(self, args: list, lineno: int) -> None:
        need(args, 3, lineno, self.file, "#RAR årsnr start slut")
        start, end = str(args[1]), str(args[2])
        if not (re.fullmatch(r"[0-9]{8}", start) and re.fullmatch(r"[0-9]{8}", end)):
            raise self.err(f"datumen '{one_line(start)}'–'{one_line(end)}' ska vara ÅÅÅÅMMDD", lineno)
        self.sie.rar[parse_int(args[0], lineno, self.file, "årsnummer")] = (start, end)

    def konto(self, args: list, lineno: int) -> None:
        need(args, 1, lineno, self.file, "#KONTO kontonr namn")
        self.sie.konto[str(args[0])] = str(args[1]) if len(args) > 1 else ""

    def ktyp(self, args: list, lineno: int) -> None:
        need(args, 2, lineno, self.file, "#KTYP kontonr T|S|K|I")
        t = str(args[1]).upper()
        if t not in KTYPES:
            raise self.err(f"'{one_line(t)[:20]}' är ingen kontotyp: väntade T, S, K eller I", lineno)
        self.sie.ktyp[str(args[0])] = t

    def dim(self, args: list, lineno: int) -> None:
        need(args, 1, lineno, self.file, "#DIM nr namn")
        self.sie.dim[str(args[0])] = str(args[1]) if len(args) > 1 else ""

    def objekt(self, args: list, lineno: int) -> None:
        need(args, 2, lineno, self.file, "#OBJEKT dim objekt namn")
        self.sie.objekt[(str(args[0]), str(args[1]))] = str(args[2]) if len(args) > 2 else ""

    @staticmethod
    def balance(label: str):
        def handle(self, args: list, lineno: int) -> None:
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
    def period_balance(label: str):
        def handle(self, args: list, lineno: int) -> None:
            need(args, 5, lineno, self.file, f"{label} årsnr period konto {{objekt}} belopp")
            period = str(args[1])
            if not re.fullmatch(r"[0-9]{4}(0[1-9]|1[0-2])", period):
                raise self.err(f"'{one_line(period)[:20]}' är ingen period: väntade ÅÅÅÅMM.", lineno)
            b = Balance(parse_int(args[0], lineno, self.file, "årsnummer"), str(args[2]),
                        parse_objects(args[3], lineno, self.file), parse_amount(args[4], lineno, self.file),
                        period, lineno)
            (self.sie.psaldo if label == "#PSALDO" else self.sie.pbudget).append(b)
        return handle


_HANDLERS = {
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
    text, enc, enc_warning = decode_sie(data)
    sie = SieFile(encoding=enc)
    if enc_warning:
        sie.warnings.append(enc_warning)
    r = _Reader(file, sie)
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line:
            r.line(lineno, line)
    if r.ver is not None:
        raise FileFormatError(f"verifikationen på rad {r.ver.line} saknar avslutande '}}' (filen tar slut).", file=file)
    if not r.seen_label:
        raise FileFormatError("inga SIE-etiketter hittades: väntade rader som #FLAGGA, #SIETYP, #KONTO, #RES.", file=file)
    for label, lines in sorted(sie.unknown.items()):
        if label in ("#RTRANS", "#BTRANS") or label in HARMLESS:
            continue  # SIE labels this import has no use for: not worth a warning
        more = f" (och {len(lines) - 1} rader till)" if len(lines) > 1 else ""
        sie.warnings.append(f"{file}, rad {lines[0]}{more}: okänd etikett {one_line(label)[:30]} lästes inte.")
    return sie
