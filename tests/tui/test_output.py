"""Merged style runs put the same characters with the same attributes on the terminal, in fewer bytes."""

from __future__ import annotations

import pyte
from hypothesis import given
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.style import Style
from textual.strip import Strip

from sydnarke_tui.tui import output
from sydnarke_tui.tui.output import merge_runs, merge_strip_runs

STYLES = [
    None,
    Style(color="#e0e0e0", bgcolor="#1b1b1b"),
    Style(color="#e0e0e0", bgcolor="#1b1b1b", bold=True),
    Style(bgcolor="#1b1b1b"),
    Style(color="red", underline=True),
    Style(reverse=True),
    Style(color="#e0e0e0", bgcolor="#121212"),
    Style(bgcolor="#121212"),
    Style(color="red", bgcolor="#121212", italic=True),
    Style(color="red", bgcolor="#121212", strike=True),
    Style(color="#e0e0e0", bgcolor="#1b1b1b", link="https://example.org"),
]
TEXT = st.one_of(st.text(alphabet="ab å│ 12", min_size=0, max_size=6), st.sampled_from(["  ", "    "]))


def _render(segments: list[tuple[str, Style | None]]) -> str:
    return "".join(text if style is None else style.render(text, color_system=ColorSystem.TRUECOLOR)
                   for text, style in segments)


def _look(c) -> tuple:
    """What a cell shows: a blank without lines or swapped colours shows only its background."""
    if c.data == " " and not (c.underscore or c.strikethrough or c.reverse or c.blink):
        return (" ", c.bg)
    return tuple(c)


def _screen(data: str, exact: bool = False) -> list[list[tuple]]:
    screen = pyte.Screen(60, 2)
    stream = pyte.Stream(screen)
    stream.feed(data)
    return [[tuple(c) if exact else _look(c) for c in (screen.buffer[y][x] for x in range(60))] for y in range(2)]


@given(st.lists(st.tuples(TEXT, st.sampled_from(STYLES)), max_size=10))
def test_the_terminal_shows_the_same(segments):
    line = _render(segments)
    merged = merge_runs(line)
    assert len(merged) <= len(line)
    # Two lines: the second starts in whatever state the first left (a line must end reset).
    assert _screen(merged + "\r\n" + merged) == _screen(line + "\r\n" + line)


def test_a_row_of_cells_in_one_style_sends_the_style_once():
    cell = Style(color="#e0e0e0", bgcolor="#1e1e1e")
    label = Style(color="#e0e0e0", bgcolor="#1e1e1e", bold=True)
    line = _render([(" ", cell), ("Summa kostnader  ", label), (" ", cell), ("  31 207 ", cell), ("  20 964 ", cell)])
    merged = merge_runs(line)
    # the blank cell after the label joins the bold run (bold does not show on a blank)
    assert merged == _render([(" ", cell), ("Summa kostnader   ", label), ("  31 207   20 964 ", cell)])
    assert merged.count("\x1b[0m") == 3


def test_padding_joins_the_run_before_it_when_it_looks_the_same():
    text = Style(color="#e0e0e0", bgcolor="#121212")
    pad = Style(bgcolor="#121212")
    line = _render([("Askersund      2 885 586 kr", text), ("    ", pad)])
    merged = merge_runs(line)
    assert merged == _render([("Askersund      2 885 586 kr    ", text)])
    assert _screen(merged) == _screen(line) and _screen(merged, exact=True) != _screen(line, exact=True)
    other = _render([("x", text), ("    ", Style(bgcolor="#1e1e1e"))])  # another background shows
    assert merge_runs(other) == other
    lined = _render([("x", Style(color="red", bgcolor="#121212", underline=True)), ("    ", pad)])
    assert merge_runs(lined) == lined  # an underline shows on blanks


def test_text_without_style_codes_is_left_alone():
    assert merge_runs("plain text") == "plain text"
    odd = "\x1b[38;5;1mx\x1b[0m\x1b[2J\x1b[38;5;1my\x1b[0m"  # a control sequence between: no merge
    assert merge_runs(odd) == odd


