"""One session of the floor or of sydnarke-tui in a pty, measured step by step.

Every step records either a number or a `Failure` with the reason, so a screen
that changed under the benchmark costs one figure, not the run. Screens are
recognised by their text (pyte), with a fall-back to "the screen changed".

Keys and texts of the app live in the tables below: when the UI changes,
this is the place to follow it.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from ptyterm import QUIET, PtyTerm, Timeout

# The first screen is painted when one of these is on it: the overview's figures, or its frame
# while the year is still being read ("Laddar…" in the context line).
START_TEXT = ("Bedömning", "Driftresultat", "Laddar")
# The overview's figures are there (start_figures: spawn -> these).
FIGURES_TEXT = ("Bedömning", "Driftresultat")
FLOOR_TEXT = ("READY",)

# (label, key, texts that say the screen is open), in the order they are first opened.
SCREENS = [
    ("Mål (F3)", "f3", ("Mål / indikator",)),
    ("Drift (F4)", "f4", ("Rad (tkr)",)),
    ("Investeringar (F5)", "f5", ("Projekt (tkr)",)),
    ("Fördelning (F6)", "f6", ("Nyckel:",)),
    ("Kontroll (F7)", "f7", ("fynd —", "Inga fynd", "0 fynd")),
    ("Logg (F8)", "f8", ("händelse",)),  # "1 händelse", "12 händelser"
    ("Verksamhetsberättelse (8)", "8", ("Verksamhetsberättelse",)),
    ("Översikt (F2, again)", "f2", ("Bedömning",)),
]


@dataclass
class Target:
    """Where to type: the screen, routes to an outcome field (tried in order until one works) and
    texts on lines that must change when the value does (proof that the keys reach a figure)."""
    screen: str
    routes: list[list[str]]
    watch: tuple[str, ...]


# First the form (Enter focuses the name, Tab walks to the outcome), then in-place cell
# editing as issue 11 plans it (a cell cursor moved to the outcome column, or Enter on the row).
TYPING = {
    "drift": Target("f4", [["down", "down", "enter", "tab", "tab", "tab"],
                           ["down", "down", "right", "right", "enter"],
                           ["down", "down", "enter"]], ("Nettoresultat",)),
    "mal": Target("f3", [["down", "enter", "tab", "tab", "tab", "tab"],
                         ["down", "right", "right", "enter"],
                         ["down", "right", "enter"],
                         ["down", "enter"]], ("Uppfyllelse",)),
}
TABLE_SCREEN = "f4"  # Down and PageDown are measured in this screen's table

# 50-character bursts, each in ONE write (a paste without bracketed paste, a fast typist over SSH),
# into Drift's form: the line's Kommentar (text, changes no figure) and Utfall (a figure; the value
# is valid for the first 12 digits, then too large, so most of the burst types into an invalid value).
BURST_TEXT = "Lönerna steg mer än budgeterat; tre vakanser fyllt"
BURST_FIGURE = "1234567890" * 5
# (tag, route from the Drift table to the field, label of the field's line, burst)
BURSTS = [("text", ["down", "down", "enter", "tab", "tab", "tab", "tab"], "Kommentar", BURST_TEXT),
          ("figure", ["down", "down", "enter", "tab", "tab", "tab"], "Utfall", BURST_FIGURE)]
FLOOR_LINE = "Värde"


@dataclass
class Failure:
    reason: str

    def __str__(self) -> str:
        return f"n/a ({self.reason})"


Results = dict[str, "float | Failure"]


def _median_time(times: list[float | None], what: str) -> float | Failure:
    got = [t for t in times if t is not None]
    if not got:
        return Failure(what)
    return statistics.median(got)


def type_keys(term: PtyTerm, n: int, out: Results, tag: str, watch: tuple[str, ...]) -> None:
    """Alternate a digit and Backspace after a base '5', so every key changes the value.
    Records CPU per key (child's CPU over the typing / n), key -> settled (until the lines
    holding `watch` changed and output stopped) and bytes per key."""
    term.settle(0.3)
    cpu0 = term.cpu_seconds()
    times, sizes = [], []
    for i in range(n):
        before = _watched(term, watch)
        dt, size = term.press_until(str(1 + i % 9) if i % 2 == 0 else "backspace",
                                    lambda: _watched(term, watch) != before)
        times.append(dt)
        sizes.append(size)
        if times[-2:] == [None, None]:  # the keys go nowhere: stop rather than wait on each
            out[f"cpu_key.{tag}"] = out[f"settled.{tag}"] = out[f"bytes.{tag}"] = Failure(
                f"typing stopped changing {' / '.join(watch)!r} after {i - 1} keys")
            return
    term.settle(0.3)
    out[f"cpu_key.{tag}"] = (term.cpu_seconds() - cpu0) / n
    out[f"settled.{tag}"] = _median_time(times, f"typing never changed {' / '.join(watch)!r}")
    out[f"bytes.{tag}"] = float(statistics.median(sizes))
    rss, peak = term.memory()
    out["rss"], out["rss_peak"] = rss, peak


def _needles(key: str) -> tuple[str, ...]:
    return next(n for _, k, n in SCREENS if k == key)


def goto(term: PtyTerm, key: str) -> None:
    """Switch to the screen on `key` and wait until its text is there and output has settled."""
    needles = _needles(key)
    before = term.text()
    term.send(key)
    term.wait_screen(needles, before, timeout=60)
    term.settle(0.3)


def _watched(term: PtyTerm, words: tuple[str, ...]) -> list[str]:
    return [line for line in term.screen.display if any(w in line for w in words)]


def _reach_field(term: PtyTerm, target: Target) -> int | None:
    """Try each route; the index of the first after which typing '5' changes the watched lines
    (still on the target screen), or None. Short waits: a route that goes nowhere costs seconds."""
    for i, route in enumerate(target.routes):
        goto(term, target.screen)
        for k in route:
            term.press(k, first=2)
        term.settle(0.6)
        before = _watched(term, target.watch)
        term.press("end", first=0.5)
        term.press("ctrl+u", first=2)
        term.press("5", first=5)
        term.settle(0.3)
        after = _watched(term, target.watch)
        on_screen = any(n in term.text() for n in _needles(target.screen))
        if before and after and after != before and on_screen:
            return i
        term.press("escape", first=1)
        term.press("escape", first=1)
    return None


def measure_typing(term: PtyTerm, n: int, out: Results, tag: str, notes: list[str]) -> None:
    target = TYPING[tag]
    found = _reach_field(term, target)
    if found is None:
        reason = f"none of {len(target.routes)} routes made typing change a line with {' / '.join(target.watch)!r}"
        for m in ("cpu_key", "settled", "bytes"):
            out[f"{m}.{tag}"] = Failure(reason)
        return
    if found:
        notes.append(f"typing in {tag}: route {found + 1} of {len(target.routes)} ({' '.join(target.routes[found])})")
    type_keys(term, n, out, tag, target.watch)
    term.press("escape", first=1)


def open_screens(term: PtyTerm, out: Results, notes: list[str]) -> None:
    """First open of each screen: key -> last byte once the screen's text is there."""
    for label, k, needles in SCREENS:
        name = f"open.{label}"
        try:
            term.settle(0.2)
            before = term.text()
            cpu0 = term.cpu_seconds()
            t = time.perf_counter()
            term.send(k)
            found = term.wait_screen(needles, before, timeout=60)
            term.settle(QUIET)
            out[name] = term.last_read - t
            out[f"cpu_{name}"] = term.cpu_seconds() - cpu0  # a figure a loaded machine moves less
            if not found:
                notes.append(f"{label}: {' / '.join(needles)!r} not on screen; timed to the screen change")
        except Timeout as exc:
            out[name] = Failure(str(exc))


