"""Run the real program in a pseudo-terminal and read its screen with pyte.

Each burst is written with ONE os.write, as SSH, tmux or a paste deliver it;
waits block on the reader's "new output" signal with a timeout, never a fixed sleep.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[2]

KEYS = {
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
    "enter": "\r", "tab": "\t", "shift+tab": "\x1b[Z", "backspace": "\x7f", "escape": "\x1b",
    "ctrl+u": "\x15", "ctrl+k": "\x0b", "ctrl+e": "\x05", "ctrl+p": "\x10", "ctrl+q": "\x11",
    "ctrl+s": "\x13", "home": "\x1b[H", "end": "\x1b[F", "delete": "\x1b[3~",
    "f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS", "f5": "\x1b[15~", "f6": "\x1b[17~",
    "f7": "\x1b[18~", "f8": "\x1b[19~", "f10": "\x1b[21~", "f12": "\x1b[24~", "ctrl+f": "\x06",
}


def command() -> list[str]:
    """The installed console script next to this Python, else `python -m sydnarke_tui`."""
    script = Path(sys.executable).with_name("sydnarke-tui")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "sydnarke_tui"]


def keys(*parts: str) -> bytes:
    """keys("ctrl+u", "4711") -> the bytes a terminal sends; names from KEYS, else literal text."""
    for p in parts:
        if p not in KEYS and re.fullmatch(r"(ctrl|shift|alt)\+.+|f\d+", p):
            raise ValueError(f"no byte sequence for key {p!r}: add it to KEYS")
    return "".join(KEYS.get(p, p) for p in parts).encode("utf-8")


def _look(c: pyte.screens.Char) -> tuple:
    if c.data == " " and not (c.underscore or c.strikethrough or c.reverse or c.blink):
        return (" ", None, c.bg)
    return tuple(c)


class PtyApp:
    def __init__(self, db: Path, config: Path, cols: int = 80, rows: int = 24, args: tuple[str, ...] = (),
                 extra_env: dict[str, str] | None = None) -> None:
        self.cols, self.rows = cols, rows
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self._lock = threading.RLock()  # predicates may read the screen while a wait holds it
        self._output = threading.Condition(self._lock)  # notified by the reader on every read
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "NO_COLOR", "COLUMNS", "LINES"))}
        env.update(TERM="xterm-256color", COLORTERM="", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                   PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
                   TEXTUAL_ANIMATIONS="none")
        env.update(extra_env or {})  # e.g. NO_COLOR for a test of it
        self.proc = subprocess.Popen(
            [*command(), "--db", str(db), "--config", str(config), *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=str(db.parent), start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                with self._output:
                    self._output.notify_all()
                return
            with self._output:
                self.raw += data
                self.stream.feed(data)
                self._output.notify_all()

    # ------------------------------------------------------------ input
    def write(self, *parts: str) -> None:
        """One burst: every key in ONE os.write."""
        os.write(self.master, keys(*parts))

    def resize(self, cols: int, rows: int) -> None:
        """The terminal window resized: the emulator keeps what it shows (cut or widened), as a terminal does,
        and the program is told (SIGWINCH; it runs in its own session, so the kernel does not send it)."""
        with self._lock:
            self.cols, self.rows = cols, rows
            self.screen.resize(rows, cols)
            fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.killpg(self.proc.pid, signal.SIGWINCH)

    # ------------------------------------------------------------ output
    def cells(self) -> tuple:
        """Every cell as the terminal shows it: character, colours and attributes (a cursor row counts).
        A blank without a line or swapped colours shows only its background: its text colour is left out."""
        with self._lock:
            buf = self.screen.buffer
            return tuple(tuple(_look(buf[y][x]) for x in range(self.cols)) for y in range(self.rows))

    def text(self) -> str:
        with self._lock:
            return self._display()

    def _display(self) -> str:
        """The screen's text (pyte's own `display` fails on a wide character's stub left alone)."""
        buf = self.screen.buffer
        return "\n".join("".join(buf[y][x].data for x in range(self.cols)) for y in range(self.rows))

    def line_with(self, needle: str) -> str:
        return next((ln for ln in self.text().split("\n") if needle in ln), "")

    def wait_for(self, predicate, timeout: float = 15.0, what: str = "") -> str:
        """Poll the screen until predicate(text) (or a str in the text); fail with the screen."""
        check = (lambda t: predicate in t) if isinstance(predicate, str) else predicate
        end = time.monotonic() + timeout
        with self._output:
            while True:
                text = self._display()
                if check(text):
                    return text
                left = end - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    break
                # woken by new output; the short cap also notices an exit that wrote nothing
                self._output.wait(min(left, 0.5))
        raise AssertionError(f"timed out waiting for {what or predicate!r}; exit={self.proc.poll()}\n{self.text()}")

    def wait_until(self, check, timeout: float = 15.0, what: str = "") -> None:
        """Poll a condition outside the screen (a file written, a process ended), bounded; fail with the screen."""
        end = time.monotonic() + timeout
        with self._output:
            while not check():
                left = end - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; exit={self.proc.poll()}\n{self.text()}")
                self._output.wait(min(left, 0.05))  # woken early by output

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Until no output for `quiet` seconds (the app has finished reacting)."""
        end = time.monotonic() + timeout
        with self._output:
            last, since = len(self.raw), time.monotonic()
            while (now := time.monotonic()) < end:
                if len(self.raw) != last:
                    last, since = len(self.raw), now
                elif now - since >= quiet:
                    return
                # returns on new output, or when the quiet period would be over
                self._output.wait(min(end - now, since + quiet - now))

    def close(self) -> int:
        try:
            if self.proc.poll() is None:
                self.write("ctrl+q")
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGTERM)
                    try:
                        self.proc.wait(timeout=5)
                    except subprocess.TimeoutExpired:  # a program stuck in its event loop never outlives its test
                        os.killpg(self.proc.pid, signal.SIGKILL)
                        self.proc.wait(timeout=5)
                        raise
        finally:
            try:
                os.close(self.master)
            except OSError:
                pass
            self._reader.join(timeout=2)
        return self.proc.returncode


def replayed(raw: bytes, cols: int = 80, rows: int = 24):
    """The terminal after each row the program drew, replayed from its whole output: whatever reads
    cut the frames, a state seen here is one a user could have seen between two of them."""
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    for piece in re.split(rb"(?=\x1b\[\d+;1H)", raw):
        stream.feed(piece)
        buf = screen.buffer
        yield ["".join(buf[y][x].data for x in range(cols)) for y in range(rows)]
