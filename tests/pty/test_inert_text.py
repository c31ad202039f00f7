"""User text is inert: escape sequences in names and texts never reach the terminal (issue 8).

A year whose every text field holds OSC 0 (window title), OSC 52 (clipboard),
CSI 2J (clear screen) and BEL; every screen and form is visited and the bytes
the program wrote are searched.
"""

from __future__ import annotations

import re

from sydnarke_tui.store.db import Store

HOSTILE = "A\x1b]0;PWN\x07B\x1b]52;c;UFdO\x07C\x1b[2JD\x07E"
FORBIDDEN = [b"\x1b]0;PWN", b"\x1b]52;c;UFdO", b"\x1b[2JD", b"\x07"]


def hostile_year(path) -> None:
    store = Store.open(path, demo=True)
    m = store.load_year(2019)
    g, i = m.goals[0], m.goals[0].indicators[0]
    for entity, eid, fields in [
        ("goal", g.id, ["title", "comment"]),
        ("indicator", i.id, ["name", "unit", "justification", "comment"]),
        ("operating", m.operating[2].id, ["label", "comment"]),
        ("investment", m.investments[0].id, ["label", "comment"]),
        ("year", 2019, ["organisation", "narrative"]),
        ("member", m.key.members[0].id, ["municipality"]),
    ]:
        for f in fields:
            period = "helar" if f in ("comment", "justification", "narrative") else None
            store.set_field(entity, eid, f, f"{f}:{HOSTILE}", period=period)
    store.close()


def leaks(raw: bytes) -> list[bytes]:
    # Textual's own OSC 22 (mouse pointer shape) ends in BEL: not user text.
    raw = re.sub(rb"\x1b\]22;[^\x07\x1b]*\x07", b"", raw)
    return [b for b in FORBIDDEN if b in raw]


def test_hostile_text_never_reaches_the_terminal(run_pty, tmp_path):
    db = tmp_path / "hostile.db"
    hostile_year(db)
    app = run_pty(db=db)
    steps = [
        (["f2"], "Översikt"),
        (["f3"], "Mål / indikator"), (["enter"], "Mål"), (["escape", "down", "enter"], "Indikator"),
        (["f4"], "Nettoresultat"), (["down", "down", "enter"], "Kommentar"),
        (["escape", "d"], "Ta bort raden"), (["escape"], "Nettoresultat"),
        (["f5"], "Projekt"), (["enter"], "Kommentar"),
        (["f6"], "Medlem"), (["enter"], "Andel %"), (["f7"], "Kontroll"), (["f8"], "Logg"),
        (["8"], "Verksamhetsberättelse"), (["enter"], "Sparad"), (["escape", "down"], "Analys"),
        (["f2", "f1"], "Tangenter"), (["escape", "ctrl+p"], "Gå till"), (["escape"], "Översikt"),
    ]
    for keys, expect in steps:
        for k in keys:  # Esc alone in a write: Esc + key in one read is Alt+key
            app.write(k)
            app.wait_quiet(0.4 if k == "escape" else 0.15)
        app.wait_for(expect)
        assert not leaks(bytes(app.raw)), (keys, leaks(bytes(app.raw)))
    assert "␛]0;PWN" in app.text() or "␛" in bytes(app.raw).decode("utf-8", "replace")
    assert app.close() == 0
    assert not leaks(bytes(app.raw))
