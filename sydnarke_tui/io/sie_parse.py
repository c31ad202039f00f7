"""SIE 4 reading: encoding, a hand-written tokenizer and a forgiving parser.

Encoding: SIE prescribes PC8 (IBM codepage 437, `#FORMAT PC8`). A file that
starts with a UTF-8 BOM, or is valid UTF-8 with multi-byte letters, is read
as UTF-8 (with a note when, without a BOM, it claims PC8). A PC8 file whose high bytes are the Windows-1252/Latin-1 letters
(å ä ö as 0xE5 0xE4 0xF6, which PC8 shows as σ Σ ÷) is read as Windows-1252,
with a warning.

What refuses a file: an unreadable amount, an unbalanced or unclosed
voucher, a broken structure (`{`/`}` out of place, a line that is not a
label). What does not: a line that carries no amount and cannot be read
(an account name with a stray quote, `#KTYP 3010 DIFF`, `#RAR 0` without
dates, an unknown label) is a warning with its line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.text import one_line
from .errors import FileFormatError

ObjectList = tuple[tuple[str, str], ...]  # ((dim, object id), ...)
MAX_AMOUNT_DIGITS = 15  # whole-krona digits: the model's 15-digit cap


class _Tok(str):
    """A token; `quoted` tells "" (an empty quoted field) from nothing."""

    quoted: bool = False


_TOKEN = re.compile(r'[ \t\r\n]*(?:(\{)|(\})|"((?:[^"\\]|\\.)*)"|([^ \t\r\n{}"]+)|(")|$)')
_ESCAPE = re.compile(r"\\(.)")


def tokenize(line: str, lineno: int, file: str = "SIE-fil") -> list:
    """Split one SIE line into tokens: strings, and lists of strings for `{...}`.

    Spaces and tabs separate fields. Quoted fields may contain spaces and
    backslash escapes (\\" and \\\\).
    """
    out: list = []
    stack: list[list] = [out]
    pos, n = 0, len(line)
    while pos < n:
        m = _TOKEN.match(line, pos)
        opening, closing, quoted, bare, stray = m.groups()
        if opening:
            new: list = []
            stack[-1].append(new)
            stack.append(new)
        elif closing:
            if len(stack) == 1:
                raise FileFormatError("'}' utan matchande '{'.", file=file, line=lineno)
            stack.pop()
        elif quoted is not None:
            t = _Tok(_ESCAPE.sub(r"\1", quoted) if "\\" in quoted else quoted)
            t.quoted = True
            stack[-1].append(t)
        elif bare is not None:
            stack[-1].append(_Tok(bare))
        elif stray:
            raise FileFormatError("citattecken saknar sitt slut (\").", file=file, line=lineno)
        pos = m.end()
        if pos == n or m.end() == m.start():
            break
    if len(stack) != 1:
        raise FileFormatError("'{' saknar sitt avslutande '}'.", file=file, line=lineno)
    return out


# Swedish letters as bytes: in PC8 (cp437) and in Windows-1252/Latin-1.
_PC8_LETTERS = set(b"\x86\x84\x94\x8f\x8e\x99\x82\x81\x90")
_LATIN_LETTERS = set(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xfc\xc9")


def decode_sie(data: bytes) -> tuple[str, str, str | None]:
    """(text, encoding, warning): UTF-8 when marked or evidently so, else PC8 or Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8", None
    high = [b for b in data if b > 0x7F]
    claims_pc8 = re.search(rb"^\s*#FORMAT\s+PC8", data, re.M | re.I) is not None
    if high:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            note = "Filen anger #FORMAT PC8 men är UTF-8: texten lästes som UTF-8." if claims_pc8 else None
            return text, "utf-8", note
    pc8 = sum(1 for b in high if b in _PC8_LETTERS)
    latin = sum(1 for b in high if b in _LATIN_LETTERS)
    if latin > pc8:
        claims = "anger #FORMAT PC8 men " if claims_pc8 else ""
        warning = (f"Filen {claims}har Windows-1252/Latin-1-tecken (å ä ö som E5 E4 F6), inte PC8: "
                   "texten lästes som Windows-1252. Kontrollera kontonamnen.")
        return data.decode("cp1252", errors="replace"), "cp1252", warning
    return data.decode("cp437"), "cp437", None


@dataclass(frozen=True)
class Trans:
    account: str
    objects: ObjectList
    amount: Decimal
    line: int


@dataclass
class Voucher:
    series: str
    number: str
    date: str
    text: str
    line: int
    trans: list[Trans] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((t.amount for t in self.trans), Decimal(0))


@dataclass(frozen=True)
class Balance:
    """An #IB/#UB/#RES/#PSALDO/#PBUDGET row."""

    year_index: int
    account: str
    objects: ObjectList
    amount: Decimal
    period: str = ""  # YYYYMM for #PSALDO/#PBUDGET
    line: int = 0


@dataclass
class SieFile:
    encoding: str = "cp437"
    flagga: int | None = None
    format: str = ""
    sietyp: str = ""
    program: str = ""
    gen: str = ""
    fnamn: str = ""
    rar: dict[int, tuple[str, str]] = field(default_factory=dict)
    konto: dict[str, str] = field(default_factory=dict)
    ktyp: dict[str, str] = field(default_factory=dict)
    dim: dict[str, str] = field(default_factory=dict)
    objekt: dict[tuple[str, str], str] = field(default_factory=dict)
    ib: list[Balance] = field(default_factory=list)
    ub: list[Balance] = field(default_factory=list)
    res: list[Balance] = field(default_factory=list)
    psaldo: list[Balance] = field(default_factory=list)
    pbudget: list[Balance] = field(default_factory=list)
    vouchers: list[Voucher] = field(default_factory=list)
    unknown: dict[str, list[int]] = field(default_factory=dict)  # label -> line numbers
    warnings: list[str] = field(default_factory=list)  # harmless unreadable lines, encoding

    def account_name(self, account: str) -> str:
        return self.konto.get(account, "")


# ---------------------------------------------------------------- fields

_AMOUNT_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")  # ASCII digits: \\d would take "٣"
KNOWN = {"#FLAGGA", "#FORMAT", "#SIETYP", "#PROGRAM", "#GEN", "#FNAMN", "#RAR", "#KONTO", "#KTYP", "#DIM",
         "#OBJEKT", "#IB", "#UB", "#RES", "#PSALDO", "#PBUDGET", "#VER", "#TRANS"}
# Labels that carry no amount: a line of theirs that cannot be read is only a warning.
HARMLESS = {"#FORMAT", "#PROGRAM", "#GEN", "#FNAMN", "#RAR", "#KONTO", "#KTYP", "#DIM", "#OBJEKT", "#UNDERDIM",
            "#SRU", "#ENHET", "#ADRESS", "#ORGNR", "#FNR", "#TAXAR", "#BKOD", "#OMFATTN", "#PROSA", "#FTYP",
            "#KPTYP", "#VALUTA", "#KSUMMA"}
KTYPES = {"T", "S", "K", "I"}


def parse_amount(tok, lineno: int, file: str, what: str = "belopp") -> Decimal:
    """An SIE amount: digits, an optional minus and a '.' decimal part; at most 15 whole digits."""
    s = str(tok) if not isinstance(tok, list) else "{…}"
    if not _AMOUNT_RE.match(s):
        shown = one_line(s[:30]) + ("…" if len(s) > 30 else "")
        raise FileFormatError(f"'{shown}' är inget {what}: väntade t.ex. -1234.50.", file=file, line=lineno)
    whole = s.lstrip("-").split(".")[0].lstrip("0")
    if len(whole) > MAX_AMOUNT_DIGITS or len(s) > 40:
        raise FileFormatError(f"beloppet har {len(whole)} siffror före decimalpunkten: högst {MAX_AMOUNT_DIGITS} "
                              "siffror (under 1 000 biljoner kronor) går att läsa.", file=file, line=lineno)
    return Decimal(s)


def parse_objects(tok, lineno: int, file: str) -> ObjectList:
    if not isinstance(tok, list):
        raise FileFormatError(f"väntade en objektlista {{…}}, fick '{one_line(str(tok))[:30]}'.", file=file,
                              line=lineno)
    if any(isinstance(x, list) for x in tok) or len(tok) % 2:
        raise FileFormatError("objektlistan ska bestå av par: dimension och objekt, t.ex. {1 \"5100\"}.",
                              file=file, line=lineno)
    return tuple((str(tok[i]), str(tok[i + 1])) for i in range(0, len(tok), 2))


def need(toks: list, count: int, lineno: int, file: str, form: str) -> None:
    if len(toks) < count:
        raise FileFormatError(f"för få fält: väntade {form}.", file=file, line=lineno)


def parse_int(tok, lineno: int, file: str, what: str) -> int:
    s = str(tok)
    if isinstance(tok, list) or not re.fullmatch(r"-?[0-9]{1,6}", s):
        raise FileFormatError(f"'{one_line(s)[:30]}' är inget {what} (ett heltal).", file=file, line=lineno)
    return int(s)


def lenient_konto(line: str) -> tuple[str, str] | None:
    """(account, name) from a #KONTO line the tokenizer refuses (a stray quote in the name)."""
    m = re.match(r"#KONTO\s+\"?([0-9]+)\"?\s+(.*)$", line.strip(), re.I)
    if not m:
        return None
    name = m.group(2).strip()
    if name.startswith('"'):
        name = name[1:]
    if name.endswith('"'):
        name = name[:-1]
    return m.group(1), name.replace('\\"', '"')