def test_strips_render_merged_and_cache_it():
    merge_strip_runs()
    cell = Style(color="#e0e0e0", bgcolor="#1e1e1e")
    from rich.console import Console
    from rich.segment import Segment

    strip = Strip([Segment("a", cell), Segment("b", cell)])
    console = Console(color_system="truecolor")
    first = strip.render(console)
    assert first == _render([("ab", cell)]) and strip.render(console) is first


# ------------------------------------------------------------------ partial updates skip what is shown
W, H = 12, 4
CHOP_STYLES = [Style(color="#e0e0e0", bgcolor="#1b1b1b"), Style(bgcolor="#121212"), Style(bold=True)]


@st.composite
def _updates(draw):
    """A sequence of ('full', lines) and ('chops', {y: [(x, end, text, style)]}) updates of a W x H screen."""
    out = []
    for _ in range(draw(st.integers(1, 8))):
        rows = {}
        for y in draw(st.sets(st.integers(0, H - 1), min_size=1, max_size=H)):
            cuts = sorted(draw(st.sets(st.integers(1, W - 1), max_size=3)))
            bounds = [0, *cuts, W]
            rows[y] = [(a, b, draw(st.text(alphabet="ab ", min_size=b - a, max_size=b - a)),
                        draw(st.sampled_from(CHOP_STYLES))) for a, b in zip(bounds, bounds[1:])]
        out.append((draw(st.sampled_from(["chops", "chops", "full"])), rows))
    return out


def _strip(text: str, style: Style) -> Strip:
    from rich.segment import Segment

    return Strip([Segment(text, style)], len(text))


def _as_update(kind: str, rows: dict):
    from textual._compositor import ChopsUpdate, LayoutUpdate
    from textual.geometry import Region

    if kind == "full":
        lines = [[_strip(t, s) for _, _, t, s in rows.get(y, [(0, W, " " * W, CHOP_STYLES[1])])] for y in range(H)]
        return LayoutUpdate(lines, Region(0, 0, W, H))
    ys = sorted(rows)
    chops = [{a: _strip(t, s) for a, _, t, s in rows.get(y, [])} for y in range(H)]
    ends = [[b for _, b, _, _ in rows.get(y, [])] for y in range(H)]
    return ChopsUpdate(chops, [(y, 0, W) for y in ys], ends)


@given(_updates())
def test_skipping_chops_already_shown_leaves_the_same_screen(updates):
    from rich.console import Console
    from textual.geometry import Region  # noqa: F401  (Textual imported before the hook)

    from sydnarke_tui.tui.output import skip_unchanged_chops

    skip_unchanged_chops()
    console = Console(color_system="truecolor")
    skipped, written = pyte.Screen(W, H), pyte.Screen(W, H)
    s_stream, w_stream = pyte.Stream(skipped), pyte.Stream(written)
    for kind, rows in updates:
        s_stream.feed(_as_update(kind, rows).render_segments(console))
        # the reference: every chop written where it belongs
        for y, chops in rows.items():
            for x, _, text, style in chops:
                w_stream.feed(f"\x1b[{y + 1};{x + 1}H" + style.render(text, color_system=ColorSystem.TRUECOLOR))
        if kind == "full":  # a full update paints every line; lines it did not name are blank
            for y in set(range(H)) - set(rows):
                w_stream.feed(f"\x1b[{y + 1};1H" + CHOP_STYLES[1].render(" " * W, color_system=ColorSystem.TRUECOLOR))
        assert [[tuple(skipped.buffer[y][x]) for x in range(W)] for y in range(H)] == \
               [[tuple(written.buffer[y][x]) for x in range(W)] for y in range(H)]


