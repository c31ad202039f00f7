"""`python -m sydnarke_tui` and the `sydnarke-tui` command."""

import sys

from . import startgc


def main() -> int:
    startgc.pause()  # before the imports: the collector would walk all they create (startgc.py)
    from .cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
