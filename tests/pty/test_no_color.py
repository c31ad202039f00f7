"""NO_COLOR through a real terminal: the program sends no colour codes at all, and a deficit stays bold."""

from __future__ import annotations

import re

from ptyapp import PtyApp

SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colour_codes(raw: bytes) -> list[str]:
    """The SGR parameters that set a colour (30-49, 90-107, 38/48 extended) in the raw output."""
    found = []
    for m in SGR.finditer(raw):
        params = [p for p in re.split(rb"[;:]", m.group(1)) if p]
        for p in params:
            n = int(p)
            if 30 <= n <= 49 or 90 <= n <= 107:
                found.append(m.group(0).decode())
                break
    return found


def test_no_color_sends_no_colour_codes(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[ui]\ncursor_blink = false\n", encoding="utf-8")
    app = PtyApp(tmp_path / "sydnarke.db", config, 80, 24, extra_env={"NO_COLOR": "1"})
    try:
        app.wait_for("Bedömning", what="the overview")
        for key, text in (("f3", "Mål / indikator"), ("f4", "Databehandling"), ("f5", "IT invest"),
                          ("f6", "Driftbidrag kr"), ("f7", "fynd"), ("f8", "händelse")):
            app.write(key)
            app.wait_for(text, what=key)
        app.wait_quiet()
        assert not colour_codes(bytes(app.raw)), sorted(set(colour_codes(bytes(app.raw))))[:10]
        app.write("f4")
        app.wait_for("Databehandling")
        app.wait_quiet()
        row = next(y for y, line in enumerate(app.screen.display) if "Databehandling" in line)
        line = app.screen.display[row]
        at = line.rindex("-1 717")
        assert all(app.screen.buffer[row][x].bold for x in range(at, at + 6))  # the deficit is bold
    finally:
        app.close()
