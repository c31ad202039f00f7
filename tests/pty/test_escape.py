"""Esc and the next key in one read (issue 15): Esc, then that key, never Alt+key.

Textual's parser read `ESC 6` as Alt+6 (a `§` typed into the cell) and
`ESC Backspace` as Ctrl+W (the cell cleared). Each burst here goes in ONE
write and must save what the same keys save when typed one at a time.
"""

from __future__ import annotations

import pytest
from ptyapp import PtyApp

from sydnarke_tui.store.db import Store

BURSTS = {
    "esc-6": ["7024", "escape", "6", "backspace", "backspace", "right"],
    "esc-backspace": ["7024", "escape", "backspace", "backspace", "right"],
}


def saved_budget(db) -> int | None:
    store = Store.open(db)
    try:
        return next(x for x in store.load_year(2019).operating if x.label == "Personalkostnader").budget
    finally:
        store.close()


def budget_after(run_pty, tmp_path, name: str, keys: list[str], one_write: bool) -> int | None:
    db = tmp_path / f"{name}-{'burst' if one_write else 'slow'}.db"
    app: PtyApp = run_pty(db=db)
    app.write("f4")
    app.wait_for("Nettoresultat")
    app.write("down", "down", "right")  # Personalkostnader, the Budget column
    app.wait_quiet()
    if one_write:
        app.write(*keys)
    else:
        for k in keys:  # each key its own read: Esc alone waits out the terminal's escape delay
            app.write(k)
            app.wait_quiet(0.25)
    app.wait_quiet(0.4)
    assert "Osparad" not in app.text()
    assert app.close() == 0, app.text()
    return saved_budget(db)


@pytest.mark.parametrize("name", list(BURSTS))
def test_esc_and_a_key_in_one_write_save_what_typed_slowly_saves(run_pty, tmp_path, name):
    keys = BURSTS[name]
    slow = budget_after(run_pty, tmp_path, name, keys, one_write=False)
    burst = budget_after(run_pty, tmp_path, name, keys, one_write=True)
    assert burst == slow
    # What the keys say: Esc drops 7024; `6 ⌫ ⌫ →` saves an empty cell, `⌫ ⌫ →` changes nothing.
    assert slow == (None if name == "esc-6" else 11_799_000)


def test_a_pasted_escape_sequence_is_text_in_its_place(run_pty, tmp_path):
    """A bracketed paste holding ESC (text copied from a terminal with its colour codes), in one write
    with the Enter after it: all of it is the comment, in order, each ESC shown as ␛. Textual typed
    what followed the first ESC as keys ahead of the paste, an Esc among them (the field reset)."""
    from test_typing import field

    app: PtyApp = run_pty()
    app.write("f4")
    app.wait_for("Nettoresultat")
    app.write("down", "down", "enter", "tab", "tab", "tab", "tab", "ctrl+u")
    app.wait_for(lambda _t: field(app, "Kommentar") == "", what="the comment emptied")
    app.write("\x1b[200~Se \x1b[31mRÖD\x1b[0m [b]slut[/b]\x1b[201~", "enter")
    app.wait_quiet(0.4)
    assert app.close() == 0, app.text()
    store = Store.open(tmp_path / "sydnarke.db")
    try:
        line = next(x for x in store.load_year(2019).operating if x.label == "Personalkostnader")
        assert line.value("helar").comment == "Se ␛[31mRÖD␛[0m [b]slut[/b]"
    finally:
        store.close()
