"""Bursts of keys through a real pseudo-terminal, each burst in ONE write (issue 8).

One process per test; each test walks several steps in it. Run alone:
`pytest tests/pty` (about 30 s on a quiet machine).
"""

from __future__ import annotations

import re

from ptyapp import PtyApp

from sydnarke_tui.store.db import Store

NBSP = "\u00a0"


def field(app: PtyApp, label: str) -> str:
    """The text after a form label, e.g. field(app, 'Utfall Helår') -> '10 381,7'."""
    for line in app.text().split("\n"):
        at = line.find(label.ljust(16))  # a form label is 16 cells wide (tui/widgets.py)
        if at >= 0 and (at == 0 or line[at - 1] in " ▶"):  # ▶ marks the focused field
            return re.split(r"│|\s{3,}", line[at + 16:].strip())[0]
    return ""


def wait_field(app: PtyApp, label: str, value: str) -> None:
    app.wait_for(lambda _t: field(app, label) == value, what=f"{label} = {value!r}")


def done_when(app: PtyApp, label: str) -> None:
    """The issue's sequence on the focused field: Ctrl+U 4711; two Backspaces 99; 5 Backspace 6."""
    app.write("ctrl+u", "4711")
    wait_field(app, label, "4711")
    app.write("backspace", "backspace", "99")
    wait_field(app, label, "4799")
    app.write("5", "backspace", "6")
    wait_field(app, label, "47996")


def quit_discarding(app: PtyApp) -> int:
    app.write("ctrl+q")
    app.wait_for("Osparad ändring", what="the quit question")
    app.write("a")
    return app.proc.wait(timeout=10)


def test_drift_tabs_reach_the_field_and_edits_apply_in_order(run_pty, tmp_path):
    app = run_pty()
    app.write("f4")
    app.wait_for("Nettoresultat")
    # Enter opens the row's form while Tab Tab Tab 5 are already on their way.
    app.write("down", "down", "enter", "tab", "tab", "tab", "5")
    wait_field(app, "Utfall Helår", "10 381,75")
    assert field(app, "Rad") == "Personalkostnader"
    done_when(app, "Utfall Helår")
    # clear + type, and a paste with a no-break space as the thousands separator
    app.write("ctrl+u", f"1{NBSP}417,5")
    wait_field(app, "Utfall Helår", f"1{NBSP}417,5")  # the no-break space kept as typed
    app.wait_for(lambda _t: app.line_with("Personalkostnader ").split()[3:5] == ["1", "418"],
                 what="1 417,5 tkr in the table")
    assert "⚠" not in app.text()
    app.write("enter")
    wait_field(app, "Utfall Helår", "1 417,5")
    # fast typing and ten quick Backspaces never crash (the wrapped-panel IndexError)
    app.write(*["backspace"] * 10, "10 481,7")
    wait_field(app, "Utfall Helår", "10 481,7")
    app.write(*["backspace"] * 10)
    wait_field(app, "Utfall Helår", "")
    app.write("escape")
    wait_field(app, "Utfall Helår", "1 417,5")
    assert app.close() == 0
    store = Store.open(tmp_path / "sydnarke.db")
    line = next(x for x in store.load_year(2019).operating if x.label == "Personalkostnader")
    assert line.value("helar").outcome == 1_417_500
    store.close()


def test_small_terminal_fast_typing_never_crashes(run_pty):
    app = run_pty(60, 15)
    app.write("f4")
    app.wait_for("Rad")
    app.write("down", "down", "enter", "tab", "tab", "tab")
    app.wait_quiet()
    for burst in (["ctrl+u", "10 481,7"], ["backspace"] * 10, ["x", "y", "backspace", "backspace", "7"]):
        app.write(*burst)
        app.wait_quiet(0.2)
    assert app.proc.poll() is None, app.text()
    assert "Oväntat fel" not in app.text()
    assert quit_discarding(app) == 0


