"""SIE 1–4 reading: encoding, a hand-written tokenizer, the file's parts and field readers.

Encoding is detected per file: a file that is valid UTF-8 (with or without a
BOM) is read as UTF-8 (with a note when, without a BOM, it claims PC8);
otherwise PC8 (IBM codepage 437, what SIE prescribes) or Windows-1252, by
which Swedish letters its high bytes make (å ä ö are 0x86 0x84 0x94 in PC8,
0xE5 0xE4 0xF6 in Windows-1252). A BOM followed by a Windows-1252 body is
read as Windows-1252. When the choice is not certain the import says which
encoding it chose, with a sample of the names it read.

What refuses a file: an unreadable amount, an unbalanced or unclosed
voucher, a broken structure (`{`/`}` out of place before a row's amount, a
line that is not a label). What does not, as a warning with its line
number: a line that carries no amount and cannot be read (an account name
with a stray quote, `#KTYP 3010 DIFF`, `#RAR 0` without dates, an unknown
label); free text after a row's amount that cannot be read (a `#TRANS` text
without its closing quote: the amount reads fine); a `#PSALDO`/`#PBUDGET`
without its object list `{}` (read as the account's total).

Vouchers are not kept: the reader adds each `#TRANS` of a result account to
`SieFile.ledger` by (voucher date, account, object list) as it goes, so a
file of a million rows is read in little memory.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypeAlias, overload

from ..core.text import one_line
from .errors import FileFormatError

ObjectList = tuple[tuple[str, str], ...]  # ((dim, object id), ...)
MAX_AMOUNT_DIGITS = 15  # whole-krona digits: the model's 15-digit cap


class _Tok(str):
    """A token; `quoted` tells "" (an empty quoted field) from nothing."""

    quoted: bool = False


# A field of a line: a string (`_Tok` from the tokenizer, plain from the fast path's split), or the fields
# between `{` and `}`.
Token: TypeAlias = "str | Sequence[Token]"


class Lenient(list[Token]):
    """Tokens read leniently; `fault` is why the rest of the line was not read, or None."""

    fault: str | None = None


_UNCLOSED = "citattecken saknar sitt slut (\")."
_TOKEN = re.compile(r'[ \t\r\n]*(?:(\{)|(\})|"((?:[^"\\]|\\.)*)"|([^ \t\r\n{}"]+)|(")|$)')
_ESCAPE = re.compile(r"\\(.)")


@overload
def tokenize(line: str, lineno: int, file: str = ..., *, lenient: Literal[True]) -> Lenient: ...
@overload
def tokenize(line: str, lineno: int, file: str = ..., lenient: bool = ...) -> list[Token]: ...


def tokenize(line: str, lineno: int, file: str = "SIE-fil", lenient: bool = False) -> list[Token]:
    """Split one SIE line into tokens: strings, and lists of strings for `{...}`.

    Spaces and tabs separate fields. Quoted fields may contain spaces and
    backslash escapes (\\" and \\\\). With `lenient`, a fault (an unclosed
    quote, a stray brace) ends the line instead of refusing it: the complete
    top-level tokens before it are returned and `Lenient.fault` says what it was.
    """
    out: list[Token] = Lenient() if lenient else []
    stack: list[list[Token]] = [out]
    pos, n = 0, len(line)
    while pos < n:
        m = _TOKEN.match(line, pos)
        assert m is not None  # every character starts one of the alternatives, and `$` matches at the end
        opening, closing, quoted, bare, stray = m.groups()
        fault = None
        if opening:
            new: list[Token] = []
            stack[-1].append(new)
            stack.append(new)
        elif closing:
            if len(stack) == 1:
                fault = "'}' utan matchande '{'."
            else:
                stack.pop()
        elif quoted is not None:
            t = _Tok(_ESCAPE.sub(r"\1", quoted) if "\\" in quoted else quoted)
            t.quoted = True
            stack[-1].append(t)
        elif bare is not None:
            stack[-1].append(_Tok(bare))
        elif stray:
            fault = _UNCLOSED
        if fault:
            return _fault(out, stack, fault, file, lineno)
        pos = m.end()
        if pos == n or m.end() == m.start():
            break
    if len(stack) != 1:
        return _fault(out, stack, "'{' saknar sitt avslutande '}'.", file, lineno)
    return out


def _fault(out: list[Token], stack: list[list[Token]], reason: str, file: str, lineno: int) -> list[Token]:
    if not isinstance(out, Lenient):  # read strictly: the line is refused
        raise FileFormatError(reason, file=file, line=lineno)
    if len(stack) > 1:  # an unfinished {...} is not a token
        del out[-1]
    out.fault = reason
    return out


def text_fault(rest: str) -> str | None:
    """Why free text after a row's amount cannot be read (an unclosed quote ...), or None."""
    if "{" not in rest and "}" not in rest and "\\" not in rest:  # without escapes, quotes simply pair
        return None if rest.count('"') % 2 == 0 else _UNCLOSED
    return tokenize(rest, 0, lenient=True).fault


