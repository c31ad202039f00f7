"""Incremental recalculation: one edit recomputes only what depends on it (issue 10).

`compute()` is the reference and recomputes the whole year. `LiveYear` holds
the year, the period and the options together with running totals, and keeps
a `Computed` equal to `compute(year, period, options)` after every edit:

    live = LiveYear(year, period, options)      # one full compute
    c = live.result                             # a Computed, like compute()'s
    c = live.set_operating(line_id, "outcome", 1_200_000)           # the live period
    c = live.set_operating(line_id, "forecast", 1_300_000, "t1")    # another period: no recompute
    c = live.set_operating(line_id, "budget", 1_000_000)            # also previous_outcome
    c = live.set_investment(line_id, "outcome", 500_000)            # main or varav line
    c = live.set_indicator(ind_id, "outcome", Decimal("87"))        # forecast, manual_status ...
    c = live.set_indicator(ind_id, "target", Decimal("90"))         # comparison, partly_from_pct ...
    c = live.set_key_share("Laxå", "share_pct", Decimal("13.9"))    # or "base"
    live.reset(year, period, options)           # anything structural: full compute

Every `set_*` writes the value into the year (the same objects the caller
holds: the edit is applied, not copied) and returns the new result. Values
are already parsed (int kronor, Decimal/bool indicator values, `Status`,
`Comparison`...); None clears. Unknown ids raise KeyError, unknown fields
ValueError (a programming error, not user input).

What each edit costs (at an interim period, the first outcome or forecast
of a statement, or the last one cleared, changes every line's compared
figure from nothing to forecast-or-budget: a full recompute):
- an operating line's value: its figures, its kind's and its verksamhet's
  running totals, the net result, the three splits (O(members));
- an investment line: its figures, the total and the per-municipality sums
  behind the investment split (a varav row: its label's total);
- an indicator: its result, its goal's verdict (O(indicators in the goal)),
  the counts and the year's verdict from the counts (O(1));
- a key share: the key total and the splits.
Each result also copies the list of rows the edit touched (a few µs per
thousand rows) so that a result already handed out never changes. The
checker is not run here: run `check(live.result)` after a save.

A few fields move a line between groups: an operating line's `kind`,
`section` and `is_contribution`, an investment line's `municipality` and
`label`, the key's `basis` (`set_key_basis`). The `set_*` methods accept them
and recompute everything (rare edits, not keystrokes in a number). Other
structural edits (adding, deleting or moving lines, members or goals, the
period, the options) change the year directly and then call `reset()`.
"""

from __future__ import annotations

from dataclasses import replace as dc_replace
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .accounts import (
    Accumulator,
    Basis,
    Figures,
    InvestmentStatement,
    OperatingStatement,
    Section,
    line_figures,
    reports,
    varav_figures,
)
from .assessment import GOAL_AS_INDICATOR, GoalResult, YearAssessment, assess_indicator, goal_result, verdict_from_counts
from .compute import Computed, compute, compute_splits, contribution_total, investment_sums, linked_value
from .model import (
    GoalStatus,
    Indicator,
    IndicatorValue,
    InvestmentLine,
    Kind,
    LineValue,
    OperatingLine,
    Options,
    Period,
    Status,
    Year,
)

LINE_FIELDS = ("budget", "previous_outcome", "profile")
OPERATING_REGROUP = ("kind", "section", "is_contribution")  # set, then a full recompute
INVESTMENT_REGROUP = ("municipality", "label")
PERIOD_LINE_FIELDS = ("outcome", "forecast", "comment")
INDICATOR_FIELDS = ("target", "comparison", "partly_from_pct", "lower_formula", "baseline", "name", "unit")
# "link" too: set_indicator sets it and recomputes everything
PERIOD_INDICATOR_FIELDS = ("outcome", "forecast", "manual_status", "justification", "comment")
KEY_FIELDS = ("share_pct", "base")

T = TypeVar("T")


