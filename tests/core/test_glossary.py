"""One glossary: the report's titles and the status words the screens, CLI and reports share."""

from __future__ import annotations

from sydnarke_tui.core import glossary as G
from sydnarke_tui.core.model import GOAL_STATUS_SV, KIND_SV, SEVERITY_SV, STATUS_SV, GoalStatus, Kind, Severity, Status


def test_report_titles():
    assert G.report_title(2020, "Helår", True) == "Verksamhetsberättelse 2020"
    assert G.report_title(2020, "T1", False) == "Delårsrapport T1 2020"
    assert G.report_title(2020, "T2", False) == "Delårsrapport T2 2020"
    assert G.report_title(2020, "Delår", False) == "Delårsrapport 2020"


def test_the_words_of_the_enumerations():
    """The words live in core.concepts' tables; the model's mappings read them from there."""
    assert dict(STATUS_SV) == {Status.ACHIEVED: "uppnådd", Status.PARTLY: "delvis",
                               Status.NOT_ACHIEVED: "ej uppnådd", Status.NOT_MEASURED: "ej mätt"}
    assert dict(GOAL_STATUS_SV) == {GoalStatus.ACHIEVED: "uppnås", GoalStatus.PARTLY: "delvis",
                                    GoalStatus.NOT_ACHIEVED: "uppnås ej", GoalStatus.NOT_ASSESSED: "ej bedömt"}
    assert KIND_SV[Kind.REVENUE] == "intäkt" and SEVERITY_SV[Severity.ROUNDING] == "avrundning"
    assert G.TOTALS == {"revenue": "Totalt intäkter", "cost": "Totalt kostnader", "net": "Nettoresultat"}
