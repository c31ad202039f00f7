"""Start-up imports only what the first screen needs; the mode registry agrees with the screen classes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from textual.binding import Binding

ROOT = Path(__file__).resolve().parents[2]


def test_the_registry_says_what_each_screen_class_says():
    from sydnarke_tui.tui.screens import MODE_INFO, MODES

    for mode, info in MODE_INFO.items():
        cls = MODES[mode]
        assert (cls.MODE, cls.TITLE_SV) == (mode, info.title)
        assert cls.__module__ == f"sydnarke_tui.tui.screens.{info.module}"


def test_the_app_binds_every_mode_from_the_registry():
    from sydnarke_tui.tui.app import SydnarkeApp, known_binding_ids
    from sydnarke_tui.tui.screens import MODE_INFO

    keys = {b.id: b.key for b in SydnarkeApp.BINDINGS if isinstance(b, Binding)}
    for mode, info in MODE_INFO.items():
        assert keys[f"screen.{mode}"] == ",".join(info.keys)
    ids = known_binding_ids()  # every screen's and dialog's own bindings too
    assert {"overview.year", "screen.drift", "help"} <= ids


def _modules_after(code: str) -> set[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", code + "\nimport json, sys; print(json.dumps(sorted(sys.modules)))"],
                         env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_starting_imports_the_first_screen_only():
    # What `sydnarke-tui app` imports before the app runs, plus the first screen's class.
    mods = _modules_after("from sydnarke_tui import cli\nfrom sydnarke_tui.tui import app\n"
                          "from sydnarke_tui.tui.screens import MODES\nMODES['oversikt']")
    assert "sydnarke_tui.tui.screens.overview" in mods
    later = ["goals", "operating", "investments", "key", "checks", "log", "narrative", "help", "export_dialog",
             "import_dialog", "new_year_dialog", "file_dialog", "dialogs"]  # dialogs: none before the first paint
    assert [m for m in later if f"sydnarke_tui.tui.screens.{m}" in mods] == []
    assert not {"openpyxl", "docx", "tomllib"} & mods
    # The multi-line editor (tui/notes.py) comes with the screens that have one: TextArea, its
    # document classes and the tree-sitter probe cost about 5 ms of every start.
    assert not {"sydnarke_tui.tui.notes", "textual.widgets._text_area", "textual.document._document"} & mods
    assert not [m for m in mods if m.startswith("sydnarke_tui.io.") and m not in (
        "sydnarke_tui.io.exports", "sydnarke_tui.io.errors", "sydnarke_tui.io.plan")]


def test_a_screen_class_is_importable_from_the_package_as_before():
    from sydnarke_tui.tui import screens
    from sydnarke_tui.tui.screens import ExportScreen, OperatingScreen

    assert OperatingScreen.MODE == "drift" and ExportScreen.__name__ == "ExportScreen"
    assert [d.__name__ for d in screens.DIALOGS] == list(screens.DIALOG_NAMES)
