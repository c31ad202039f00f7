"""The cyclic garbage collector held off while the program starts (issue 20).

Loading Textual and our modules creates a few hundred thousand objects, none of
them garbage; the collector still walked them again and again (tens of
milliseconds of a 0.3 s start, measured with `gc.callbacks`). The command's
entry point (`sydnarke_tui.__main__`) pauses it before anything is imported;
`resume` freezes what the start created (those objects stay for the program's
life, and later full collections need not walk them either) and turns it on
again: the app after its first paint, any other command as soon as its
arguments are read. This is CPython's own advice for a program that forks, as
the app does (`session.early`): disable early, freeze before the fork.

Reference counting frees objects as before; only cycles wait for `resume`.
Code that never paused it (the tests, a library user) is left as it was.
"""

from __future__ import annotations

import gc

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
