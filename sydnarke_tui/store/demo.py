"""The embedded demo year (db/demo-2019.toml, shipped as sydnarke_tui.db)."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from importlib.resources import files

from ..core.model import Year
from ..core.serial import year_from_dict

DEMO_FILE = "demo-2019.toml"


def demo_text() -> str:
    return files("sydnarke_tui.db").joinpath(DEMO_FILE).read_text(encoding="utf-8")


def demo_year() -> Year:
    return year_from_dict(tomllib.loads(demo_text(), parse_float=Decimal))