def measure_moves(term: PtyTerm, n: int, out: Results) -> None:
    """Cursor moves in a table: Down/Up alternately, then PageDown/PageUp alternately. Each is
    timed to the last byte after the screen (text or colours) changed; CPU per move as well."""
    goto(term, TABLE_SCREEN)
    # Even counts: the cursor ends where it started, so the typing route that follows holds.
    for name, pair, count in (("down", ("down", "up"), n + n % 2), ("pagedown", ("pagedown", "pageup"), 4)):
        term.settle(0.3)
        cpu0 = term.cpu_seconds()
        times = []
        for i in range(count):
            before = term.signature()
            times.append(term.press_until(pair[i % 2], lambda: term.signature() != before)[0])
        term.settle(0.3)
        out[f"cpu_{name}"] = (term.cpu_seconds() - cpu0) / count
        out[name] = _median_time(times, f"{name} changed nothing on screen")


def burst(term: PtyTerm, text: str, line: str, out: Results, tag: str) -> None:
    """One write of `text` into the focused field: seconds to the last byte (the field's line shows the
    burst's end, then no output for QUIET) and the child's CPU over it, as burst.<tag> / cpu_burst.<tag>."""
    tail = text[-8:]
    term.settle(0.3)
    cpu0 = term.cpu_seconds()
    dt, _ = term.write_until(text, lambda: any(line in ln and tail in ln for ln in term.screen.display), first=30)
    term.settle(0.3)
    if dt is None:
        out[f"burst.{tag}"] = out[f"cpu_burst.{tag}"] = Failure(f"{tail!r} never on the line with {line!r}")
        return
    out[f"burst.{tag}"] = dt
    out[f"cpu_burst.{tag}"] = term.cpu_seconds() - cpu0