# Swedish letters as bytes: in PC8 (cp437) and in Windows-1252/Latin-1.
_PC8_LETTERS = b"\x86\x84\x94\x8f\x8e\x99\x82\x81\x90"
_LATIN_LETTERS = b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xfc\xc9"
_ASCII = bytes(range(128))
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Encoding:
    """How a file's bytes are read: `name` for Python, `skip` bytes of BOM, and a note when the choice
    was not certain (the reader adds a sample of the names it read)."""

    name: str
    skip: int = 0
    note: str | None = None


def _is_utf8(data: bytes, start: int) -> bool:
    """Whether data[start:] is UTF-8, checked a slice at a time so a large file is not decoded whole."""
    dec = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20
    try:
        for i in range(start, len(data), step):
            dec.decode(data[i:i + step])
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(data: bytes) -> Encoding:
    """UTF-8 when it is UTF-8, else PC8 or Windows-1252 by the letters the high bytes make (module doc)."""
    bom = data.startswith(_BOM)
    skip = len(_BOM) if bom else 0
    high = data[skip:].translate(None, _ASCII)
    if not high:
        return Encoding("utf-8" if bom else "cp437", skip)
    claims_pc8 = re.search(rb"^\s*#FORMAT\s+PC8", data[:65536], re.M | re.I) is not None
    if _is_utf8(data, skip):
        note = "Filen anger #FORMAT PC8 men är UTF-8: texten lästes som UTF-8." if claims_pc8 and not bom else None
        return Encoding("utf-8", skip, note)
    pc8 = sum(high.count(bytes([b])) for b in _PC8_LETTERS)
    latin = sum(high.count(bytes([b])) for b in _LATIN_LETTERS)
    opening = "Filen börjar med ett UTF-8-märke (BOM) men resten är inte UTF-8: den " if bom else "Filen "
    if latin > pc8:
        claims = "anger #FORMAT PC8 men " if claims_pc8 else ""
        return Encoding("cp1252", skip, f"{opening}{claims}har Windows-1252/Latin-1-tecken (å ä ö som E5 E4 F6), "
                                        "inte PC8: texten lästes som Windows-1252.")
    if bom or latin or not pc8:
        why = ("både PC8- och Windows-1252-bokstäver" if latin else "PC8-bokstäver" if pc8
               else "inga svenska bokstäver att känna igen")
        return Encoding("cp437", skip, f"{opening}lästes som PC8 (kodsida 437; {why}).")
    return Encoding("cp437", skip)


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
    """A SIE file as read: its header labels, accounts, objects, balance rows and result accounts' #TRANS summed."""

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
    # #TRANS of result and closing accounts: (voucher date YYYYMMDD, account, objects) -> [sum, rows]
    # (mutable pairs, lists rather than objects: one is updated per #TRANS of a file of a million rows)
    ledger: dict[tuple[str, str, ObjectList], list[Any]] = field(default_factory=dict)
    # voucher date -> [vouchers, up to five (series, number, line) to name them]
    voucher_dates: dict[str, list[Any]] = field(default_factory=dict)
    vouchers: int = 0
    trans_rows: int = 0  # every #TRANS, any account
    unknown: dict[str, list[int]] = field(default_factory=dict)  # label -> line numbers
    warnings: list[str] = field(default_factory=list)  # harmless unreadable lines, encoding

    def account_name(self, account: str) -> str:
        return self.konto.get(account, "")

    def used_objects(self) -> set[tuple[str, str]]:
        """Every (dimension, object) a #TRANS or balance row of a result account carries."""
        lists = {k[2] for k in self.ledger}
        lists.update(b.objects for rows in (self.res, self.psaldo, self.pbudget) for b in rows)
        return {pair for objs in lists for pair in objs}


