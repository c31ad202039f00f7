"""A burst into a form field, in ONE write (a paste without bracketed paste, a fast typist over SSH):
applied in order as one edit, saved exactly as typed, and no marker left behind (issue 15)."""

from __future__ import annotations

from ptyapp import PtyApp
from test_typing import field, wait_field

from sydnarke_tui.store.db import Store

COMMENT = "Lönerna steg mer än budgeterat; tre vakanser fyllt"  # 50 characters, two of them non-ASCII


def test_bursts_into_comment_and_outcome_save_what_was_typed(run_pty, tmp_path):
    app: PtyApp = run_pty()
    app.write("f4")
    app.wait_for("Nettoresultat")
    app.write("down", "down", "enter", "tab", "tab", "tab", "tab", "ctrl+u")
    app.wait_for(lambda _t: field(app, "Kommentar") == "", what="the comment emptied")
    app.write(COMMENT, "enter")
    app.wait_for(lambda _t: field(app, "Kommentar").rstrip().endswith("vakanser fyllt"), what="the burst's end")
    # An invalid value, corrected and saved in the same write: the value saved, every ✱ gone.
    app.write("shift+tab", "ctrl+u", "12x", "backspace", " 345", "enter")
    wait_field(app, "Utfall Helår", "12 345")
    app.wait_quiet()
    assert "✱" not in app.text() and "⚠" not in app.text()
    assert app.close() == 0
    store = Store.open(tmp_path / "sydnarke.db")
    line = next(x for x in store.load_year(2019).operating if x.label == "Personalkostnader")
    assert line.value("helar").comment == COMMENT
    assert line.value("helar").outcome == 12_345_000
    store.close()