def _focused(term: PtyTerm, label: str) -> bool:
    return any(ln.lstrip().startswith("▶" + label) for ln in term.screen.display)  # ▶ marks the focused field


def measure_bursts(term: PtyTerm, out: Results) -> None:
    """Each burst of BURSTS into its field of Drift's form, from an emptied field; Esc puts it back."""
    for tag, route, line, text in BURSTS:
        for _ in range(3):  # a loaded machine may take the route's keys before the screen is ready
            goto(term, TYPING["drift"].screen)
            for k in route:
                term.press(k, first=2)
            term.settle(0.5)
            if _focused(term, line):
                break
            for _ in range(2):
                term.press("escape", first=1)
        else:
            out[f"burst.{tag}"] = out[f"cpu_burst.{tag}"] = Failure(f"the route never focused {line!r}")
            continue
        term.press("ctrl+u", first=2)
        term.settle(0.3)
        burst(term, text, line, out, tag)
        for _ in range(2):
            term.press("escape", first=1)


STEPS = ("screens", "moves", "typing", "bursts")


def run_app(argv: list[str], env: dict[str, str], cwd: str, keys: int, full: bool = True,
            bursts_only: bool = False, steps: tuple[str, ...] = STEPS) -> tuple[Results, list[str]]:
    """A session of sydnarke-tui: start, then (if `full`) `steps` of screens, moves, typing (with memory)
    and bursts."""
    out: Results = {}
    notes: list[str] = []
    with PtyTerm(argv, env, cwd) as term:
        try:
            out["start"] = term.wait_for(START_TEXT, timeout=120) - term.t0
            out["start_figures"] = term.wait_for(FIGURES_TEXT, timeout=120) - term.t0
        except Timeout as exc:
            out.setdefault("start", Failure(str(exc)))
            out["start_figures"] = Failure(str(exc))
            notes.append(f"screen at the time: {term.text().strip()[:400]!r}")
            return out, notes
        term.settle(0.5)
        if not full:
            return out, notes
        named = [("screens", lambda: open_screens(term, out, notes)),
                 ("moves", lambda: measure_moves(term, max(2, keys // 2), out)),
                 ("typing", lambda: measure_typing(term, keys, out, "drift", notes)),
                 ("typing", lambda: measure_typing(term, keys, out, "mal", notes)),
                 ("bursts", lambda: measure_bursts(term, out))]
        chosen = ("bursts",) if bursts_only else steps
        for _, step in [(n, s) for n, s in named if n in chosen]:
            try:
                step()
            except Exception as exc:  # one failed step must not cost the others
                notes.append(f"step failed: {type(exc).__name__}: {exc}")
    return out, notes


def run_floor(argv: list[str], env: dict[str, str], cwd: str, keys: int) -> Results:
    """A session of the floor: start, then (if `keys`) typing, memory and the same bursts as the app's."""
    out: Results = {}
    with PtyTerm(argv, env, cwd) as term:
        try:
            out["start"] = term.wait_for(FLOOR_TEXT, timeout=60) - term.t0
        except Timeout as exc:
            return {"start": Failure(str(exc))}
        if keys:
            term.settle(0.5)
            term.press("5")
            type_keys(term, keys, out, "floor", (FLOOR_LINE,))
            for tag, _, _, text in BURSTS:
                term.press("ctrl+u", first=2)
                burst(term, text, FLOOR_LINE, out, f"floor.{tag}")
    return out
