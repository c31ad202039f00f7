"""The byte-saving writer (tui/output.py through textual_adapter) against Textual's own (issue 15).

The updates are the real ones of a session (every screen, a cell edited, a
resize), captured from the compositor. With byte-saving off the patched writer
writes Textual's bytes exactly; with it on, a terminal (pyte) shows the same
cells after every update; an error in it falls back to Textual's writer.
"""

from __future__ import annotations

import pyte
import pytest
from textual.app import App
from textual.strip import Strip

from sydnarke_tui.tui import output
from sydnarke_tui.tui import textual_adapter as A

from .conftest import make_app

SIZE = (80, 24)


async def _updates(store, monkeypatch) -> tuple[list, object]:
    """Every compositor update of a session, in order, and the app's console."""
    from textual._compositor import CompositorUpdate

    seen: list = []
    display = App._display

    def capture(self, screen, renderable):
        if isinstance(renderable, CompositorUpdate):
            seen.append(renderable)
        return display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", capture)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in ["f3", "down", "down", "f4", "down", "down", "4", "7", "enter", "f5", "f6", "f7", "f8",
                    "ctrl+f", "f2", "f4", "up"]:
            await pilot.press(key)
            await pilot.pause()
        await pilot.resize_terminal(60, 15)
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        console = app.console
    return seen, console


def _strips(update) -> list[Strip]:
    from textual._compositor import ChopsUpdate

    if isinstance(update, ChopsUpdate):
        return [s for line in update.chops for s in line.values() if s is not None]
    return [s for line in update.strips for s in line]


def _fresh(update) -> None:
    """Forget every strip's rendered text, so the next render is done again (by whichever Strip.render)."""
    for strip in _strips(update):
        A.set_strip_rendered(strip, None)


def _cells(screen: pyte.Screen) -> list:
    def look(c):
        if c.data == " " and not (c.underscore or c.strikethrough or c.reverse or c.blink):
            return (" ", c.bg)
        return tuple(c)

    return [[look(screen.buffer[y][x]) for x in range(screen.columns)] for y in range(screen.lines)]


@pytest.fixture
async def session_updates(store, monkeypatch):
    updates, console = await _updates(store, monkeypatch)
    assert output._unmerged is not None, "the app installs the byte-saving writer"
    return updates, console


async def test_with_byte_saving_off_the_writer_writes_textuals_bytes(session_updates, monkeypatch):
    from textual._compositor import ChopsUpdate

    updates, console = session_updates
    chops = [u for u in updates if isinstance(u, ChopsUpdate)]
    assert len(chops) > 20
    monkeypatch.setattr(Strip, "render", output._unmerged)  # Textual's lines (with only the inert guard)
    textual = A.textual_chops_writer()
    for update in chops:
        _fresh(update)
        theirs = textual(update, console)
        _fresh(update)
        assert A.write_chops(update, console, None) == theirs
    assert any("\x1b[" in textual(u, console) for u in chops)  # coloured: the styles were compared too


async def test_with_byte_saving_on_the_terminal_shows_the_same_cells(session_updates, monkeypatch):
    from textual._compositor import ChopsUpdate

    updates, console = session_updates
    merged = Strip.render
    textual = A.textual_chops_writer()
    plain, saving = pyte.Screen(*SIZE), pyte.Screen(*SIZE)
    plain_stream, saving_stream = pyte.Stream(plain), pyte.Stream(saving)
    sent = {"plain": 0, "saving": 0}
    output._forget(console)
    for n, update in enumerate(updates):
        size = (update.region.width, update.region.height) if not isinstance(update, ChopsUpdate) else None
        if size and size != (plain.columns, plain.lines):
            plain.resize(size[1], size[0])
            saving.resize(size[1], size[0])
        _fresh(update)
        monkeypatch.setattr(Strip, "render", output._unmerged)
        data = textual(update, console) if isinstance(update, ChopsUpdate) else update.render_segments(console)
        sent["plain"] += len(data)
        plain_stream.feed(data)
        _fresh(update)
        monkeypatch.setattr(Strip, "render", merged)
        data = update.render_segments(console)  # the installed writer: merged runs, unchanged chops skipped
        sent["saving"] += len(data)
        saving_stream.feed(data)
        assert _cells(saving) == _cells(plain), f"update {n} ({type(update).__name__})"
    assert sent["saving"] < sent["plain"]  # and it does save bytes


async def test_an_error_in_the_byte_saving_writer_falls_back_to_textuals(session_updates, store, monkeypatch):
    from textual._compositor import ChopsUpdate

    updates, console = session_updates
    update = next(u for u in updates if isinstance(u, ChopsUpdate))

    def broken(*chop):
        raise RuntimeError("a Textual change broke the chop filter")

    monkeypatch.setattr(output, "_keep", broken)
    monkeypatch.setattr(A, "chops_broken", [])
    monkeypatch.setattr(output, "_reported", [])
    textual = A.textual_chops_writer()
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(2):
            _fresh(update)
            assert update.render_segments(console) == textual(update, console)
        assert len(A.chops_broken) == 1 and len(output._reported) == 1
        log = app.crash_log.read_text(encoding="utf-8")
    assert log.count("RuntimeError: a Textual change broke the chop filter") == 1
    assert not app.crashed  # written down, not a crash: the app goes on
