"""Shared fixtures for the io tests: the embedded demo year and its computed report."""

from __future__ import annotations

import copy
import importlib.resources

import pytest

from sydnarke_tui.core.compute import compute
from sydnarke_tui.io.toml_io import load_year_toml


def demo_text() -> str:
    return (importlib.resources.files("sydnarke_tui.db") / "demo-2019.toml").read_text(encoding="utf-8")


_DEMO = load_year_toml(demo_text())


@pytest.fixture
def demo_toml() -> str:
    return demo_text()


@pytest.fixture
def demo_year():
    return copy.deepcopy(_DEMO)


@pytest.fixture
def demo_computed(demo_year):
    return compute(demo_year, demo_year.full_year_period)


@pytest.fixture
def hostile_year(demo_year):
    """The demo with markup-like and HTML-like user text everywhere."""
    y = demo_year
    y.organisation = "Nämnd <b>&</b>"
    y.goals[0].title = "[red]x[/red] mål"
    y.goals[0].indicators[0].name = "<script>alert('x')</script>"
    y.goals[1].indicators[0].name = "a | b | c"
    y.operating[0].label = "Övrigt | *fet* _kursiv_ [länk](http://x)"
    y.investments[0].label = "<img src=x onerror=alert(1)>"
    y.narrative["helar"] = "# Inte en rubrik\n\n- inte en lista\n\n<script>evil()</script> [red]röd[/red] `kod`"
    return y