def test_investment_goal_and_key_forms(run_pty):
    app = run_pty()
    app.write("f5")
    app.wait_for("Projekt")
    app.write("down", "down", "enter", "tab", "tab", "tab")
    app.wait_for(lambda _t: field(app, "Rad") == "IT invest Laxå")
    done_when(app, "Utfall Helår")
    app.write("escape")
    app.wait_for(lambda _t: field(app, "Utfall Helår") == "1 945,3")
    app.write("f3")
    app.wait_for("Mål / indikator")
    app.write("enter")  # the goal's title
    done_when(app, "Mål")
    app.write("escape")
    app.write("f6")
    app.wait_for("Medlem")
    app.write("enter", "tab", "tab")  # Kommun, Andel %
    done_when(app, "Andel %")
    assert quit_discarding(app) == 0


def test_narrative_editor_and_escape_asks(run_pty, tmp_path):
    app = run_pty()
    app.write("8")
    app.wait_for("Sparad · ^S")
    app.write("enter", "4711")
    app.wait_for("47112019 har")
    app.write("backspace", "backspace", "99")
    app.wait_for("47992019 har")
    app.write("5", "backspace", "6")
    app.wait_for("479962019 har")
    app.write("ctrl+u", "Året")  # delete to the start of the line, then type
    app.wait_for(lambda t: "Året2019 har" in t and "47996" not in t, what="Ctrl+U then text")
    # Esc with unsaved text asks; a following `w` is not typed into the text
    app.write("escape")
    app.wait_for("Osparad text")
    app.write("w")
    app.wait_quiet(0.3)
    assert "Osparad text" in app.text()
    app.write("k")  # discard
    app.wait_for(lambda t: "Osparad text" not in t and " 2019 har kän" in t and "Året2019" not in t,
                 what="the text back to the saved one")
    assert app.close() == 0
    store = Store.open(tmp_path / "sydnarke.db")
    assert "w" not in store.load_year(2019).narrative["helar"][:3]
    store.close()


def test_palette_opens_on_ctrl_p_and_f12(run_pty):
    app = run_pty()
    for key in ("ctrl+p", "f12"):
        app.write(key)
        app.wait_for("Gå till Driftredovisning", what=f"the palette on {key}")
        app.wait_for(lambda t: "Ctrl+Q eller F10" in t, what="keys listed")
        app.write("escape")
        app.wait_for(lambda t: "Gå till Driftredovisning" not in t, what="the palette closed")
    assert app.close() == 0


def test_outcomes_typed_in_the_table_in_one_burst(run_pty, tmp_path):
    """Digits + Enter per row, the whole burst in one write: each value lands on its own row, in order."""
    app = run_pty()
    app.write("f4")
    app.wait_for("Nettoresultat")
    app.write("down", "down", "1234", "enter", "2345", "enter", "backspace", "5", "escape")
    app.wait_for(lambda _t: app.line_with("Personalkostnader ").split()[3:5] == ["1", "234"],
                 what="1 234 tkr on Personalkostnader")
    app.wait_for(lambda _t: "2 345" in app.line_with("Utrustning och"), what="2 345 tkr on the next row")
    app.wait_quiet()
    assert app.close() == 0
    store = Store.open(tmp_path / "sydnarke.db")
    lines = {x.label: x for x in store.load_year(2019).operating}
    assert lines["Personalkostnader"].value("helar").outcome == 1_234_000
    assert lines["Utrustning och datakommunikation"].value("helar").outcome == 2_345_000
    assert lines["Databehandling, licenser"].value("helar").outcome != 5_000  # Esc dropped the third edit
    store.close()


def test_a_filter_typed_in_one_burst_reaches_the_filter_line(run_pty):
    """`/` mounts the filter line; the letters of the same burst land in it, not on the table's keys."""
    app = run_pty()
    app.write("f4")
    app.wait_for("Nettoresultat")
    app.write("/", "kost")
    app.wait_for("Filter »kost«: 3 av 11 rader", what="the filter of the burst")
    app.write("enter", "escape")
    app.wait_for("Nettoresultat")
    assert app.close() == 0
