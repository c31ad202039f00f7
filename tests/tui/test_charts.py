"""Charts on Översikt and Drift (issue 11 item 7): there, legible at 80×24, live while an outcome is typed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from sydnarke_tui.core.charts import DeviationItem, FulfilmentItem, largest, largest_deviations
from sydnarke_tui.core.model import Status
from sydnarke_tui.tui.charts import DeviationBars, Ranking, YearCharts, deviation_lines, fulfilment_lines
from sydnarke_tui.tui.palette import ANSI, PLAIN

from .conftest import make_app
from .helpers import screen_text, settle, tab_to
from .test_drift_sections import _group


def _bars_row(chart_text: str, label_start: str) -> str:
    return next(row for row in chart_text.splitlines() if row.startswith(label_start))


async def test_overview_shows_both_charts_and_they_fit_80_columns(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chart = app.screen.query_one("#charts", YearCharts)
        text = chart.plain
        assert "Måluppfyllelse per indikator" in text and "Avvikelse mot budget, tkr" in text
        assert "█ uppnådd" in text and "▓ delvis" in text and "░ ej uppnådd" in text  # the legend
        akuta = _bars_row(text, "Öka andelen akuta")
        assert akuta.endswith("113 % uppnådd") and "≤ 30 min" in akuta  # the end that tells it apart
        assert "▓" in _bars_row(text, "Minska genomsnittlig") and "70 % delvis" in text
        assert _bars_row(text, "Databehandling").endswith("-1 717") and "█" in _bars_row(text, "Databehandling")
        assert all(cell_len(row) <= chart.content_size.width for row in text.splitlines())
        assert chart.content_size.width <= 80


async def test_overview_charts_side_by_side_at_160_columns(store):
    app = make_app(store)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        row = next(r for r in shown.splitlines() if r.startswith("Måluppfyllelse per indikator"))
        assert "Avvikelse mot budget, tkr" in row and "◀ sämre│bättre ▶" in row
        assert "Sjukfrånvaro" in shown and "149 % uppnådd" in shown and "Kapitalkostnader" in shown


async def test_drift_chart_changes_with_each_digit_of_an_outcome(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        bars = app.screen.query_one("#op-chart", DeviationBars)
        before = bars.plain
        assert before.splitlines()[0] == "Största avvikelser, tkr"
        assert before.splitlines()[1].startswith("Databehan") and "Databehan" in screen_text(app)
        await pilot.press("down", "down")  # Personalkostnader: budget 11 799 tkr
        await settle(pilot)
        await pilot.press("enter")
        await tab_to(pilot, "outcome")
        await pilot.press("ctrl+e", "ctrl+u")
        seen = []
        for digit in "10000":
            await pilot.press(digit)
            await pilot.pause()
            seen.append(bars.plain)
            # what the keystroke worked out from the bars before it is what a pass over every line gives
            assert bars._top == largest_deviations(app.session.computed, bars._n)
        assert len(set(seen)) == 5 and before not in seen  # a new chart on every keystroke, before saving
        # outcome 10 000 tkr: deviation 1 799 tkr, now the largest, its bar the full width right of the axis
        top = seen[-1].splitlines()[1]
        assert top.startswith("Personalk") and top.endswith("1 799") and "│█████" in top
        assert "1 799" in screen_text(app)  # visible at 80×24
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert _bars_row(app.screen.query_one("#charts", YearCharts).plain, "Personalkostnader").endswith("1 799")


async def test_drift_chart_of_a_grouped_year_shows_the_verksamheter(store):
    _group(store)
    app = make_app(store)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        text = app.screen.query_one("#op-chart", DeviationBars).plain
        assert text.splitlines()[0] == "Avvikelse per verksamhet, tkr"
        assert any(r.startswith("Gator och") and r.endswith("-1 717") for r in text.splitlines())
        assert "Personalkostnader" not in text  # inside Politisk verksamhet: its subtotal stands for it
        await pilot.press("f2")
        await settle(pilot)
        assert "Avvikelse per verksamhet, tkr" in app.screen.query_one("#charts", YearCharts).plain


async def test_charts_read_without_colour(store, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(store, theme="auto")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        # status by pattern and word, deviation by side of the axis and sign
        assert "▓▓▓▓▓▓▓▓▓" in shown and "70 % delvis" in shown and "██████" in shown
        assert "█│" in shown and "│█" in shown  # bars left (worse) and right (better) of the axis
        assert "-1 717" in shown
        chart = app.screen.query_one("#charts", YearCharts)
        styles = {str(sp.style) for t in chart.renderable_lines.lines(chart.content_size.width) for sp in t.spans}
        assert styles and not any(c in st for st in styles for c in ("red", "green", "yellow"))


def test_lines_are_rich_text_of_the_width_with_user_text_literal():
    items = [DeviationItem("l:1", "[red]x[/red] [b]", -1_234_567), DeviationItem("l:2", "Tjänster", 300_000),
             DeviationItem("l:3", "Noll", 0), DeviationItem("l:4", "Utan utfall", None)]
    for width in (31, 60, 80):
        lines = deviation_lines(items, width, "tkr", "Avvikelse")
        assert [cell_len(t.plain) for t in lines] == [width] * 5
        assert lines[1].plain.startswith("[red]")  # shown, not read as markup
        assert "-1 235" in lines[1].plain and lines[4].plain.rstrip().endswith("–")
    row = deviation_lines(items, 80, "tkr", "Avvikelse", ANSI)[2]  # 300 000 of 1 234 567: a partial cell
    assert any("green" in str(s.style) for s in row.spans)
    neg = deviation_lines([DeviationItem("l:1", "a", -11), DeviationItem("l:2", "b", 16)], 40, "kr", "A", ANSI)[1]
    assert any("reverse" in str(s.style) and "red" in str(s.style) for s in neg.spans)  # filled from the right
    ful = [FulfilmentItem(1, "Ett mål [b]", "m", Status.NOT_ACHIEVED, 40),
           FulfilmentItem(2, "Två", "m", Status.NOT_MEASURED, None)]
    for width in (40, 80):
        lines = fulfilment_lines(ful, width)
        assert all(cell_len(t.plain) == width for t in lines)
        assert "░" in lines[-2].plain and lines[-2].plain.rstrip().endswith("40 % ej uppnådd")
        assert lines[-1].plain.rstrip().endswith("– ej mätt")


def test_without_colour_the_charts_keep_only_attributes():
    """NO_COLOR: Textual's monochrome filter would draw red as a dark grey on black; the bars take the
    default foreground instead, a deficit is bold, the reversed cell stays reversed, nothing is faint."""
    dev = deviation_lines([DeviationItem("l:1", "a", -11), DeviationItem("l:2", "b", 16)], 40, "kr", "A", PLAIN)
    ful = fulfilment_lines([FulfilmentItem(1, "x", "m", Status.PARTLY, 80),
                            FulfilmentItem(2, "y", "m", Status.NOT_MEASURED, None)], 60, PLAIN)
    styles = [str(s.style) for t in [*dev, *ful] for s in t.spans]
    assert not any(c in st for st in styles for c in ("red", "green", "yellow", "#", "dim"))
    assert "reverse" in styles and "bold" in styles
    assert "▓" in ful[-2].plain and "80 % delvis" in ful[-2].plain


def test_a_period_without_outcomes_says_so():
    items = [DeviationItem("l:1", "a", None), DeviationItem("l:2", "b", None)]
    assert [t.plain.rstrip() for t in deviation_lines(items, 40, "tkr", "Avvikelse")] == \
        ["Avvikelse", "inga utfall ännu"]
    assert [t.plain.rstrip() for t in deviation_lines([], 40, "tkr", "Största")] == ["Största", "inga utfall ännu"]


async def test_a_large_year_shows_what_needs_attention_and_the_largest(store):
    """Översikt of a year with 53 indicators and 38 lines: 20 strips (the weakest) and 12 bars (the largest)."""
    from decimal import Decimal

    from sydnarke_tui.core.model import Comparison, Indicator, IndicatorValue, Kind, LineValue, OperatingLine

    y = store.load_year(2019)
    y.year = 2021
    goal = y.goals[0]
    for i in range(40):
        goal.indicators.append(Indicator(0, f"Extra indikator {i}", Comparison.GE, Decimal(100), "%",
                                         values={"helar": IndicatorValue(Decimal(60 + i))}))
    for i in range(30):
        y.operating.append(OperatingLine(0, f"Extra rad {i}", Kind.COST, 1_000_000, {"helar": LineValue(1_000_000 + i)}))
    store.insert_year(y, action="load", source="test")
    app = make_app(store, year=2021)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        text = app.screen.query_one("#charts", YearCharts).plain
        assert "De 20 indikatorer av 53 som mest behöver uppmärksamhet" in text
        assert "De 12 största avvikelserna av 38, tkr" in text
        assert "Extra indikator 0 " in text and "60 % ej uppnådd" in text  # the weakest is there
        assert "Sjukfrånvaro" not in text  # achieved: left out


def test_colours_are_the_16_ansi_ones():
    """A 16-colour terminal shows the charts as designed: every colour is a standard ANSI colour, and a
    coloured word or figure has its own background (legible on a black or a white terminal)."""
    from rich.color import ColorType
    from rich.style import Style

    lines = [*deviation_lines([DeviationItem("l:1", "a", -11), DeviationItem("l:2", "b", 16)], 60, "kr", "A", ANSI),
             *fulfilment_lines([FulfilmentItem(i, "x", "m", s, 80) for i, s in enumerate(Status)], 80, ANSI)]
    styles = [Style.parse(str(sp.style)) for t in lines for sp in t.spans]
    colours = {s.color for s in styles} - {None}
    assert colours and all(c.type is ColorType.STANDARD for c in colours)
    words = [(s, t.plain[sp.start:sp.end]) for t in lines for sp in t.spans for s in [Style.parse(str(sp.style))]]
    assert all(s.bgcolor is not None for s, text in words if s.color is not None and any(c.isalnum() for c in text))


async def test_drift_shows_as_many_bars_as_the_panel_has_room_for(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        bars = app.screen.query_one("#op-chart", DeviationBars)
        assert len(bars.plain.splitlines()) == 1 + 3  # the title and at least three bars (the panel scrolls)
        await pilot.resize_terminal(160, 50)
        await settle(pilot, 0.2)
        rows = bars.plain.splitlines()
        # A taller panel: more bars (one row under the split is kept for the ✱ marker, blank now).
        assert len(rows) == 1 + 5 and rows[-1].startswith("Kapitalkost")
        shown = screen_text(app)
        assert all(r.strip() in shown for r in rows) and "Lekeberg" in shown  # and the split still below


@given(st.lists(st.integers(-50, 50) | st.none(), min_size=1, max_size=30),
       st.lists(st.tuples(st.integers(0, 29), st.integers(-50, 50) | st.none()), max_size=30),
       st.integers(0, 12))
def test_the_ranking_kept_per_keystroke_is_the_largest_of_every_line(devs, edits, n):
    """Drift's bars after keystrokes, kept in order one line at a time, are the largest of all lines."""
    items = [DeviationItem(f"l:{i}", f"Rad {i}", d, i) for i, d in enumerate(devs)]
    ranking = Ranking(devs)
    for pos, dev in edits:
        if pos < len(items):
            items[pos] = DeviationItem(f"l:{pos}", f"Rad {pos}", dev, pos)
            ranking.update(pos, dev)
        assert ranking.top(n) == [x.order for x in largest(items, n)]