def test_a_chop_already_on_the_terminal_is_not_written_again():
    from rich.console import Console

    from sydnarke_tui.tui.output import skip_unchanged_chops

    skip_unchanged_chops()
    console = Console(color_system="truecolor")
    rows = {1: [(0, 6, "abc ab", CHOP_STYLES[0]), (6, W, "a a a ", CHOP_STYLES[1])]}
    first = _as_update("chops", rows).render_segments(console)
    again = _as_update("chops", rows).render_segments(console)
    assert "abc ab" in first and again == ""
    changed = {1: [(0, 6, "abc ab", CHOP_STYLES[0]), (6, W, "b b b ", CHOP_STYLES[1])]}
    assert "b b b" in _as_update("chops", changed).render_segments(console)
    _as_update("full", {}).render_segments(console)  # a full update: everything is written again after it
    assert "abc ab" in _as_update("chops", rows).render_segments(console)


async def test_a_resize_forgets_what_the_terminal_showed():
    # A resize (also sent when the app resumes after a suspend) may leave the terminal redrawn or cleared.
    from textual import events
    from textual.app import App
    from textual.geometry import Size

    from sydnarke_tui.tui import output

    output.skip_unchanged_chops()
    app = App()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        output._keep(app.console, 1, 0, 6, "shown")
        assert not output._keep(app.console, 1, 0, 6, "shown")
        app.post_message(events.Resize(Size(40, 10), Size(40, 10)))  # the same size: Textual repaints nothing
        await pilot.pause()
        assert output._keep(app.console, 1, 0, 6, "shown")


# ---------------------------------------------------------------- frames that change nothing (IdleFrames)
def _move(x: int, y: int) -> str:
    return f"\x1b[{y + 1};{x + 1}H"


FRAME = st.one_of(
    st.tuples(st.just("frame"), st.text(alphabet="ab å12", min_size=1, max_size=5),
              st.integers(0, 59), st.integers(0, 5), st.integers(0, 59), st.integers(0, 5)),
    st.tuples(st.just("idle"), st.just(""), st.integers(0, 59), st.integers(0, 5), st.just(0), st.just(0)),
    st.tuples(st.just("bell"), st.just(""), st.just(0), st.just(0), st.just(0), st.just(0)),
)


def _writes(frames, sync: bool, last: list[str]) -> list[str]:
    """What Textual's _display writes for each frame: text at (x, y), then the cursor move to (cx, cy);
    an idle frame writes only the move (to where the cursor was, or elsewhere when it moved)."""
    out: list[str] = []
    for kind, text, x, y, cx, cy in frames:
        if kind == "bell":
            out.append("\x07")
            continue
        if kind == "idle":
            data = last[0] if last and x % 2 else _move(x, y)  # mostly the same move, sometimes a new one
        else:
            data = _move(x, y) + text + _move(cx, cy)
        last[:] = [_move(cx, cy)] if kind == "frame" else [data]
        out += [output.SYNC_START, data, output.SYNC_END] if sync else [data]
    return out


def _terminal(writes: list[str]) -> tuple:
    screen = pyte.Screen(60, 6)
    pyte.Stream(screen).feed("".join(writes))
    return [[tuple(screen.buffer[y][x]) for x in range(60)] for y in range(6)], (screen.cursor.x, screen.cursor.y)


@given(st.lists(FRAME, max_size=25), st.booleans())
def test_idle_frames_are_not_sent_and_the_terminal_ends_the_same(frames, sync):
    writes = _writes(frames, sync, [])
    sent: list[str] = []
    idle = output.IdleFrames(sent.append)
    for data in writes:
        idle(data)
    assert _terminal(sent) == _terminal(writes)  # the same cells and the cursor in the same place
    at = None
    for data in sent:  # nothing sent only moves the cursor to where the write before left it
        if data not in (output.SYNC_START, output.SYNC_END):
            assert data != at
            at = data[data.rfind("\x1b["):] if data.endswith("H") else None
    assert sent.count(output.SYNC_START) == sent.count(output.SYNC_END)  # brackets stay paired


def test_an_idle_frame_sends_nothing_not_even_its_brackets():
    sent: list[str] = []
    idle = output.IdleFrames(sent.append)
    frame = [output.SYNC_START, _move(3, 1) + "1 234" + _move(9, 4), output.SYNC_END]
    for data in frame + [output.SYNC_START, _move(9, 4), output.SYNC_END]:
        idle(data)
    assert sent == frame
    idle("\x07")  # a bell between: the next move goes out, whatever the bell did
    idle(_move(9, 4))
    assert sent[-2:] == ["\x07", _move(9, 4)]


