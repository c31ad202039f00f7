"""What every start computes the same way, kept between starts (issue 20).

Two things a start computes from text and would compute again, identically, the
next time:

- **The code of the dataclasses' methods.** On Python 3.11 `dataclasses` writes
  each method it makes (`__init__`, `__repr__`, `__eq__`, and for a frozen class
  `__hash__`, `__setattr__` and `__delattr__`) as source text and compiles it
  with `exec`: 338 compiles for our 68 classes before the first screen, 27 of
  the 53 ms our own imports took (timed around `dataclasses._process_class`,
  nearly all of it in `exec`), and Textual's classes on top; with this table
  our imports take about 21 ms less. Python keeps the compiled code of modules
  in .pyc files, not this. `install` gives the `dataclasses` module an `exec`
  of its own that takes a text's code from CODE and compiles only what is
  missing, as `exec` compiles a string there: file name "<string>", none of
  this module's `__future__` flags (dont_inherit), the interpreter's
  optimisation level.
- **The parsed CSS** (`CSS`, filled by tui/textual_adapter.keep_parsed_css):
  Textual parses the app's stylesheet and every widget class's default CSS at
  every start, 8 ms of regular-expression tokenising for ours; 1.6 ms with the
  table. Its file keeps only the theme (the CSS variables) its last writer used.

A table's key is the whole text it was made from (with what else the result
depends on), so a changed text is a new key and nothing needs invalidating but
the versions of the interpreter and of Textual, which the file's name and first
line carry, with a checksum of the rest (marshal is not safe against a damaged
file). A file that cannot be read, is of other versions or fails its checksum
counts as empty; one that cannot be written is not written (made again next
time). `save` writes a table back when the program added what the file lacks:
after the first paint (startgc.resume) and at exit; what the run has used is
then dropped from memory (about 1 MiB). A table past MAX_ENTRIES keeps only
what this run used.

Only the program's entry point installs this (`sydnarke_tui.__main__`); tests
and a library user import the package without it. The files live in the user's
cache folder ($XDG_CACHE_HOME or ~/.cache, then "sydnarke-tui"), created for the
user only. What is read from there is run, as with the .pyc files of a per-user
install: a folder or file that is not the user's own, or that others can write
(a shared XDG_CACHE_HOME, the user's folder under sudo), is neither read nor
written. SYDNARKE_NO_START_CACHE (set to anything) leaves all of this out.
"""

from __future__ import annotations

import builtins
import marshal
import os
import pickle
import sys
import threading
import zlib
from collections.abc import Callable
from types import CodeType
from typing import Any

MAX_ENTRIES = 5000  # many upgrades' worth of old texts: from there a table keeps what this run used
_PYTHON = f"{sys.version}|{sys.implementation.cache_tag}|O{sys.flags.optimize}"


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "sydnarke-tui")


