"""File paths typed in the import and export dialogs: Tab completion (the last folder used is `Session.last_folder`)."""

from __future__ import annotations

import os
from pathlib import Path


def complete_path(text: str, cwd: Path | None = None) -> tuple[str, list[str]]:
    """Complete the last part of a typed path: (new text, the names that matched).

    One match is completed whole (a folder gets its '/'); several are
    completed to their longest common start. Hidden names only when the typed
    part starts with '.'. The typed text is kept as typed ('~' stays '~').
    """
    typed_dir, part = (text, "") if text.endswith(os.sep) or not text else os.path.split(text)
    folder = Path(os.path.expanduser(typed_dir)) if typed_dir else Path(".")
    if not folder.is_absolute():
        folder = (cwd or Path.cwd()) / folder
    try:
        names = sorted(n for n in os.listdir(folder) if n.startswith(part) and (part.startswith(".")
                                                                                 or not n.startswith(".")))
    except OSError:
        return text, []
    if not names:
        return text, []
    common = os.path.commonprefix(names)
    prefix = text[: len(text) - len(part)]
    if len(names) == 1 and (folder / names[0]).is_dir():
        common += os.sep
    return prefix + common, names