def test_an_error_in_idle_frames_sends_every_write_as_it_is(monkeypatch):
    monkeypatch.setattr(output, "_reported", [])
    sent: list[str] = []
    idle = output.IdleFrames(sent.append)

    def broken(data: str) -> None:
        raise RuntimeError("a Textual change broke IdleFrames")

    idle(output.SYNC_START)  # held until something is sent
    monkeypatch.setattr(idle, "_take", broken)
    writes = [_move(1, 1) + "x" + _move(2, 2), _move(2, 2), output.SYNC_END, _move(2, 2)]
    for data in writes:
        idle(data)
    assert sent == [output.SYNC_START, *writes]
    assert len(output._reported) == 1


async def test_the_running_app_writes_through_idle_frames(store, monkeypatch):
    from .conftest import make_app

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app._driver.write, output.IdleFrames)
    monkeypatch.setenv("SYDNARKE_PLAIN_OUTPUT", "1")  # the escape hatch leaves it out
    plain = make_app(store)
    async with plain.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(plain._driver.write, output.IdleFrames)


async def _a_session(pilot, checkpoint) -> None:
    """Partial updates of every kind the app makes: typing in a form and a table cell, moving and paging
    in a table, a toast over a table that changes under it and then leaves, the period chooser (a
    see-through dialog) and the palette over a screen, other screens, a small terminal."""
    from .helpers import open_row, settle, tab_to

    await settle(pilot)
    await checkpoint("start")
    await open_row(pilot, "f4", 2)  # Drift: a line's form
    await tab_to(pilot, "outcome")
    for key in [*"417", "backspace", "5"]:
        await pilot.press(key)
        await pilot.pause()
    await pilot.press("escape")
    await settle(pilot)
    await checkpoint("a form")
    for key in ["down", "down", "up", "pagedown", "5", "0", "escape"]:  # in the table, a cell edited
        await pilot.press(key)
        await pilot.pause()
    await pilot.press("ctrl+z")  # undone: a toast
    await pilot.pause()
    for key in ["down", "down", "up", "pagedown", "up"]:  # the table changing under the toast
        await pilot.press(key)
        await pilot.pause()
    await checkpoint("a toast")
    await pilot.pause(6)
    await settle(pilot)
    await checkpoint("the toast gone")
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press("p")  # the period chooser
    await settle(pilot)
    for key in ["up", "down", "up"]:
        await pilot.press(key)
        await pilot.pause()
    await checkpoint("the chooser")
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("f3", "ctrl+p")
    await settle(pilot)
    await pilot.press(*"dri")
    await settle(pilot)
    await pilot.press("backspace", "down", "down")
    await settle(pilot)
    await checkpoint("the palette")
    await pilot.press("escape")
    await settle(pilot)
    await pilot.resize_terminal(60, 15)  # a small terminal: panels cut by the scroll region
    await settle(pilot)
    for key in ["f6", "down", "f7", "down", "f8", "down", "pagedown", "f4", "down", "4", "2", "escape", "down",
                "pagedown", "end", "home"]:
        await pilot.press(key)
        await pilot.pause()
    await settle(pilot)
    await checkpoint("a small terminal")


