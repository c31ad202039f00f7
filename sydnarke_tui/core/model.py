"""The in-memory model of one year: plain dataclasses, no I/O.

Amounts are whole kronor (int) with ledger signs: revenues negative, costs
positive. Indicator values are Decimal, or bool for yes/no indicators.
Entity ids are unique per entity type within a year; the store assigns them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

# The enumerations shown in many places and their one table each (core.concepts), importable from here too.
from .concepts import (  # re-exported: `X as X`
    GOAL_STATUS_SV as GOAL_STATUS_SV,
    KIND_SV as KIND_SV,
    SEVERITY_PLURAL_SV as SEVERITY_PLURAL_SV,
    SEVERITY_SV as SEVERITY_SV,
    STATUS_SV as STATUS_SV,
    GoalStatus as GoalStatus,
    Kind as Kind,
    Severity as Severity,
    Status as Status,
)

Value = Decimal | bool


class Comparison(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="
    MANUAL = "manual"

    @property
    def higher_is_better(self) -> bool:
        return self in (Comparison.GE, Comparison.GT)

    @property
    def symbol(self) -> str:
        return {"<=": "≤", ">=": "≥", "manual": "manuell"}.get(self.value, self.value)

    @classmethod
    def parse(cls, text: str) -> "Comparison":
        s = text.strip().lower()
        aliases = {
            "≥": ">=", "=>": ">=", "≤": "<=", "=<": "<=", "==": "=",
            "manuell": "manual", "m": "manual",
        }
        s = aliases.get(s, s)
        try:
            return cls(s)
        except ValueError:
            from .numbers import ParseError

            raise ParseError(
                f"'{text.strip()}' är ingen jämförelse: ange ≥, >, ≤, <, = eller manuell."
            ) from None


class LowerFormula(StrEnum):
    LINEAR = "linear"  # 2 - outcome/target, floored at 0
    RATIO = "ratio"  # target/outcome


# Audit log wording (store field names, entities and actions), shared by the app and the CLI.
FIELD_SV = {
    "outcome": "utfall", "forecast": "prognos", "target": "målvärde", "name": "namn", "title": "rubrik",
    "label": "rad", "budget": "budget", "comment": "kommentar", "share_pct": "andel", "base": "underlag",
    "municipality": "kommun", "kind": "typ", "comparison": "jämförelse", "partly_from_pct": "delvis från %",
    "lower_formula": "formel", "manual_status": "manuell status", "justification": "motivering", "unit": "enhet",
    "organisation": "organisation", "key_basis": "nyckel", "narrative": "berättelse", "baseline": "basvärde",
    "is_contribution": "driftbidrag", "previous_outcome": "fjolårets utfall", "position": "position",
    "printed": "tryckt värde", "schema": "schemaversion",
}
ENTITY_SV = {"goal": "mål", "indicator": "indikator", "operating": "driftrad", "investment": "investering",
             "member": "medlem", "year": "år", "printed": "tryckt värde", "database": "databas"}
ACTION_SV = {"set": "ändrat", "add": "lagt till", "delete": "tagit bort", "move": "flyttat", "undo": "ångrat",
             "redo": "gjort om", "import": "import", "load": "inläsning", "new-year": "nytt år",
             "create": "skapat databasen", "migrate": "uppgradering"}


@dataclass(frozen=True)
class Period:
    """A reporting period of the year (T1, Delår, Helår), from January up to `last_month`."""

    code: str  # stable ASCII identifier (a bare TOML key): "t1", "delar", "helar"
    name: str
    last_month: int  # 4, 8, 12
    full_year: bool = False


DEFAULT_PERIODS: tuple[Period, ...] = (
    Period("t1", "T1", 4),
    Period("delar", "Delår", 8),
    Period("helar", "Helår", 12, full_year=True),
)


@dataclass
class Options:
    """Assessment options (config.toml [assessment] and [checks])."""

    partly_from_pct: int = 70
    tie: GoalStatus = GoalStatus.NOT_ACHIEVED
    verdict_basis: str = "indicators"  # or "goals"
    lower_formula: LowerFormula = LowerFormula.LINEAR
    large_deviation_pct: int = 10  # of budget
    large_deviation_min_kr: int = 100_000


@dataclass(slots=True)
class IndicatorValue:
    """An indicator's values for one period: outcome, forecast, manual status, justification and comment."""

    outcome: Value | None = None
    forecast: Value | None = None  # full-year forecast at interim periods
    manual_status: Status | None = None
    justification: str = ""
    comment: str = ""


@dataclass(slots=True)
class Indicator:
    """A measure of a goal: how its value is compared with its target, and its values per period."""

    id: int
    name: str
    comparison: Comparison = Comparison.GE
    target: Value | None = None
    unit: str = ""
    partly_from_pct: int | None = None  # None: use Options.partly_from_pct
    lower_formula: LowerFormula | None = None  # None: use Options.lower_formula
    baseline: Value | None = None  # previous year's outcome ("öka från")
    # A figure path of the year (e.g. the net result's deviation): the outcome follows it, never typed.
    link: str | None = None
    values: dict[str, IndicatorValue] = field(default_factory=dict)
    version: int = 1

    def value(self, period: str) -> IndicatorValue:
        return self.values.get(period) or IndicatorValue()