class LiveYear:
    """A year, its period and options, and their `Computed`, kept up to date edit by edit."""

    def __init__(self, year: Year, period: Period, options: Options | None = None) -> None:
        self.year, self.period, self.options = year, period, options or Options()
        self.reset()

    # ---------------------------------------------------------------- state

    def reset(self, year: Year | None = None, period: Period | None = None, options: Options | None = None) -> Computed:
        """Recompute everything (after a structural edit or a reload); arguments left out are kept."""
        self.year = year if year is not None else self.year
        self.period = period if period is not None else self.period
        self.options = options if options is not None else self.options
        c = compute(self.year, self.period, self.options)
        self._result = c
        self._indexed = False  # the statements' running totals: built by the first edit (_index)
        self._index_assessment(c.assessment)
        return c

    def _index(self) -> None:
        """The operating and investment running totals, from the result of the last reset. A reset does
        not build them: a year read to be shown need not pay for an accumulator per line (a third of
        preparing a 20 000-line year) before its first edit. Every `set_*` calls this first, so nothing
        has changed the result since the reset when it runs."""
        if not self._indexed:
            self._index_operating(self._result.operating)
            self._index_investments(self._result.investments)
            self._indexed = True

    @property
    def result(self) -> Computed:
        return self._result

    def _index_operating(self, op: OperatingStatement) -> None:
        self._op_pos = {ln.id: i for i, (ln, _) in enumerate(op.lines)}
        self._kind_acc = {Kind.REVENUE: Accumulator(), Kind.COST: Accumulator()}
        self._sec_pos = {s.label: i for i, s in enumerate(op.sections)}
        self._sec_acc: dict[str, dict[Kind, Accumulator]] = {
            s.label: {Kind.REVENUE: Accumulator(), Kind.COST: Accumulator()} for s in op.sections}
        for ln, f in op.lines:
            self._kind_acc[ln.kind].add(f)
            if ln.section is not None:
                self._sec_acc[ln.section][ln.kind].add(f)
        self._contribution = contribution_total(self.year)

    def _index_investments(self, inv: InvestmentStatement) -> None:
        self._inv_pos = {ln.id: i for i, (ln, _) in enumerate(inv.lines)}
        self._varav_pos = {ln.id: (parent, i) for parent, rows in inv.varav.items() for i, (ln, _) in enumerate(rows)}
        self._inv_acc = Accumulator(f for _, f in inv.lines)
        self._inv_sums = investment_sums(inv)
        self._varav_by_label: dict[str, list[tuple[int, int]]] = {}
        for x in self.year.investments:  # in the year's order, like investment_statement
            if x.parent_id is not None and x.id in self._varav_pos:
                self._varav_by_label.setdefault(x.label.strip(), []).append(self._varav_pos[x.id])

    def _index_assessment(self, a: YearAssessment) -> None:
        self._linked = [i.id for gr in a.goals for i, _ in gr.indicators if i.link]
        self._ind_pos = {i.id: (g, k) for g, gr in enumerate(a.goals) for k, (i, _) in enumerate(gr.indicators)}
        self._goal_counts = {s: 0 for s in GOAL_AS_INDICATOR}
        for gr in a.goals:
            self._goal_counts[gr.status] += 1

    # ---------------------------------------------------------------- operating

    def set_operating(self, line_id: int, field: str, value: Any, period: str | None = None) -> Computed:
        """Set `budget`/`previous_outcome`, or `outcome`/`forecast`/`comment` of a period (default: the live one)."""
        self._index()
        pos = self._op_pos[line_id]
        c = self._result
        ln, old = c.operating.lines[pos]
        if field in OPERATING_REGROUP or field == "label":
            setattr(ln, field, value)
            return self.reset() if field != "label" else c
        was = self._flags(ln)
        if not _apply_line(ln, field, value, period or self.period.code):
            return c
        if field == "budget" and ln.is_contribution:
            self._contribution = contribution_total(self.year)
        basis = self._moved(c.operating.basis, was, self._flags(ln))
        if basis is None:
            return self.reset()
        new = line_figures(ln.budget, ln.value(self.period.code), self.period, ln.previous_outcome, basis.reported,
                           ln.profile)
        if new == old and basis == c.operating.basis:
            return c  # e.g. another period, or a value put back
        lines = list(c.operating.lines)
        lines[pos] = (ln, new)
        kind = self._kind_acc[ln.kind]
        kind.add(old, -1)
        kind.add(new)
        sections = c.operating.sections
        if ln.section is not None:
            sections = list(sections)
            sections[self._sec_pos[ln.section]] = self._move_section(ln.section, ln.kind, old, new)
        revenue, cost = self._kind_acc[Kind.REVENUE].figures(), self._kind_acc[Kind.COST].figures()
        operating = OperatingStatement(lines, revenue, cost, revenue + cost, sections, basis)
        return self._with(c, operating=operating)

    def _flags(self, ln: OperatingLine | InvestmentLine) -> tuple[bool, bool]:
        """(compared on its forecast, has a value) for the live period: what `Basis` counts."""
        lv = ln.value(self.period.code)
        return (not self.period.full_year and lv.forecast is not None), reports(lv, self.period)

    def _moved(self, basis: Basis, was: tuple[bool, bool], now: tuple[bool, bool]) -> Basis | None:
        """The basis after one line's flags changed; None when every line's compared figure changes
        (the first value of an interim period, or the last one cleared): then a full recompute."""
        if was == now:
            return basis
        moved = dc_replace(basis, forecast_lines=basis.forecast_lines - was[0] + now[0],
                           reported_lines=basis.reported_lines - was[1] + now[1])
        if basis.interim and moved.reported != basis.reported:
            return None
        return moved

    def _move_section(self, section: str, kind: Kind, old: Figures, new: Figures) -> Section:
        accs = self._sec_acc[section]
        accs[kind].add(old, -1)
        accs[kind].add(new)
        revenue, cost = accs[Kind.REVENUE].figures(), accs[Kind.COST].figures()
        return Section(section, revenue, cost, revenue + cost)

    # ---------------------------------------------------------------- investments

    def set_investment(self, line_id: int, field: str, value: Any, period: str | None = None) -> Computed:
        """Like `set_operating`, for a main investment line or a varav row."""
        self._index()
        c = self._result
        if field in INVESTMENT_REGROUP:
            ln = _find(self.year.investments, lambda x: x.id == line_id, line_id)
            setattr(ln, field, value)
            return self.reset()
        if line_id in self._varav_pos:
            return self._set_varav(line_id, field, value, period)
        pos = self._inv_pos[line_id]
        ln, old = c.investments.lines[pos]
        was = self._flags(ln)
        if not _apply_line(ln, field, value, period or self.period.code):
            return c
        basis = self._moved(c.investments.basis, was, self._flags(ln))
        if basis is None:
            return self.reset()
        new = line_figures(ln.budget, ln.value(self.period.code), self.period, ln.previous_outcome, basis.reported,
                           ln.profile)
        if new == old and basis == c.investments.basis:
            return c
        lines = list(c.investments.lines)
        lines[pos] = (ln, new)
        self._inv_acc.add(old, -1)
        self._inv_acc.add(new)
        sums = self._inv_sums.setdefault(ln.municipality, [0, 0])
        sums[0] += (new.budget or 0) - (old.budget or 0)
        sums[1] += (new.compared or 0) - (old.compared or 0)
        inv = c.investments
        investments = InvestmentStatement(lines, inv.varav, self._inv_acc.figures(), inv.varav_totals, basis)
        return self._with(c, investments=investments)

    def _set_varav(self, line_id: int, field: str, value: Any, period: str | None) -> Computed:
        c = self._result
        parent, i = self._varav_pos[line_id]
        inv = c.investments
        ln, old = inv.varav[parent][i]
        if not _apply_line(ln, field, value, period or self.period.code):
            return c
        new = varav_figures(ln, self.period, inv.basis.reported)
        if new == old:
            return c
        varav = dict(inv.varav)
        varav[parent] = rows = list(varav[parent])
        rows[i] = (ln, new)
        label = ln.label.strip()
        # a label's total, over the (few) varav rows carrying it, in the year's order
        same = [varav[p][j][1] for p, j in self._varav_by_label[label]]
        total = same[0]
        for f in same[1:]:
            total = total + f
        totals = dict(inv.varav_totals)
        totals[label] = total
        investments = InvestmentStatement(inv.lines, varav, inv.total, totals, inv.basis)
        return self._with(c, investments=investments, splits=False)

    # ---------------------------------------------------------------- indicators

    def set_indicator(self, indicator_id: int, field: str, value: Any, period: str | None = None) -> Computed:
        """Set an indicator's `target`/`comparison`/... or a period's `outcome`/`forecast`/`manual_status`/..."""
        g, k = self._ind_pos[indicator_id]
        c = self._result
        ind = c.assessment.goals[g].indicators[k][0]
        if field == "link":  # which figure it follows: rare, a full recompute
            ind.link = value
            return self.reset()
        if not _apply_indicator(ind, field, value, period or self.period.code):
            return c
        assessment = self._reassess(c.assessment, [indicator_id], c.operating, c.investments)
        return c if assessment is None else self._with(c, assessment=assessment, splits=False)

    def _reassess(self, a: YearAssessment, ids: Iterable[int], op: OperatingStatement,
                  inv: InvestmentStatement) -> YearAssessment | None:
        """The assessment with these indicators assessed anew (linked ones on these statements);
        None when none of them changed."""
        goals, counts, by_id = list(a.goals), dict(a.counts), dict(a.by_indicator)
        changed: set[int] = set()
        for iid in ids:
            g, k = self._ind_pos[iid]
            gr = goals[g]
            ind, old = gr.indicators[k]
            new = assess_indicator(ind, self.period, self.options,
                                   linked_value(ind, op, inv) if ind.link else None)
            if new == old:
                continue
            results = list(gr.indicators)
            results[k] = (ind, new)
            goals[g] = GoalResult(gr.goal, gr.status, gr.clause, results)
            counts[old.status] -= 1
            counts[new.status] += 1
            by_id[iid] = new
            changed.add(g)
        if not changed:
            return None
        measured = sum(counts.values()) > counts[Status.NOT_MEASURED]
        if self.period.full_year and measured != (sum(a.counts.values()) > a.counts[Status.NOT_MEASURED]):
            changed = set(range(len(goals)))  # the year's first value, or its last one cleared: every goal
        for g in changed:
            gr = goals[g]
            goals[g] = goal_result(gr.goal, gr.indicators, self.period, self.options, measured)
            self._goal_counts[a.goals[g].status] -= 1
            self._goal_counts[goals[g].status] += 1
        status, clause = self._year_verdict(counts)
        return YearAssessment(goals, counts, status, clause, by_id)

    def _year_verdict(self, counts: dict[Status, int]) -> tuple[GoalStatus, str]:
        if self.options.verdict_basis == "goals":
            by_status = {s: 0 for s in Status}
            for gs, n in self._goal_counts.items():
                by_status[GOAL_AS_INDICATOR[gs]] += n
            counts = by_status
        n = sum(counts.values())
        return verdict_from_counts(n, counts[Status.ACHIEVED], counts[Status.PARTLY], self.options.tie,
                                   counts[Status.NOT_MEASURED] == n)

    # ---------------------------------------------------------------- the key

    def set_key_share(self, municipality: str, field: str, value: Any) -> Computed:
        """A member's `share_pct` (Decimal) or `base` (int): the key total and the splits."""
        if field not in KEY_FIELDS:
            raise ValueError(f"unknown key field {field!r}")
        self._index()
        member = _find(self.year.key.members, lambda m: m.municipality == municipality, municipality)
        setattr(member, field, value)
        return self._with(self._result)

    def set_key_basis(self, basis: str) -> Computed:
        """"shares" or "base": every member's share changes, so everything key-related is redone."""
        self._index()
        self.year.key.basis = basis
        return self._with(self._result)

    # ---------------------------------------------------------------- result

    def _with(self, c: Computed, operating: OperatingStatement | None = None,
              investments: InvestmentStatement | None = None, assessment: YearAssessment | None = None,
              splits: bool = True) -> Computed:
        """A new Computed with the parts given replaced; the splits redone from the running sums."""
        changes: dict[str, Any] = {}
        if operating is not None:
            changes["operating"] = operating
        if investments is not None:
            changes["investments"] = investments
        if assessment is not None:
            changes["assessment"] = assessment
        if self._linked and (operating is not None or investments is not None):
            # linked indicators follow their figures: re-assessed on the new statements
            relinked = self._reassess(assessment or c.assessment, self._linked, operating or c.operating,
                                      investments or c.investments)
            if relinked is not None:
                changes["assessment"] = relinked
        if splits:
            op = operating or c.operating
            result, contribution, per_member, total_pct, error = compute_splits(
                self.year, op.surplus, self._contribution, self._inv_sums)
            changes.update(result_split=result, contribution_split=contribution, investment_split=per_member,
                           key_total_pct=total_pct, split_error=error)
        self._result = dc_replace(c, **changes)  # a new object: its figures are built anew on first use
        return self._result


def _find(items: Iterable[T], match: Callable[[T], bool], key: object) -> T:
    for x in items:
        if match(x):
            return x
    raise KeyError(key)


def _apply_line(ln: OperatingLine | InvestmentLine, field: str, value: Any, period: str) -> bool:
    """Write the value; True when it can change this period's figures."""
    if field in LINE_FIELDS:
        setattr(ln, field, value)
        return True
    if field not in PERIOD_LINE_FIELDS:
        raise ValueError(f"unknown line field {field!r}")
    lv = ln.values.get(period)
    if lv is None:
        lv = ln.values[period] = LineValue()
    setattr(lv, field, value)
    return field != "comment"


def _apply_indicator(ind: Indicator, field: str, value: Any, period: str) -> bool:
    if field in INDICATOR_FIELDS:
        setattr(ind, field, value)
        return True
    if field not in PERIOD_INDICATOR_FIELDS:
        raise ValueError(f"unknown indicator field {field!r}")
    iv = ind.values.get(period)
    if iv is None:
        iv = ind.values[period] = IndicatorValue()
    setattr(iv, field, value)
    return field not in ("justification", "comment")
