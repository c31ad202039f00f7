"""Översikt's figures as one value: everything the overview screen shows, taken from a computed year.

The overview screen draws this and nothing else. At start the figures may come
from another process that read and computed the year while this one loaded
(session.early); once the year is read for editing they come from the
session. Both go through `overview_of` and the same drawing, so the two can
differ only by the data they were read from. The value is small (no year, no
lines) so that it crosses a pipe in microseconds even for a 20 000-line year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .accounts import Basis, Figures
from .charts import DeviationItem, FulfilmentItem, chart_deviations, fulfilment_items, weakest
from .checks import Finding
from .compute import Computed
from .model import GoalStatus, Period, Severity, Status

OVERVIEW_MAX_BARS = 12  # more lines than this: Översikt shows the largest deviations
OVERVIEW_MAX_STRIPS = 20  # more indicators than this: Översikt shows those that most need attention


@dataclass(frozen=True, slots=True)
class GoalLine:
    """A goal as Översikt lists it: its title and its verdict."""

    goal_id: int
    title: str
    status: GoalStatus


@dataclass(frozen=True, slots=True)
class MemberLine:
    """A member's share of the key, its part of the result and its contribution (kronor)."""

    municipality: str
    share_pct: Decimal
    result: int
    contribution: int


@dataclass(frozen=True)
class OverviewFigures:
    """Everything Översikt shows of a year and period (see the module docstring)."""

    year: int
    period: Period
    verdict: GoalStatus
    clause: str  # the assessment rule's clause that decided the verdict
    counts: dict[Status, int]  # indicators per status
    goals: tuple[GoalLine, ...]
    net: Figures  # the operating statement's net
    surplus: int  # positive: a surplus
    basis: Basis
    members: tuple[MemberLine, ...]  # in the result split's order
    split_error: str | None
    key_off_pct: Decimal | None  # a key of shares that does not sum to 100 %: its sum (the banner); else None
    findings: dict[Severity, int]  # the checker's findings per severity
    fulfilment: tuple[FulfilmentItem, ...]  # at most OVERVIEW_MAX_STRIPS
    fulfilment_total: int  # indicators in the year
    deviations: tuple[DeviationItem, ...]  # at most OVERVIEW_MAX_BARS
    deviations_total: int  # lines (or verksamheter) in the statement
    by_section: bool  # the deviations are per verksamhet

    @property
    def findings_total(self) -> int:
        return sum(self.findings.values())


def overview_of(c: Computed, findings: Iterable[Finding]) -> OverviewFigures:
    """The overview of a computed year and its findings."""
    a = c.assessment
    contribution = {r.municipality: r.amount for r in c.contribution_split}
    key = c.year.key
    off = key.basis == "shares" and bool(key.members) and c.key_total_pct != 100
    per_severity = {s: 0 for s in Severity}
    for f in findings:
        per_severity[f.severity] += 1
    ful = fulfilment_items(c)
    dev, dev_total = chart_deviations(c, OVERVIEW_MAX_BARS)
    return OverviewFigures(
        year=c.year.year, period=c.period, verdict=a.verdict, clause=a.clause, counts=dict(a.counts),
        goals=tuple(GoalLine(gr.goal.id, gr.goal.title, gr.status) for gr in a.goals),
        net=c.operating.net, surplus=c.surplus, basis=c.basis,
        members=tuple(MemberLine(r.municipality, r.share_pct, r.amount, contribution.get(r.municipality, 0))
                      for r in c.result_split),
        split_error=c.split_error, key_off_pct=c.key_total_pct if off else None, findings=per_severity,
        fulfilment=tuple(weakest(ful, OVERVIEW_MAX_STRIPS) if len(ful) > OVERVIEW_MAX_STRIPS else ful),
        fulfilment_total=len(ful), deviations=tuple(dev), deviations_total=dev_total,
        by_section=bool(c.operating.sections),
    )
