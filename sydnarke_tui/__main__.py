"""`python -m sydnarke_tui` and the `sydnarke-tui` command."""

import sys

from . import startcache, startgc


def main() -> int:
    startgc.pause()  # before the imports: the collector would walk all they create (startgc.py)
    startcache.install()  # before any dataclass is defined: what the last start compiled (startcache.py)
    from .cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
