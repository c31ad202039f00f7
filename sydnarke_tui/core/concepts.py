"""One table per concept that many places show: indicator and goal status, finding severity, kind of
operating line, and the statement a line is in (operating or investment).

Each enumeration (its values are the data contract's, DESIGN §5) has one table here that says
everything about how its members are shown: the Swedish word on screens, in the CLI and in every
report; the meaning the screen palette colours it by; the strip's glyph; the SVG and Word fills;
the JSON count and the checker's figure path; the report's sentences. A new status is one enum
member and one entry below, and the places that show a member read all of that from here (the
rules that decide a member, and the importers' lists of words they accept, are elsewhere).

A member without an entry stops the import with `MissingConcept` naming it; a place that shows a
member looks it up in the table when it draws (`TABLE[member]`, or a view such as `STATUS_SV`), so
an entry taken away at run time (a test does) fails there by name, never as a bare KeyError deep in
a renderer. A value that is no member at all is an ordinary KeyError (`view.get(x, default)` works).

Pure: no I/O, no Textual. Colours are plain strings (`#rrggbb` for SVG, `RRGGBB` for Word).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Literal, TypeVar

# The meanings the screen palette (tui/palette.py) has a legible style for, per theme.
Role = Literal["better", "worse", "partly", "muted"]


class Status(StrEnum):
    """An indicator's status."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"
    NOT_MEASURED = "not_measured"


class GoalStatus(StrEnum):
    """A goal's verdict, and the year's."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"
    NOT_ASSESSED = "not_assessed"


class Kind(StrEnum):
    """An operating line's kind (ledger signs: revenues negative, costs positive)."""

    REVENUE = "revenue"
    COST = "cost"


class Severity(StrEnum):
    """A checker finding's severity."""

    ERROR = "error"
    WARNING = "warning"
    ROUNDING = "rounding"


K = TypeVar("K", bound=StrEnum)
V = TypeVar("V")
T = TypeVar("T")


class MissingConcept(LookupError):
    """A member of an enumeration with no entry in its table. Not a KeyError on purpose: the
    `except KeyError` fallbacks of the places that show a member must not hide a forgotten entry."""

    def __init__(self, table: str, concept: str, key: StrEnum) -> None:
        super().__init__(f"{concept} '{key.value}' ({type(key).__name__}.{key.name}) has no entry in "
                         f"sydnarke_tui.core.concepts.{table}: add one there")
        self.key = key


class ConceptTable(Generic[K, V]):
    """member -> how it is shown. Iterates in the enumeration's order (the order reports print)."""

    def __init__(self, name: str, concept: str, keys: type[K], entries: dict[K, V]) -> None:
        self.name = name  # the module attribute, for the message
        self.concept = concept  # "indicator status": what a member is, for the message
        self.keys: tuple[K, ...] = tuple(keys)
        self.entries = entries
        missing = next((k for k in self.keys if k not in entries), None)
        if missing is not None:  # the import fails, naming the member without an entry
            raise MissingConcept(name, concept, missing)

    def __getitem__(self, key: K) -> V:
        try:
            return self.entries[key]
        except KeyError:
            member = next((k for k in self.keys if k == key), None)
            if member is None:
                raise  # no member at all: an ordinary miss
            raise MissingConcept(self.name, self.concept, member) from None

    def __iter__(self) -> Iterator[K]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def items(self) -> Iterator[tuple[K, V]]:
        return ((k, self[k]) for k in self.keys)

    def view(self, get: Callable[[V], T]) -> ConceptView[K, T]:
        return ConceptView(self, get)


