"""What every start computes the same way, kept between starts (issue 20).

Two things a start computes from text and would compute again, identically, the
next time:

- **The code of the dataclasses' methods.** On Python 3.11 `dataclasses` writes
  each method it makes (`__init__`, `__repr__`, `__eq__`, and for a frozen class
  `__hash__`, `__setattr__` and `__delattr__`) as source text and compiles it
  with `exec`: 338 compiles for our 68 classes before the first screen, 27 of
  the 53 ms our own imports took (timed around `dataclasses._process_class`,
  nearly all of it in `exec`), and Textual's classes on top. Python keeps the
  compiled code of modules in .pyc files, not this. `install` gives the
  `dataclasses` module an `exec` of its own that takes a text's code from
  CODE and compiles only what is missing, as `exec` compiles a string there:
  file name "<string>", none of this module's `__future__` flags
  (dont_inherit), the interpreter's optimisation level.
- **The parsed CSS** (`CSS`, filled by tui/textual_adapter.keep_parsed_css):
  Textual parses the app's stylesheet and every widget class's default CSS at
  every start, about 8 ms of regular-expression tokenising for ours.

A table's key is the whole text it was made from (with what else the result
depends on), so a changed text is a new key and nothing needs invalidating but
the versions of the interpreter and of Textual, which the file's name and first
line carry. A file that cannot be read, is of other versions or is damaged
counts as empty; one that cannot be written is not written (compiled again next
time). `save` writes a table back when the program added what the file lacks:
after the first paint (startgc.resume) and at exit; what the run has used is
then dropped from memory (about 1 MiB). A table past MAX_ENTRIES keeps only
what this run used.

Only the program's entry point installs this (`sydnarke_tui.__main__`); tests
and a library user import the package without it. The files live in the user's
cache folder ($XDG_CACHE_HOME or ~/.cache, then "sydnarke-tui", created
readable by the user only). Like the .pyc files of a per-user install, what is
read from there is run: whoever can write that folder can already change the
user's programs. SYDNARKE_NO_START_CACHE=1 leaves all of this out.
"""

from __future__ import annotations

import builtins
import marshal
import os
import pickle
import sys
from collections.abc import Callable
from types import CodeType
from typing import Any

MAX_ENTRIES = 5000  # many upgrades' worth of old texts: from there a table keeps what this run used
_PYTHON = f"{sys.version}|{sys.implementation.cache_tag}|O{sys.flags.optimize}"


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "sydnarke-tui")


class Table:
    """Values by key in one file of the cache folder: read at the first `get`, added to while the
    program runs, written back by `save` when something was added."""

    def __init__(self, name: str, dumps: Callable[[Any], bytes], loads: Callable[[bytes], Any],
                 valid: Callable[[Any, Any], bool], versions: Callable[[], str] | None = None) -> None:
        self.name = name
        # What else the values depend on, asked at the first read; None: unusable until it is set.
        self.versions = versions
        self._dumps, self._loads, self._valid = dumps, loads, valid
        self.on = False  # install() turns the tables on
        self._read_yet = False
        self._values: dict[Any, Any] = {}
        self._new: dict[Any, Any] = {}
        self._used: set[int] = set()  # hashes of the keys this run has used

    def path(self) -> str:
        tag = f"{sys.implementation.cache_tag}-O{sys.flags.optimize}"
        return os.path.join(cache_dir(), f"{self.name}.{tag}.cache")

    def _header(self) -> bytes:
        assert self.versions is not None  # checked by `usable`
        return f"{self.name}|{_PYTHON}|{self.versions()}\n".encode()

    @property
    def usable(self) -> bool:
        return self.on and self.versions is not None

    def _read(self) -> dict[Any, Any]:
        try:
            with open(self.path(), "rb") as fh:
                data = fh.read()
            header = self._header()
            if not data.startswith(header):
                return {}
            table = self._loads(data[len(header):])
        except Exception:  # noqa: BLE001 - unreadable, other versions, damaged: made again, as without a file
            return {}
        if not isinstance(table, dict):
            return {}
        return {k: v for k, v in table.items() if self._valid(k, v)}

    def get(self, key: Any) -> Any:
        """The value kept for `key`, or None (also when the tables are off)."""
        if not self.usable:
            return None
        if not self._read_yet:
            self._read_yet = True
            self._values.update(self._read())
        value = self._values.get(key)
        if value is not None:
            self._used.add(hash(key))  # not the key: it is dropped from memory after the start (save)
            return value
        return self._new.get(key)

    def add(self, key: Any, value: Any) -> None:
        if self.usable:
            self._new[key] = value

    def save(self) -> None:
        """Write what was added since the last save into the file, with what the file holds (another run
        may have written meanwhile); nothing when the file has it all. Then what this run has used is
        dropped from memory (about 1 MiB after the start): a class is made once, a stylesheet keeps its
        rules; what is left serves the modules imported later (a screen, an export)."""
        if not self.usable:
            return
        new, self._new = self._new, {}
        if new:
            on_disk = self._read()
            if any(key not in on_disk for key in new):
                self._write({**on_disk, **new}, new)
            self._used.update(hash(key) for key in new)
        for key in [key for key in self._values if hash(key) in self._used]:
            del self._values[key]

    def _write(self, table: dict[Any, Any], new: dict[Any, Any]) -> None:
        if len(table) > MAX_ENTRIES:
            table = {k: v for k, v in table.items() if hash(k) in self._used or k in new}
        path = self.path()
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            data = self._dumps(table)
            with open(tmp, "wb") as fh:
                fh.write(self._header())
                fh.write(data)
            os.replace(tmp, path)  # a reader sees the old file or the new one, never half of one
        except Exception:  # noqa: BLE001 - a read-only home, a value that will not pickle: made again next time
            try:
                os.unlink(tmp)
            except OSError:
                pass


CODE = Table("dataclass-code", marshal.dumps, marshal.loads, lambda k, v: isinstance(k, str) and isinstance(v, CodeType),
             versions=lambda: "")
# Its versions are Textual's, which only the tui layer knows: set by textual_adapter.keep_parsed_css.
CSS = Table("parsed-css", lambda t: pickle.dumps(t, pickle.HIGHEST_PROTOCOL),
            pickle.loads,  # noqa: S301 - the user's own cache folder (see the module's docstring)
            lambda k, v: isinstance(k, tuple) and isinstance(v, list))
TABLES = (CODE, CSS)


def _exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /) -> None:
    """`exec` as the dataclasses module calls it, a string's code taken from CODE when it is there."""
    if globals is None:  # exec's own default: the caller's namespaces (dataclasses always passes them)
        frame = sys._getframe(1)
        globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
    if type(source) is str:
        code = CODE.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            CODE.add(source, code)
        source = code
    builtins.exec(source, globals, locals)


def install() -> None:
    """Turn the tables on and have `dataclasses` compile through CODE (before anything defines a
    dataclass); they are saved at exit too, for what later imports add (a screen, an export)."""
    if CODE.on or os.environ.get("SYDNARKE_NO_START_CACHE"):
        return
    import atexit
    import dataclasses

    for table in TABLES:
        table.on = True
    dataclasses.exec = _exec  # type: ignore[attr-defined] # shadows the builtin in that module only
    atexit.register(save)


def save() -> None:
    for table in TABLES:
        table.save()
