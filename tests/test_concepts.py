"""One table per concept (core/concepts.py): take a member's entry away and every place that shows
that member fails, naming it, instead of a bare KeyError deep in a renderer, or a word, a colour or
a count silently missing from one format."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

import docx
import pytest

from sydnarke_tui import console
from sydnarke_tui.core import concepts
from sydnarke_tui.core.charts import fulfilment_items, fulfilment_strip, weakest
from sydnarke_tui.core.checks import check, describe
from sydnarke_tui.core.compute import Computed, compute
from sydnarke_tui.core.concepts import (
    GOAL_STATUS,
    INDICATOR_STATUS,
    KIND,
    SEVERITY,
    STATEMENT,
    ConceptTable,
    GoalStatus,
    Kind,
    MissingConcept,
    Severity,
    Statement,
    Status,
)
from sydnarke_tui.core.consistency import signs
from sydnarke_tui.core.model import DEFAULT_PERIODS, Goal, Options
from sydnarke_tui.core.numbers import ParseError
from sydnarke_tui.io import export_docx, report_doc, tables
from sydnarke_tui.io.chart_svg import fulfilment_svg
from sydnarke_tui.io.import_table import plan_table_import
from sydnarke_tui.io.report_json import report_dict
from sydnarke_tui.session import parsing
from sydnarke_tui.session.log import shown
from sydnarke_tui.store.demo import demo_year
from sydnarke_tui.tui.charts import fulfilment_lines
from sydnarke_tui.tui.palette import ANSI, PLAIN

HELAR = DEFAULT_PERIODS[-1]


def every_member_year() -> Computed:
    """The demo year, changed so that it has every indicator status, goal status, severity and kind."""
    y = demo_year()
    desk = next(i for i in y.indicators() if "Servicedesk" in i.name)
    desk.values[HELAR.code].outcome = Decimal(10)  # 10 of ≥ 40: not achieved (38 was partly)
    goal_a = y.goals[0]
    # left with it and the two measured from 2020, goal A is not achieved
    goal_a.indicators = [i for i in goal_a.indicators if i is desk or i.value(HELAR.code).outcome is None]
    y.goals.append(Goal(99, "Ett mål utan indikatorer"))  # not assessed
    y.operating[0].budget = 1_000  # a revenue line with a cost's sign: a warning
    c = compute(y, HELAR, Options())
    a = c.assessment
    assert {s for s in Status if a.counts[s]} == set(Status)
    assert {gr.status for gr in a.goals} == set(GoalStatus)
    assert {f.severity for f in check(c)} == set(Severity)
    assert {ln.kind for ln in y.operating} == set(Kind)
    return c


C = every_member_year()
D = report_dict(C)


def _recompute() -> Computed:
    return compute(C.year, C.period, C.options)


def _goals_by_goal() -> Computed:
    return compute(C.year, C.period, replace(C.options, verdict_basis="goals"))


def _docx_chart() -> None:
    doc = docx.Document()
    export_docx._ensure_styles(doc)
    export_docx.add_chart(doc, report_doc.fulfilment_chart(C))


def _rejected(parse: Callable[[str], object]) -> str:
    """The message for a word that is no member (it lists every member's word)."""
    with pytest.raises(ParseError) as e:
        parse("x")
    return str(e.value)


def _log_row(field: str, value: Any) -> str:
    entity = {"manual_status": "indicator", "kind": "operating"}[field]
    return shown(type("Row", (), {"entity": entity, "field": field})(), value)


# Every place that shows an indicator status. Each gets data in which every status occurs.
STATUS_PLACES: dict[str, Callable[[Status], object]] = {
    "core.compute: the checker's figure path of the count": lambda s: _recompute().figures,
    "core.checks: the checker's name of the count": lambda s: describe(f"summary/{s.value}", C),
    "core.charts: the strip's glyph": lambda s: fulfilment_strip(fulfilment_items(C), 15),
    "core.charts: who needs attention first": lambda s: weakest(fulfilment_items(C), 3),
    "io.report_json: the summary's count": lambda s: report_dict(C),
    "io.report_doc: the count's sentence": lambda s: report_doc.report_document(C, D),
    "io.report_doc: the goal table's word": lambda s: report_doc._goal_table(D),
    "io.report_doc: the chart's note": lambda s: report_doc.fulfilment_chart(replace(C, assessment=replace(
        C.assessment, goals=C.assessment.goals * 10))),
    "io.tables: the word in csv/xlsx": lambda s: tables.report_tables(C, D),
    "io.chart_svg: the fill, pattern and word": lambda s: fulfilment_svg(report_doc.fulfilment_chart(C)),
    "io.export_docx: the bar's colour, glyph and word": lambda s: _docx_chart(),
    "tui.palette: the word's style": lambda s: PLAIN.status(s),
    "tui.palette: the bar's style": lambda s: ANSI.bar(s),
    "tui.charts: the strip and legend": lambda s: fulfilment_lines(fulfilment_items(C), 100),
    "session.parsing: the form's word": lambda s: parsing.fmt_status(s),
    "session.parsing: the word typed": lambda s: _rejected(parsing.parse_status),
    "session.log: the logged value": lambda s: _log_row("manual_status", s.value),
    "console: the CLI's overview": lambda s: console.overview(C, check(C)),
}

GOAL_STATUS_PLACES: dict[str, Callable[[GoalStatus], object]] = {
    "core.assessment: a goal's count in a verdict over goals": lambda s: _goals_by_goal(),
    "io.report_doc: the goal table's word": lambda s: report_doc._goal_table(D),
    "io.report_doc: the verdict's sentence": lambda s: report_doc._goal_blocks(C, {
        **D, "summary": {**D["summary"], "verdict": s.value}}),
    "io.tables: the word in csv/xlsx": lambda s: tables.report_tables(C, D),
    "tui.palette: the word's style": lambda s: PLAIN.status(s),
    "console: the CLI's overview": lambda s: console.overview(C, check(C)),
}

SEVERITY_PLACES: dict[str, Callable[[Severity], object]] = {
    "io.report_doc: the findings' table and count": lambda s: report_doc._check_blocks(D),
    "io.tables: the word in csv/xlsx": lambda s: tables.report_tables(C, D),
    "tui.palette via SEVERITY: the word's style": lambda s: PLAIN.role(SEVERITY[s].role),
}

KIND_PLACES: dict[str, Callable[[Kind], object]] = {
    "core.consistency: the sign's warning": lambda s: signs(C),
    "io.tables: the word in csv/xlsx": lambda s: tables.report_tables(C, D),
    "session.parsing: the form's word": lambda s: parsing.fmt_kind(s),
    "session.parsing: the word typed": lambda s: _rejected(parsing.parse_kind),
    "session.log: the logged value": lambda s: _log_row("kind", s.value),
    "console: the CLI's overview": lambda s: console.overview(C, check(C)),
}

def _line_path(s: Statement) -> str:
    lines = C.year.operating if s is Statement.OPERATING else C.year.investments
    return f"{s.value}/line/{lines[0].id}/outcome"


def _imported(s: Statement) -> list[str]:
    """An import of one new line into the statement: where the plan says it goes."""
    rows = "Slagtext;Typ;Budget;Utfall\nNy rad;kostnad;1;2\n" if s is Statement.OPERATING else \
        "Projekt;Kommun;Budget;Utfall\nNytt projekt;Laxå;1;2\n"
    plan = plan_table_import(C.year, "ny.csv", HELAR.code, s.value, data=rows.encode())
    assert plan.new_lines
    return plan.new_lines


STATEMENT_PLACES: dict[str, Callable[[Statement], object]] = {
    "core.checks: where a figure is": lambda s: describe(_line_path(s), C),
    "io.report_doc: the table's caption": lambda s: report_doc.report_document(C, D),
    "io.tables: the csv file and the xlsx sheet": lambda s: tables.report_tables(C, D),
    "io.import_table: where an imported line goes": _imported,
}

CASES = ([(INDICATOR_STATUS, s, name, f) for s in Status for name, f in STATUS_PLACES.items()]
         + [(GOAL_STATUS, s, name, f) for s in GoalStatus for name, f in GOAL_STATUS_PLACES.items()]
         + [(SEVERITY, s, name, f) for s in Severity for name, f in SEVERITY_PLACES.items()]
         + [(KIND, s, name, f) for s in Kind for name, f in KIND_PLACES.items()]
         + [(STATEMENT, s, name, f) for s in Statement for name, f in STATEMENT_PLACES.items()])


@pytest.mark.parametrize(("table", "member", "place", "show"), CASES,
                         ids=[f"{m.value}-{p}" for _, m, p, _ in CASES])
def test_a_member_without_its_entry_fails_by_name_wherever_it_is_shown(
        table: ConceptTable[Any, Any], member: StrEnum, place: str, show: Callable[[Any], object],
        monkeypatch: pytest.MonkeyPatch) -> None:
    show(member)  # with the table whole, the place shows it
    monkeypatch.delitem(table.entries, member)
    with pytest.raises(MissingConcept) as e:
        show(member)
    assert e.value.key is member
    assert f"'{member.value}'" in str(e.value) and f"concepts.{table.name}" in str(e.value)


@pytest.mark.parametrize("member", list(Status))
def test_a_forgotten_entry_stops_the_import_naming_it(member: Status) -> None:
    entries = {s: info for s, info in INDICATOR_STATUS.entries.items() if s is not member}
    with pytest.raises(MissingConcept, match=f"indicator status '{member.value}'"):
        ConceptTable("INDICATOR_STATUS", "indicator status", Status, entries)


def test_a_value_that_is_no_member_is_an_ordinary_miss() -> None:
    assert concepts.KIND_SV.get("net", "–") == "–"  # e.g. a logged value from an older database
    with pytest.raises(KeyError):
        INDICATOR_STATUS["maybe"]  # type: ignore[index]  # a str that is no Status, on purpose


def test_the_tables_say_what_the_contracts_and_the_printed_report_say() -> None:
    """The JSON keys are the data contract's enumeration values; the figure path is the count's."""
    assert [info.json_key for _, info in INDICATOR_STATUS.items()] == [s.value for s in Status]
    assert list(D["summary"])[:4] == [s.value for s in Status]
    assert {INDICATOR_STATUS[s].figure_path for s in Status} <= set(C.figures)
    glyphs = [info.glyph for _, info in INDICATOR_STATUS.items()]
    assert len(set(glyphs)) == len(glyphs)  # the status reads without colour
    assert sorted(info.attention for _, info in INDICATOR_STATUS.items()) == list(range(len(Status)))
    text = io.StringIO()
    console.print_overview(C, check(C), stream=text)
    assert "ej uppnådd: 1" in text.getvalue()
