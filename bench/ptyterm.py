"""A child process in an 80x24 pseudo-terminal, read through a pyte screen.

The parent writes keys, reads every byte the child writes and feeds it to a
pyte screen, so readiness is decided by the text on the screen; settling by a
quiet window (no output for QUIET seconds). CPU time and memory are read from
/proc for the running child.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import termios
import time

import pyte

COLS, ROWS = 80, 24
QUIET = 0.15  # seconds without output = the app is done with the key
TICK = os.sysconf("SC_CLK_TCK")

KEYS = {
    "f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS", "f5": "\x1b[15~", "f6": "\x1b[17~",
    "f7": "\x1b[18~", "f8": "\x1b[19~", "f9": "\x1b[20~", "f10": "\x1b[21~",
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
    "pagedown": "\x1b[6~", "pageup": "\x1b[5~", "home": "\x1b[H", "end": "\x1b[F",
    "enter": "\r", "tab": "\t", "escape": "\x1b", "backspace": "\x7f",
    "ctrl+e": "\x05", "ctrl+u": "\x15", "ctrl+q": "\x11", "ctrl+f": "\x06",
}


class Timeout(Exception):
    """The screen never showed what was waited for."""


def key(name: str) -> str:
    """A key by name ('f4', 'down', 'ctrl+f') or a literal character."""
    return KEYS.get(name, name)


class PtyTerm:
    def __init__(self, argv: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> None:
        full_env = dict(os.environ if env is None else env, TERM="xterm-256color", COLORTERM="truecolor",
                        TEXTUAL_ANIMATIONS="none", COLUMNS=str(COLS), LINES=str(ROWS))
        full_env.pop("NO_COLOR", None)
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.total_bytes = 0
        self.last_read = 0.0
        self.t0 = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child: never returns
            try:
                if cwd:
                    os.chdir(cwd)
                os.execvpe(argv[0], argv, full_env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.closed = False

    # ------------------------------------------------------------ reading

    def _read(self, wait: float) -> int:
        """Read what is available within `wait` seconds; bytes read (0 = nothing, -1 = closed)."""
        r, _, _ = select.select([self.fd], [], [], wait)
        if not r:
            return 0
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return -1
        if not data:
            return -1
        self._took(data)
        return len(data)

    def _took(self, data: bytes) -> None:
        """Bytes read from the app: counted, timed, fed to the screen."""
        self.total_bytes += len(data)
        self.last_read = time.perf_counter()
        self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str | tuple[str, ...], timeout: float = 60.0) -> float:
        """Read until the screen shows `needle` (or any of several); the time it did (perf_counter)."""
        needles = (needle,) if isinstance(needle, str) else needle
        end = time.perf_counter() + timeout
        while True:
            if any(n in self.text() for n in needles):
                return time.perf_counter()
            if time.perf_counter() > end:
                raise Timeout(f"{' / '.join(needles)!r} not on screen within {timeout:.0f} s")
            if self._read(0.05) < 0:
                raise Timeout(f"the program ended before {' / '.join(needles)!r} was on screen")

    def wait_screen(self, needles: tuple[str, ...], before: str, timeout: float = 60.0,
                    changed_quiet: float = 1.0) -> bool:
        """Read until the screen shows one of `needles` (True), or, failing that, differs from
        `before` and has been quiet for `changed_quiet` seconds (False). Timeout otherwise."""
        end = time.perf_counter() + timeout
        while True:
            text = self.text()
            if any(n in text for n in needles):
                return True
            now = time.perf_counter()
            if text != before and self.last_read and now - self.last_read > changed_quiet:
                return False
            if now > end:
                raise Timeout(f"{' / '.join(needles)!r} not on screen within {timeout:.0f} s")
            if self._read(0.05) < 0:
                raise Timeout(f"the program ended before {' / '.join(needles)!r} was on screen")

    def settle(self, quiet: float = QUIET, limit: float = 60.0) -> tuple[int, float | None]:
        """Read until `quiet` seconds pass without output; (bytes, time of the last byte)."""
        n, last = 0, None
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            got = self._read(quiet)
            if got <= 0:
                break
            n += got
            last = time.perf_counter()
        return n, last

    # ------------------------------------------------------------ writing

    def send(self, name: str) -> None:
        os.write(self.fd, key(name).encode())

    def press(self, name: str, quiet: float = QUIET, first: float = 10.0) -> tuple[float | None, int]:
        """Send one key and wait for the answer: up to `first` seconds for the first byte, then
        until `quiet` seconds pass without output. (Seconds to the last byte or None, bytes.)"""
        self.settle(0.03)
        t = time.perf_counter()
        self.send(name)
        got = self._read(first)
        if got <= 0:
            return None, 0
        n, _ = self.settle(quiet)
        return self.last_read - t, got + n

    def write_until(self, text: str, changed, quiet: float = QUIET, first: float = 10.0) -> tuple[float | None, int]:
        """press_until for literal text in one write (a burst)."""
        return self._send_until(text.encode(), changed, quiet, first)

    def press_until(self, name: str, changed, quiet: float = QUIET, first: float = 10.0) -> tuple[float | None, int]:
        """Send one key, read until `changed()` is true (at most `first` seconds), then until
        `quiet` seconds pass without output. (Seconds to the last byte or None if it never
        changed, bytes.) Timing to a change of the screen, not to the first quiet gap, keeps
        an update painted in two parts from being cut short."""
        return self._send_until(key(name).encode(), changed, quiet, first)

    def _send_until(self, data: bytes, changed, quiet: float, first: float) -> tuple[float | None, int]:
        self.settle(0.03)
        n0 = self.total_bytes
        t = time.perf_counter()
        os.write(self.fd, data)
        end = t + first
        while not changed():
            if time.perf_counter() > end or self._read(0.05) < 0:
                return None, self.total_bytes - n0
        self.settle(quiet)
        return self.last_read - t, self.total_bytes - n0

    def signature(self) -> tuple:
        """The screen's text with colours and reverse video, so a moved cursor row counts as a change."""
        buf = self.screen.buffer
        return tuple(tuple((c.data, c.fg, c.bg, c.reverse) for c in (buf[y][x] for x in range(COLS)))
                     for y in range(ROWS))

    # ------------------------------------------------------------ the child's resources

    def cpu_seconds(self) -> float:
        """CPU time of the child so far, all its threads: nanoseconds from /proc/PID/task/*/schedstat
        (a 50-key burst takes a few clock ticks, too few for /proc/PID/stat), else clock ticks."""
        try:
            total = 0
            for task in os.listdir(f"/proc/{self.pid}/task"):
                with open(f"/proc/{self.pid}/task/{task}/schedstat") as f:
                    total += int(f.read().split()[0])
            return total / 1e9
        except (OSError, ValueError, IndexError):
            pass
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14, 15)

    def memory(self) -> tuple[float, float]:
        """(resident MiB now, peak resident MiB) from /proc/PID/status."""
        got = {}
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                name, _, value = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    got[name] = int(value.split()[0]) / 1024
        return got.get("VmRSS", float("nan")), got.get("VmHWM", float("nan"))

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.send("ctrl+q")
            self.settle(0.3, 3)
        except OSError:
            pass
        try:
            os.kill(self.pid, 9)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)

    def __enter__(self) -> "PtyTerm":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
