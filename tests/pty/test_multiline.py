"""A line whose label and comment hold newlines can be walked and edited; panels never crash (issue 8)."""

from __future__ import annotations

import pytest

from sydnarke_tui.store.db import Store


@pytest.mark.parametrize("size", [(80, 24), (60, 15)])
def test_line_with_newlines_walkable_and_editable(run_pty, tmp_path, size):
    db = tmp_path / "nl.db"
    store = Store.open(db, demo=True)
    line = store.load_year(2019).operating[3]
    store.set_field("operating", line.id, "label", "Rad ett\nRad två")
    store.set_field("operating", line.id, "comment", "första\nandra\n\ntredje " + "lång " * 30, period="helar")
    store.close()
    app = run_pty(*size, db=db)
    app.write("f4")
    app.wait_for("Rad ett")
    app.write(*["down"] * 12, *["up"] * 12)  # walk every row and back
    app.wait_quiet(0.3)
    app.write("down", "down", "down", "enter", "tab", "tab", "tab", "ctrl+u", "4711", "enter")
    app.wait_quiet(0.5)
    assert app.proc.poll() is None, app.text()
    assert "Oväntat fel" not in app.text()
    assert app.close() == 0
    store = Store.open(db)
    assert next(x for x in store.load_year(2019).operating if x.id == line.id).value("helar").outcome == 4_711_000
    store.close()