@dataclass(slots=True)
class Goal:
    """One of the nämnd's goals: its indicators and its analysis (comment) per period."""

    id: int
    title: str
    indicators: list[Indicator] = field(default_factory=list)
    comments: dict[str, str] = field(default_factory=dict)  # per period
    version: int = 1


@dataclass(slots=True)
class LineValue:
    """A statement line's outcome and forecast for one period, and its comment."""

    outcome: int | None = None  # to date at interim periods
    forecast: int | None = None  # full year, interim periods
    comment: str = ""


@dataclass(slots=True)
class OperatingLine:
    """A line of the operating statement: a revenue or a cost, its budget and its values per period."""

    id: int
    label: str
    kind: Kind
    budget: int | None = None  # the year's budget
    values: dict[str, LineValue] = field(default_factory=dict)
    is_contribution: bool = False  # the members' contribution (driftbidrag)
    previous_outcome: int | None = None
    version: int = 1
    section: str | None = None  # the verksamhet the line is printed under; None = flat
    # Budget per month (12 whole-krona amounts summing to `budget`); None spreads it in twelfths.
    profile: tuple[int, ...] | None = None

    def value(self, period: str) -> LineValue:
        return self.values.get(period) or LineValue()


@dataclass(slots=True)
class InvestmentLine:
    """A line of the investment statement: a project (common or one member's) or a varav row under one."""

    id: int
    label: str
    municipality: str | None = None  # None: common to all members
    budget: int | None = None
    values: dict[str, LineValue] = field(default_factory=dict)
    parent_id: int | None = None  # set on a varav row: shown, never totalled
    previous_outcome: int | None = None
    version: int = 1
    # Budget per month (12 whole-krona amounts summing to `budget`); None spreads it in twelfths.
    profile: tuple[int, ...] | None = None

    def value(self, period: str) -> LineValue:
        return self.values.get(period) or LineValue()


@dataclass(slots=True)
class KeyShare:
    """A member municipality in the key: its share in percent or its base count (by the key's basis)."""

    municipality: str
    share_pct: Decimal | None = None  # basis "shares"
    base: int | None = None  # basis "base" (e.g. population)
    id: int = 0
    version: int = 1


@dataclass
class Key:
    """The year's key (fördelningsnyckel): how amounts are split between the members, by shares or base counts."""

    basis: str = "shares"  # "shares" or "base"
    members: list[KeyShare] = field(default_factory=list)
    version: int = 1  # of the basis; each member's share/base has its own version


@dataclass(frozen=True)
class PrintedValue:
    """A figure as printed in a published report or imported file.

    `value` is in `unit` as printed: 784 with unit "tkr", 22027 with "kr",
    143 with "%".
    """

    value: Decimal
    unit: str = "tkr"


@dataclass
class Year:
    """One year of the nämnd: periods, goals and indicators, both statements, the key, printed values, narrative."""

    year: int
    organisation: str = ""
    periods: list[Period] = field(default_factory=lambda: list(DEFAULT_PERIODS))
    goals: list[Goal] = field(default_factory=list)
    operating: list[OperatingLine] = field(default_factory=list)
    investments: list[InvestmentLine] = field(default_factory=list)
    key: Key = field(default_factory=Key)
    # period code -> figure path -> printed value (see core.figures for paths)
    printed: dict[str, dict[str, PrintedValue]] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)  # per period
    # Row versions for saves against what was read (the store fills them):
    # `version` covers the organisation; each period's narrative has its own.
    version: int = 1
    narrative_versions: dict[str, int] = field(default_factory=dict)

    def narrative_version(self, period: str) -> int:
        """The version a narrative save must name; 0 while the period has no saved text."""
        return self.narrative_versions.get(period, 0)

    def period(self, code: str) -> Period:
        for p in self.periods:
            if p.code == code:
                return p
        raise KeyError(code)

    def indicators(self) -> list[Indicator]:
        return [i for g in self.goals for i in g.indicators]

    def find_period(self, text: str) -> Period:
        """Match a period by code or name, case-insensitive, å/ä/ö-insensitive."""
        want = _fold(text)
        for p in self.periods:
            if want in (_fold(p.code), _fold(p.name)):
                return p
        from .numbers import ParseError

        names = ", ".join(p.code for p in self.periods)
        raise ParseError(f"Okänd period '{text}': välj en av {names}.")

    @property
    def full_year_period(self) -> Period:
        for p in self.periods:
            if p.full_year:
                return p
        return self.periods[-1]


def _fold(text: str) -> str:
    return text.strip().lower().translate(str.maketrans("åäö", "aao"))