class ConceptView(Mapping[K, T]):
    """One column of a table as a mapping, read from the table at each lookup (never a copy)."""

    def __init__(self, table: ConceptTable[K, V], get: Callable[[V], T]) -> None:
        self._table = table
        self._get: Callable[[K], T] = lambda k: get(table[k])

    def __getitem__(self, key: K) -> T:
        return self._get(key)

    def __iter__(self) -> Iterator[K]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def alternatives(words: list[str], last: str = "eller") -> str:
    """'a, b, c eller d': the choices a message offers ('a, b och c' with last="och")."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {last} " + words[-1]


# ------------------------------------------------------------------ indicator status


@dataclass(frozen=True)
class StatusInfo:
    """How an indicator status is shown: its words, palette role, glyph, report fills, JSON key and count sentence."""

    label: str  # the word on screens, in the CLI and in reports ("uppnådd")
    plural: str  # an indicator count in prose ("ej uppnådda")
    role: Role  # the palette's meaning for its word and bar
    glyph: str  # the fulfilment strip's pattern: status reads without colour (NO_COLOR, a b/w printer)
    svg_fill: str  # the report's SVG bar: a colour, "none", or url(#id) of `svg_pattern`
    docx_rgb: str  # the Word chart's bar colour, RRGGBB
    json_key: str  # the count's key in the JSON report's summary (DESIGN §5)
    count_line: str  # the report's sentence for the count, {n} the number
    attention: int  # rank among "needs attention first" (0 first): charts that cannot show every indicator
    svg_pattern: str = ""  # the <pattern> element `svg_fill` names, when it is one

    @property
    def figure_path(self) -> str:
        """The checker's path of the year's count (core.compute)."""
        return f"summary/{self.json_key}"


INDICATOR_STATUS: ConceptTable[Status, StatusInfo] = ConceptTable("INDICATOR_STATUS", "indicator status", Status, {
    Status.ACHIEVED: StatusInfo(
        "uppnådd", "uppnådda", "better", "█", "#2e7d32", "2E7D32", "achieved",
        "{n} st bedöms uppnådda", 3),
    Status.PARTLY: StatusInfo(
        "delvis", "delvis uppnådda", "partly", "▓", "url(#sydnarke-partly)", "B26A00", "partly",
        "{n} st bedöms delvis uppnådda", 1,
        '<pattern id="sydnarke-partly" width="16" height="16" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="16" height="16" fill="#f9a825"/>'
        '<rect width="6" height="16" fill="#6d4c00"/></pattern>'),
    Status.NOT_ACHIEVED: StatusInfo(
        "ej uppnådd", "ej uppnådda", "worse", "░", "url(#sydnarke-not-achieved)", "C62828", "not_achieved",
        "{n} st bedöms inte uppnådda", 0,
        '<pattern id="sydnarke-not-achieved" width="14" height="14" patternUnits="userSpaceOnUse">'
        '<rect width="14" height="14" fill="#ffcdd2"/><circle cx="7" cy="7" r="3.5" fill="#c62828"/></pattern>'),
    Status.NOT_MEASURED: StatusInfo(
        "ej mätt", "ej mätta", "muted", "·", "none", "666666", "not_measured",
        "{n} st har inte kunnat mätas", 2),
})

STATUS_SV: Mapping[Status, str] = INDICATOR_STATUS.view(lambda i: i.label)


def status_of_path(path: str) -> Status | None:
    """The status whose count `path` names (summary/<key>), or None."""
    return next((s for s, info in INDICATOR_STATUS.items() if info.figure_path == path), None)


# ------------------------------------------------------------------ goal status


@dataclass(frozen=True)
class GoalStatusInfo:
    """How a goal status is shown, and how a goal counts when the year's verdict is taken over goals."""

    label: str  # "uppnås"
    role: Role
    verdict_sentence: str  # the report's sentence under the year's counts
    as_indicator: Status  # how a goal counts when the year's verdict is taken over goals (verdict_basis)


GOAL_STATUS: ConceptTable[GoalStatus, GoalStatusInfo] = ConceptTable("GOAL_STATUS", "goal status", GoalStatus, {
    GoalStatus.ACHIEVED: GoalStatusInfo(
        "uppnås", "better", "Vilket gör att nämndmålen uppnås.", Status.ACHIEVED),
    GoalStatus.PARTLY: GoalStatusInfo(
        "delvis", "partly", "Vilket gör att nämndmålen uppnås delvis.", Status.PARTLY),
    GoalStatus.NOT_ACHIEVED: GoalStatusInfo(
        "uppnås ej", "worse", "Vilket gör att nämndmålen inte uppnås.", Status.NOT_ACHIEVED),
    GoalStatus.NOT_ASSESSED: GoalStatusInfo(
        "ej bedömt", "muted", "Nämndmålen har inte bedömts.", Status.NOT_MEASURED),
})