async def test_a_partial_update_from_the_changed_widgets_writes_what_textuals_own_writes(store, monkeypatch):
    """render_touched_only: every partial update of a session rendered both ways, from the widgets that
    meet a changed region and from every widget in the box around them (Textual's own), writes the same
    cells in the same bytes; and the narrowed one renders fewer widgets."""
    from textual._compositor import Compositor
    from textual.widget import Widget

    from sydnarke_tui.tui.textual_adapter import touched_broken, write_chops

    from .conftest import make_app

    app = make_app(store)  # installs render_touched_only (process-wide, once)
    narrowed = Compositor.render_partial_update
    textuals = Compositor._textual_render_partial_update
    assert narrowed is not textuals
    compared: list[tuple[int, int]] = []  # widgets rendered: narrowed, Textual's
    rendered: list[Widget] = []
    render_lines = Widget.render_lines

    def counting(self, crop):
        rendered.append(self)
        return render_lines(self, crop)

    def cells(console, y, x, end, text) -> bool:
        # Textual's writer also writes a cursor move and no cell for a chop that starts where a changed
        # span ends (write_chops crops it to nothing); output._keep drops those, and so does this.
        return bool(text)

    def both_ways(self):
        regions = set(self._dirty_regions)
        rendered.clear()
        ours = narrowed(self)
        n_ours = len(rendered)
        self._dirty_regions.update(regions)
        rendered.clear()
        theirs = textuals(self)
        if ours is None or theirs is None:
            assert ours is theirs is None
            return ours
        assert (ours.spans, ours.chop_ends) == (theirs.spans, theirs.chop_ends)
        assert write_chops(ours, app.console, cells) == write_chops(theirs, app.console, cells)
        compared.append((n_ours, len(rendered)))
        return ours

    async def nothing(where: str) -> None:
        pass

    monkeypatch.setattr(Widget, "render_lines", counting)
    monkeypatch.setattr(Compositor, "render_partial_update", both_ways)
    async with app.run_test(size=(80, 24)) as pilot:
        await _a_session(pilot, nothing)
    assert not touched_broken
    assert len(compared) >= 30
    assert sum(n for n, _ in compared) < 0.7 * sum(n for _, n in compared)  # the point of it


def _cells(strip) -> list[tuple]:
    """A strip as the terminal shows it: (character, style) per cell, a wide character's second cell ''."""
    from rich.cells import cell_len

    out: list[tuple] = []
    for seg in strip:
        if not seg.control:
            for ch in seg.text:
                out += [(ch, seg.style)] + [("", seg.style)] * (cell_len(ch) - 1)
    return out


class _Terminal:
    """What a terminal shows, fed the updates the app displays: cells by row and column."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, tuple]] = {}

    def put(self, y: int, x: int, strip) -> None:
        row = self.rows.setdefault(y, {})
        for i, c in enumerate(_cells(strip)):
            row[x + i] = c

    def show(self, update) -> None:
        from textual._compositor import ChopsUpdate, LayoutUpdate

        if isinstance(update, LayoutUpdate):
            self.rows = {}
            for y, strips in enumerate(update.strips):
                x = 0
                for strip in strips:
                    self.put(y, x, strip)
                    x += strip.cell_length
        elif isinstance(update, ChopsUpdate):  # as write_chops writes it
            for y, x1, x2 in update.spans:
                for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items()):
                    if strip is None or x > x2 or end <= x1:
                        continue
                    if not (x2 > x >= x1 and end <= x2):
                        strip = strip.crop(0, min(end, x2) - x)
                    self.put(y, x, strip)


async def test_the_terminal_fed_narrowed_updates_shows_what_a_full_render_shows(store, monkeypatch):
    """A widget the narrowed render skips keeps nothing stale and leaves nothing behind for a later frame:
    the cells of a terminal fed every update the app displays equal a full render of the screen at each
    checkpoint of the session (a frame dropped inside a batch is dropped here too, as App._display does)."""
    from textual.app import App

    from sydnarke_tui.tui.textual_adapter import touched_broken

    from .conftest import make_app

    app = make_app(store)
    terminal, display, wrong = _Terminal(), App._display, []

    def shown(self, screen, renderable):
        if renderable is not None and not self._batch_count:
            terminal.show(renderable)
        return display(self, screen, renderable)

    async def checkpoint(where: str) -> None:
        for y, strip in enumerate(app.screen._compositor.render_strips()):
            want = _cells(strip)
            got = [terminal.rows.get(y, {}).get(x) for x in range(len(want))]
            if got != want:
                wrong.append((where, y, [x for x in range(len(want)) if got[x] != want[x]][:5]))

    monkeypatch.setattr(App, "_display", shown)
    async with app.run_test(size=(80, 24)) as pilot:
        await _a_session(pilot, checkpoint)
    assert not touched_broken
    assert not wrong, wrong[:10]