# ---------------------------------------------------------------- fields

AMOUNT_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # ASCII digits: \\d would take "٣"
KNOWN = {"#FLAGGA", "#FORMAT", "#SIETYP", "#PROGRAM", "#GEN", "#FNAMN", "#RAR", "#KONTO", "#KTYP", "#DIM",
         "#OBJEKT", "#IB", "#UB", "#RES", "#PSALDO", "#PBUDGET", "#VER", "#TRANS"}
# Labels that carry no amount: a line of theirs that cannot be read is only a warning.
HARMLESS = {"#FORMAT", "#PROGRAM", "#GEN", "#FNAMN", "#RAR", "#KONTO", "#KTYP", "#DIM", "#OBJEKT", "#UNDERDIM",
            "#SRU", "#ENHET", "#ADRESS", "#ORGNR", "#FNR", "#TAXAR", "#BKOD", "#OMFATTN", "#PROSA", "#FTYP",
            "#KPTYP", "#VALUTA", "#KSUMMA"}
KTYPES = {"T", "S", "K", "I"}


def lead_fields(label: str, toks: Sequence[Token]) -> int:
    """How many tokens of a row, label included, come up to and including its amount (or #VER's date):
    what must read for the row to count; free text after them may be broken."""
    if label in ("#TRANS", "#VER"):
        return 4
    if label in ("#PSALDO", "#PBUDGET"):
        return 6 if len(toks) > 4 and isinstance(toks[4], list) else 5
    if label in ("#IB", "#UB", "#RES"):
        return 5 if len(toks) > 3 and isinstance(toks[3], list) else 4
    return 1 << 30  # every field counts


def parse_amount(tok: Token, lineno: int, file: str, what: str = "belopp") -> Decimal:
    """An SIE amount: digits, an optional minus and a '.' decimal part; at most 15 whole digits."""
    s = str(tok) if not isinstance(tok, list) else "{…}"
    if not AMOUNT_RE.fullmatch(s):
        shown = one_line(s[:30]) + ("…" if len(s) > 30 else "")
        raise FileFormatError(f"'{shown}' är inget {what}: väntade t.ex. -1234.50.", file=file, line=lineno)
    if len(s) > MAX_AMOUNT_DIGITS:  # a shorter one cannot have too many digits: the common case, not counted
        whole = s.lstrip("-").split(".")[0].lstrip("0")
        if len(whole) > MAX_AMOUNT_DIGITS or len(s) > 40:
            raise FileFormatError(f"beloppet har {len(whole)} siffror före decimalpunkten: högst "
                                  f"{MAX_AMOUNT_DIGITS} siffror (under 1 000 biljoner kronor) går att läsa.",
                                  file=file, line=lineno)
    return Decimal(s)


def parse_objects(tok: Token, lineno: int, file: str) -> ObjectList:
    if not isinstance(tok, list):
        raise FileFormatError(f"väntade en objektlista {{…}}, fick '{one_line(str(tok))[:30]}'.", file=file,
                              line=lineno)
    if any(isinstance(x, list) for x in tok) or len(tok) % 2:
        raise FileFormatError("objektlistan ska bestå av par: dimension och objekt, t.ex. {1 \"5100\"}.",
                              file=file, line=lineno)
    return tuple((str(tok[i]), str(tok[i + 1])) for i in range(0, len(tok), 2))


def need(toks: Sequence[Token], count: int, lineno: int, file: str, form: str) -> None:
    if len(toks) < count:
        raise FileFormatError(f"för få fält: väntade {form}.", file=file, line=lineno)


def parse_int(tok: Token, lineno: int, file: str, what: str) -> int:
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