GOAL_STATUS_SV: Mapping[GoalStatus, str] = GOAL_STATUS.view(lambda i: i.label)


def role_of(status: Status | GoalStatus) -> Role:
    """The palette's meaning of an indicator's or a goal's status."""
    return INDICATOR_STATUS[status].role if isinstance(status, Status) else GOAL_STATUS[status].role


# ------------------------------------------------------------------ finding severity


@dataclass(frozen=True)
class SeverityInfo:
    """How a finding's severity is shown: its words, palette role and the report's count."""

    label: str  # "varning"
    plural: str  # "varningar"
    role: Role
    report_count: str  # the report's count of findings, {n} the number ("{n} avrundningsskillnader")


SEVERITY: ConceptTable[Severity, SeverityInfo] = ConceptTable("SEVERITY", "severity", Severity, {
    Severity.ERROR: SeverityInfo("fel", "fel", "worse", "{n} fel"),
    Severity.WARNING: SeverityInfo("varning", "varningar", "partly", "{n} varningar"),
    Severity.ROUNDING: SeverityInfo("avrundning", "avrundningar", "muted", "{n} avrundningsskillnader"),
})

SEVERITY_SV: Mapping[Severity, str] = SEVERITY.view(lambda i: i.label)
SEVERITY_PLURAL_SV: Mapping[Severity, str] = SEVERITY.view(lambda i: i.plural)


# ------------------------------------------------------------------ kind of operating line


@dataclass(frozen=True)
class KindInfo:
    """How a kind of operating line is shown, and the ledger sign its amounts are stored with."""

    label: str  # "intäkt"
    plural: str  # "intäkter"
    total_label: str  # the statement's total row, as the nämnd's report prints it
    negative: bool  # ledger sign: stored negative (revenues), as in SIE files
    sign_word: str  # what the checker says it is written with


KIND: ConceptTable[Kind, KindInfo] = ConceptTable("KIND", "kind of line", Kind, {
    Kind.REVENUE: KindInfo("intäkt", "intäkter", "Totalt intäkter", True, "minustecken"),
    Kind.COST: KindInfo("kostnad", "kostnader", "Totalt kostnader", False, "plustecken"),
})

KIND_SV: Mapping[Kind, str] = KIND.view(lambda i: i.label)


# ------------------------------------------------------------------ statement: operating or investment line


class Statement(StrEnum):
    """The statement a line belongs to; the value is its key in the JSON report and its figure paths' head."""

    OPERATING = "operating"
    INVESTMENTS = "investments"


@dataclass(frozen=True)
class StatementInfo:
    """How a statement is named: in places, as the report's caption, on the command line and as a sheet."""

    where: str  # the head of a place the checker and an import name ("Driftredovisning › Tjänster › utfall")
    title: str  # the report's table caption, as the nämnd's report prints it
    slug: str  # the csv file's stem and the word for it on the command line and in the import dialog
    sheet: str  # the xlsx sheet's name


STATEMENT: ConceptTable[Statement, StatementInfo] = ConceptTable("STATEMENT", "statement", Statement, {
    Statement.OPERATING: StatementInfo("Driftredovisning", "Driftredovisning", "drift", "Drift"),
    Statement.INVESTMENTS: StatementInfo("Investeringar", "Investeringsredovisning", "investeringar", "Investeringar"),
})

STATEMENT_SV: Mapping[Statement, str] = STATEMENT.view(lambda i: i.where)


def place(statement: Statement, *parts: str) -> str:
    """Where a figure is, in words: 'Driftredovisning › Tjänster › utfall'."""
    return " › ".join([STATEMENT[statement].where, *parts])
