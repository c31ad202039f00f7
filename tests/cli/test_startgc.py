"""The collector held off while the program starts (sydnarke_tui/startgc.py), in real processes:
freezing and turning the collector off or on are process-wide, so no test runs them in pytest's own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path


def python(code: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("SYDNARKE_DEBUG", None)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_resume_freezes_what_the_start_made_and_turns_the_collector_on_once():
    r = python("""
        import gc
        from sydnarke_tui import startgc
        startgc.pause()
        assert not gc.isenabled()
        startgc.freeze_for_fork()
        assert gc.get_freeze_count() > 0
        import decimal  # made while paused
        startgc.resume()
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        startgc.resume()  # a second call changes nothing
        assert gc.isenabled() and gc.get_freeze_count() == frozen
        print("ok")
    """)
    assert r.returncode == 0 and r.stdout == "ok\n", r.stderr


def test_a_collector_it_did_not_stop_is_left_as_it_was():
    r = python("""
        import gc
        from sydnarke_tui import startgc
        startgc.resume()  # never paused: nothing frozen, still on
        assert gc.isenabled() and gc.get_freeze_count() == 0
        gc.disable()  # turned off by its user: resume must not turn it on
        startgc.pause()
        startgc.freeze_for_fork()
        startgc.resume()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
        print("ok")
    """)
    assert r.returncode == 0 and r.stdout == "ok\n", r.stderr


def test_a_command_other_than_the_app_runs_with_the_collector_on(tmp_path: Path):
    """The entry point pauses it before the imports; every command but the app turns it on again once
    its arguments are read (the app does after its first paint: tests/tui/test_early_figures.py)."""
    r = python("""
        import gc, sys
        from sydnarke_tui import __main__ as entry, cli
        assert gc.isenabled()
        seen = []
        def overview(args, cfg):
            seen.append(gc.isenabled())
            return 0
        cli.COMMANDS["overview"] = overview
        sys.argv = ["sydnarke-tui", "overview", "--db", sys.argv[1]]
        code = entry.main()
        print(code, seen, gc.get_freeze_count() > 0)
    """, str(tmp_path / "s.db"))
    assert r.returncode == 0, r.stderr
    assert r.stdout == "0 [True] True\n"


def test_the_app_with_or_without_its_command_word_starts_with_the_collector_off(tmp_path: Path):
    """`sydnarke-tui` alone is the app, as `sydnarke-tui app` is: the collector stays off for its start."""
    r = python("""
        import gc, sys
        from sydnarke_tui import __main__ as entry, cli
        seen = []
        def app(args, cfg):
            seen.append(gc.isenabled())
            return 0
        cli.COMMANDS[None] = cli.COMMANDS["app"] = app
        db = sys.argv[1]
        for words in ([], ["app"]):
            sys.argv = ["sydnarke-tui", *words, "--db", db]
            entry.main()
        print(seen)
    """, str(tmp_path / "s.db"))
    assert r.returncode == 0, r.stderr
    assert r.stdout == "[False, False]\n"


def test_the_installed_command_runs_through_the_pausing_entry_point():
    """`sydnarke-tui` and `python -m sydnarke_tui` both start in __main__.main (pyproject's script)."""
    import tomllib

    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["sydnarke-tui"] == "sydnarke_tui.__main__:main"