def _ours(path: str) -> bool:
    """Owned by this user and writable by no one else: what is read from it is run (see the module's
    docstring). A folder someone else can write (a shared XDG_CACHE_HOME, the user's own under sudo) is
    neither read nor written."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


class Table:
    """Values by key in one file of the cache folder: read at the first `get`, added to while the
    program runs, written back by `save` when something the file lacks was added. `keep_all`: the
    file keeps what other runs made too (up to MAX_ENTRIES); else only what the last run that wrote
    it used (a theme's parsed CSS: the others' would be read, and held, at every start)."""

    def __init__(self, name: str, dumps: Callable[[Any], bytes], loads: Callable[[bytes], Any],
                 valid: Callable[[Any, Any], bool], versions: Callable[[], str] | None = None,
                 keep_all: bool = True) -> None:
        self.name = name
        # What else the values depend on, asked at the first read; None: unusable until it is set.
        self.versions = versions
        self._versions_text: str | None = None
        self._dumps, self._loads, self._valid, self._keep_all = dumps, loads, valid, keep_all
        self.on = False  # install() turns the tables on
        self._lock = threading.RLock()  # a thread may define a dataclass (an import) while the start saves
        self._read_yet = False
        self._values: dict[Any, Any] = {}
        self._new: dict[Any, Any] = {}
        self._used: set[int] = set()  # hashes of the keys this run has used

    def path(self) -> str:
        tag = f"{sys.implementation.cache_tag}-O{sys.flags.optimize}"
        return os.path.join(cache_dir(), f"{self.name}.{tag}.cache")

    def _header(self, body: bytes) -> bytes:
        """The versions the values were made with, and the body's checksum (marshal is not safe against
        a damaged file: a wrong checksum is an empty table, never a load)."""
        assert self.versions is not None  # checked by `usable`
        if self._versions_text is None:  # asked once: they do not change while the program runs
            self._versions_text = self.versions()
        return f"{self.name}|{_PYTHON}|{self._versions_text}|{zlib.crc32(body):08x}\n".encode()

    @property
    def usable(self) -> bool:
        return self.on and self.versions is not None

    def _read(self) -> dict[Any, Any]:
        path = self.path()
        try:
            if not (_ours(os.path.dirname(path)) and _ours(path)):
                return {}
            with open(path, "rb") as fh:
                data = fh.read()
            header, _, body = data.partition(b"\n")
            if header + b"\n" != self._header(body):
                return {}
            table = self._loads(body)
        except Exception:  # noqa: BLE001 - unreadable, other versions, damaged: made again, as without a file
            return {}
        if not isinstance(table, dict):
            return {}
        return {k: v for k, v in table.items() if self._valid(k, v)}

    def get(self, key: Any) -> Any:
        """The value kept for `key`, or None (also when the tables are off)."""
        if not self.usable:
            return None
        with self._lock:
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
            with self._lock:
                self._new[key] = value

    def save(self) -> None:
        """Write what was added since the last save into the file, with what the file holds (another run
        may have written meanwhile); nothing when the file has it all. Then what this run has used is
        dropped from memory (about 1 MiB after the start): a class is made once, a stylesheet keeps its
        rules; what is left serves the modules imported later (a screen, an export)."""
        if not self.usable:
            return
        with self._lock:
            new, self._new = self._new, {}
            self._used.update(hash(key) for key in new)
            if new:
                on_disk = self._read()
                if any(key not in on_disk for key in new):
                    self._write({**on_disk, **new})
            for key in [key for key in self._values if hash(key) in self._used]:
                del self._values[key]

    def _write(self, table: dict[Any, Any]) -> None:
        if not self._keep_all or len(table) > MAX_ENTRIES:
            table = {k: v for k, v in table.items() if hash(k) in self._used}
        path = self.path()
        folder = os.path.dirname(path)
        tmp = None
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            if not _ours(folder) or not os.access(folder, os.W_OK):
                return
            body = self._dumps(table)
            import tempfile  # only when there is something to write (after the first paint)

            fd, tmp = tempfile.mkstemp(prefix=f".{self.name}.", suffix=".tmp", dir=folder)  # the user's only
            with os.fdopen(fd, "wb") as fh:
                fh.write(self._header(body))
                fh.write(body)
            os.replace(tmp, path)  # a reader sees the old file or the new one, never half of one
            tmp = None
        except Exception:  # noqa: BLE001 - a full disk, a value that will not pickle: made again next time
            pass
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


CODE = Table("dataclass-code", marshal.dumps, marshal.loads, lambda k, v: isinstance(k, str) and isinstance(v, CodeType),
             versions=lambda: "")
# Its versions are Textual's, which only the tui layer knows: set by textual_adapter.keep_parsed_css.
CSS = Table("parsed-css", lambda t: pickle.dumps(t, pickle.HIGHEST_PROTOCOL),
            pickle.loads,  # noqa: S301 - the user's own cache folder (see the module's docstring)
            lambda k, v: isinstance(k, tuple) and isinstance(v, list), keep_all=False)
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
