"""The shapes of the JSON report (schema "sydnarke-report/1", DESIGN §5) for the type checker.

`report_json.report_dict` builds a `ReportDict`; the md, html, docx, csv and
xlsx exports read it. Keys marked NotRequired are written only when they
apply: `forecast` and `previous_outcome` when some line has one, `compared`
and `to_date` at an interim period, a split's `sum` and `error` when there
is one. Amounts are whole kronor (int), percentages ints, key shares and
indicator values exact numbers (int or Decimal), yes/no values "Ja"/"Nej".
"""

# No `from __future__ import annotations`: the annotations are evaluated, so that NotRequired shows in
# each TypedDict's __required_keys__ / __optional_keys__ (the report test compares the report with them).
from decimal import Decimal
from typing import NotRequired, TypedDict

Number = int | Decimal  # exact: an integral Decimal is written as an int
IndicatorValueOut = Number | str | None  # "Ja"/"Nej" for a yes/no indicator; None when missing


class IndicatorDict(TypedDict):
    name: str
    unit: str
    comparison: str
    target: IndicatorValueOut
    outcome: IndicatorValueOut
    fulfilment_pct: int | None
    status: str
    link: str | None
    forecast: NotRequired[IndicatorValueOut]
    previous_outcome: NotRequired[IndicatorValueOut]


class GoalDict(TypedDict):
    title: str
    status: str
    clause: str
    indicators: list[IndicatorDict]


class ToDateDict(TypedDict):
    budget: int | None
    outcome: int | None
    deviation: int | None


class FiguresDict(TypedDict):
    """A line's or total's figures."""

    budget: int | None
    outcome: int | None
    deviation: int | None
    compared: NotRequired[int | None]
    to_date: NotRequired[ToDateDict]
    forecast: NotRequired[int | None]
    previous_outcome: NotRequired[int | None]


class OperatingLineDict(FiguresDict):
    label: str
    kind: str
    section: str | None


class VaravDict(TypedDict):
    label: str
    outcome: int | None
    previous_outcome: NotRequired[int | None]


class InvestmentLineDict(FiguresDict):
    label: str
    municipality: str | None
    varav: list[VaravDict]


class BasisDict(TypedDict):
    kind: str  # "outcome" (full year) or "forecast" (interim)
    lines: int
    forecast_lines: int
    budget_lines: int
    reported_lines: int
    text: str | None


class SectionDict(TypedDict):
    label: str
    revenue: FiguresDict
    cost: FiguresDict
    net: FiguresDict


class TotalsDict(TypedDict):
    revenue: FiguresDict
    cost: FiguresDict
    net: FiguresDict


class OperatingDict(TypedDict):
    lines: list[OperatingLineDict]
    sections: list[SectionDict]
    totals: TotalsDict
    basis: BasisDict


class VaravTotalDict(TypedDict):
    label: str
    outcome: int | None


class InvestmentsDict(TypedDict):
    lines: list[InvestmentLineDict]
    total: FiguresDict
    varav_totals: list[VaravTotalDict]
    basis: BasisDict


class SplitRowDict(TypedDict):
    municipality: str
    share_pct: Number
    amount: int


class MemberInvestmentDict(TypedDict):
    municipality: str
    share_pct: Number
    own_outcome: int
    common_outcome: int
    outcome: int


class SplitSumDict(TypedDict):
    share_pct: Number
    result: int
    contribution: int
    own_outcome: int
    common_outcome: int
    outcome: int


class SplitDict(TypedDict):
    basis: str
    surplus: int
    result: list[SplitRowDict]
    contribution: list[SplitRowDict]
    investments: list[MemberInvestmentDict]
    sum: NotRequired[SplitSumDict]
    error: NotRequired[str]


class CheckDict(TypedDict):
    severity: str
    where: str
    printed: Number | None
    computed: Number | None
    unit: str | None
    message: str


# SummaryDict and ReportDict in the functional form: their keys are read only by subscript (d["summary"]),
# which the dead-code check (vulture) cannot see, and class attributes never read would be reported unused.
SummaryDict = TypedDict("SummaryDict", {
    "achieved": int,
    "partly": int,
    "not_achieved": int,
    "not_measured": int,
    "verdict": str,
    "clause": str,
})


class AuditDict(TypedDict):
    rows: int
    head: str


ReportDict = TypedDict("ReportDict", {
    "schema": str,
    "organisation": str,
    "year": int,
    "period": str,
    "period_code": str,
    "summary": SummaryDict,
    "goals": list[GoalDict],
    "operating": OperatingDict,
    "investments": InvestmentsDict,
    "split": SplitDict,
    "checks": list[CheckDict],
    "audit": NotRequired[AuditDict],
})

def varav_figures(v: VaravDict) -> FiguresDict:
    """A varav row as a line's figures for a table row: an outcome (and last year's), no budget or deviation."""
    fig: FiguresDict = {"budget": None, "outcome": v["outcome"], "deviation": None}
    if "previous_outcome" in v:
        fig["previous_outcome"] = v["previous_outcome"]
    return fig
