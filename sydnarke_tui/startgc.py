"""The cyclic garbage collector held off while the program starts (issue 20).

Loading Textual and our modules creates a few hundred thousand objects that live
as long as the program; the collector still walked them again and again (about
40 ms of a 0.3 s start, measured with `gc.callbacks`). The command's entry point
(`sydnarke_tui.__main__`) pauses it before anything is imported. `resume`
freezes what exists by then (later full collections need not walk it either)
and turns the collector on again: the app once its first figures are painted,
or as soon as the start finds no year left to read (and, whatever happens, two
seconds into its run); any other command as soon as its arguments are read.
This is CPython's own advice for a program that forks, as the app does
(`session.early`): disable early, freeze before the fork.

Reference counting frees objects as before; only cycles wait for `resume`. The
price of freezing: a cycle among frozen objects is never collected, e.g. one
inside the first screen's content replaced later (about 1,200 objects were
cyclic garbage at `resume`, measured with `gc.collect`; a full collection there
would cost 15 ms before the year is read). Code that never paused it (the tests,
a library user) is left as it was.
"""

from __future__ import annotations

import gc

from . import startcache

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def freeze_for_fork() -> None:
    """Before a fork: what exists now is moved out of the collector's reach, so the child's own
    collections (and the parent's) never write to those shared pages."""
    if _paused:
        gc.freeze()


def resume() -> None:
    """The start is done: what it made is frozen, the collector on again (only if `pause` stopped it)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
        startcache.save()  # the start is done: what it compiled and parsed kept for the next (if anything new)
