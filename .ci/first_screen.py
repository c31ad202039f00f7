"""Start the installed `sydnarke-tui` in a pseudo-terminal, wait for the first screen, quit with Ctrl+Q.

Stdlib only (runs with the fresh venv's python, outside the source tree).
Exit status 0 when "Översikt" appeared and the program ended with status 0.
Usage: python first_screen.py PATH/TO/sydnarke-tui [ARGS...]
"""

from __future__ import annotations

import os
import pty
import select
import signal
import struct
import sys
import time

try:
    import fcntl
    import termios
except ImportError:  # pragma: no cover - POSIX only
    sys.exit("first_screen.py needs a POSIX pty")

WANT = "Översikt".encode()
TIMEOUT_S = 60


def _read_until(fd: int, want: bytes, deadline: float) -> bytes:
    seen = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if want in seen:
            return seen
    return seen


def main(argv: list[str]) -> int:
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = _read_until(fd, WANT, time.monotonic() + TIMEOUT_S)
    if WANT not in seen:
        os.kill(pid, signal.SIGKILL)
        print("first screen not shown; last output:", seen[-400:].decode(errors="replace"), file=sys.stderr)
        return 1
    time.sleep(0.5)  # let the first screen settle before quitting
    os.write(fd, b"\x11")  # Ctrl+Q
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        _read_until(fd, b"\x00never", time.monotonic() + 0.2)  # drain so the app can write and exit
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            print(f"first screen shown ('Översikt'), Ctrl+Q: exit status {code}")
            return 0 if code == 0 else 1
    os.kill(pid, signal.SIGKILL)
    print("the program did not quit on Ctrl+Q", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
