"""Chart geometry: deviation bars and fulfilment strips, exact and scaled the same way everywhere."""

import re

from hypothesis import given
from hypothesis import strategies as st

from sydnarke_tui.core.charts import (
    AXIS,
    EIGHTHS,
    LEFT_EIGHTHS,
    PATTERN,
    DeviationItem,
    FulfilmentItem,
    bar_glyphs,
    chart_deviations,
    deviation_chart,
    deviation_items,
    fit_label,
    fulfilment_items,
    fulfilment_strip,
    item_of_line,
    largest,
    largest_after_edit,
    largest_deviations,
    scaled,
    weakest,
)
from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import Status

from .test_sections import grouped_year

amounts = st.integers(min_value=-10**12, max_value=10**12)
widths = st.integers(min_value=0, max_value=200)


# ------------------------------------------------------------------ scaling


@given(amounts, st.integers(min_value=1, max_value=10**12), widths)
def test_scaled_never_exceeds_full_and_keeps_the_sign(value, max_abs, full):
    n = scaled(value, max_abs, full)
    assert abs(n) <= full
    if value == 0 or full == 0:
        assert n == 0
    else:
        assert (n > 0) == (value > 0)  # sign preserved, a non-zero value never vanishes


@given(st.lists(amounts, min_size=2, max_size=2), st.integers(min_value=1, max_value=10**12), widths)
def test_scaled_is_monotone_in_magnitude(pair, max_abs, full):
    a, b = sorted(pair, key=abs)
    assert abs(scaled(a, max_abs, full)) <= abs(scaled(b, max_abs, full))


def test_scaled_rounds_half_up_and_fills_at_the_maximum():
    assert scaled(1, 16, 8) == 1  # 0.5 -> 1 (half up, not banker's 0)
    assert scaled(3, 16, 8) == 2  # 1.5 -> 2
    assert scaled(-3, 16, 8) == -2
    assert scaled(16, 16, 8) == 8 and scaled(-40, 16, 8) == -8  # beyond the maximum: clamped
    assert scaled(1, 10**12, 8) == 1  # tiny but not zero: one unit


# ------------------------------------------------------------------ deviation bars


@given(st.lists(st.one_of(st.none(), amounts), max_size=12), st.integers(min_value=0, max_value=40))
def test_deviation_chart_invariants(devs, cells):
    items = [DeviationItem(f"l:{i}", f"rad {i}", d) for i, d in enumerate(devs)]
    chart = deviation_chart(items, cells)
    assert [b.item for b in chart.bars] == items
    for b in chart.bars:
        d = b.item.deviation or 0
        assert abs(b.eighths) <= cells * EIGHTHS
        assert (b.eighths == 0) == (d == 0 or cells == 0)
        assert b.eighths * d >= 0  # sign preserved
    longest = [b for b in chart.bars if b.item.deviation is not None and abs(b.item.deviation) == chart.max_abs]
    if chart.max_abs and cells:
        assert all(abs(b.eighths) == cells * EIGHTHS for b in longest)
    ordered = sorted(chart.bars, key=lambda b: abs(b.item.deviation or 0))
    assert [abs(b.eighths) for b in ordered] == sorted(abs(b.eighths) for b in ordered)  # monotone


@given(st.integers(min_value=-400, max_value=400), st.integers(min_value=1, max_value=50))
def test_bar_glyphs_are_exactly_the_width_and_the_length(eighths, cells):
    g = bar_glyphs(eighths, cells)
    assert len(g.left) == len(g.right) == cells
    n = min(abs(eighths), cells * EIGHTHS)
    drawn_right = sum(LEFT_EIGHTHS.index(ch) for ch in g.right)
    # left of the axis: full cells, and the reversed cell counts what it leaves unfilled
    drawn_left = sum(EIGHTHS - LEFT_EIGHTHS.index(ch) if i == g.reverse_at else LEFT_EIGHTHS.index(ch)
                     for i, ch in enumerate(g.left))
    if eighths > 0:
        assert (drawn_left, drawn_right) == (0, n) and g.reverse_at is None
        assert re.fullmatch(r"█*[▏▎▍▌▋▊▉]? *", g.right)  # solid from the axis outwards
    elif eighths < 0:
        assert (drawn_left, drawn_right) == (n, 0)
        assert re.fullmatch(r" *[▏▎▍▌▋▊▉]?█*", g.left)
        assert g.reverse_at == (None if n % EIGHTHS == 0 else cells - n // EIGHTHS - 1)
    else:
        assert g.left == g.right == " " * cells


def test_bar_glyphs_examples():
    assert bar_glyphs(0, 3).right == bar_glyphs(0, 3).left == "   "
    assert bar_glyphs(8, 3).right == "█  "
    assert bar_glyphs(11, 3).right == "█▍ "
    g = bar_glyphs(-11, 3)
    assert g.left == " ▋█" and g.reverse_at == 1  # 3 eighths filled from the right: ▋ (5/8) reversed
    assert bar_glyphs(-16, 3).left == " ██" and bar_glyphs(-16, 3).reverse_at is None
    assert bar_glyphs(99, 2).right == "██"  # clamped to the width


def test_demo_deviation_items_and_chart(demo):
    c = compute(demo, demo.full_year_period)
    items = deviation_items(c)
    assert [x.deviation for x in items] == [245_000, 0, 1_417_300, 981_100, -1_716_948, -1_507_000, 30_000, 709_100]
    assert items[0].key.startswith("l:") and items[0].label.startswith("Övriga avgifter")
    chart = deviation_chart(items, 20)
    assert chart.max_abs == 1_716_948
    eighths = [b.eighths for b in chart.bars]
    assert eighths[4] == -160 and eighths[1] == 0
    assert eighths[2] == 132  # 1 417 300 / 1 716 948 × 160 = 132.07 -> 132
    assert [x.label for x in largest(items, 3)] == ["Databehandling, licenser", "Tjänster", "Personalkostnader"]


def test_grouped_year_charts_the_verksamheter_and_the_ungrouped_line():
    y = grouped_year()
    items = deviation_items(compute(y, y.full_year_period))
    assert [(x.key, x.deviation) for x in items] == [
        ("st:Politisk verksamhet", -30_000), ("st:Gator & vägar", 150_000), ("l:7", -20_000)]


def test_a_line_without_outcome_has_no_bar_and_is_not_among_the_largest(demo):
    for lv in demo.operating[2].values.values():
        lv.outcome = None
    items = deviation_items(compute(demo, demo.full_year_period))
    assert items[2].deviation is None
    assert deviation_chart(items, 10).bars[2].eighths == 0
    assert items[2] not in largest(items, 8) and len(largest(items, 99)) == 7


# ------------------------------------------------------------------ fulfilment strips


def test_demo_fulfilment_strip(demo):
    c = compute(demo, demo.full_year_period)
    strip = fulfilment_strip(fulfilment_items(c), 15)
    got = [(b.item.pct, b.drawn_pct, b.cells, b.pattern) for b in strip.bars]
    assert got[:6] == [(113, 113, 11, "█"), (113, 113, 11, "█"), (106, 106, 11, "█"), (95, 95, 10, "▓"),
                       (70, 70, 7, "▓"), (None, 0, 0, "·")]
    assert got[10] == (149, 149, 15, "█")  # sjukfrånvaro
    assert strip.target_cell == 10  # 100 % of 150 % over 15 cells
    assert [b.item.status for b in strip.bars].count(Status.PARTLY) == 3


statuses = st.sampled_from(list(Status))


@given(st.lists(st.tuples(statuses, st.one_of(st.none(), st.integers(-500, 10_000))), max_size=15),
       st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=400))
def test_fulfilment_strip_invariants(rows, cells, cap):
    items = [FulfilmentItem(i, f"ind {i}", "mål", s, p) for i, (s, p) in enumerate(rows)]
    strip = fulfilment_strip(items, cells, cap)
    for b in strip.bars:
        assert 0 <= b.drawn_pct <= cap and 0 <= b.cells <= cells
        assert b.pattern == PATTERN[b.item.status]  # status reads without colour
        assert (b.cells == 0) == (b.drawn_pct == 0 or cells == 0)
    by_pct = sorted(strip.bars, key=lambda b: b.drawn_pct)
    assert [b.cells for b in by_pct] == sorted(b.cells for b in by_pct)
    assert 0 <= strip.target_cell <= cells


def test_patterns_differ_per_status():
    assert len(set(PATTERN.values())) == len(Status) and AXIS not in PATTERN.values()


# ------------------------------------------------------------------ labels


@given(st.text(max_size=80), st.integers(min_value=0, max_value=60))
def test_fit_label_never_exceeds_the_width(text, width):
    s = fit_label(text, width)
    assert len(s) <= width and "\n" not in s


def test_fit_label_keeps_the_end_that_tells_names_apart():
    names = [f"Öka andelen akuta incidenter med återkoppling inom {t}" for t in ("30 min", "2 h", "8 h")]
    fitted = [fit_label(n, 28) for n in names]
    assert len(set(fitted)) == 3 and all(len(f) <= 28 and "…" in f for f in fitted)
    assert fitted[0].startswith("Öka andelen") and fitted[0].endswith("30 min")
    assert fit_label("Tjänster", 20) == "Tjänster"


# ------------------------------------------------------------------ keystrokes: the largest after one edit

edits = st.lists(st.tuples(st.integers(0, 7), st.sampled_from(["outcome", "budget"]),
                           st.one_of(st.none(), st.integers(-3_000_000, 3_000_000))), max_size=25)


@given(edits, st.integers(min_value=1, max_value=9), st.booleans())
def test_largest_after_an_edit_is_the_full_passs_answer_or_asks_for_it(demo_edits, n, grouped):
    """What Drift computes per keystroke from the bars before it equals a pass over every line (or it says
    it cannot know), flat or grouped by verksamhet, through any sequence of value edits."""
    from sydnarke_tui.core.live import LiveYear
    from sydnarke_tui.store.demo import demo_year

    y = demo_year()
    if grouped:
        for ln, sec in zip(y.operating, ["A", "A", "B", None, "B", None, "C", "A"]):
            ln.section = sec
    live = LiveYear(y, y.full_year_period)
    top = largest_deviations(live.result, n)
    assert top == largest(deviation_items(live.result), n)
    ids = [ln.id for ln in y.operating]
    for pos, field, value in demo_edits:
        c = live.set_operating(ids[pos], field, value)
        full = largest_deviations(c, n)
        assert full == largest(deviation_items(c), n)
        fast = largest_after_edit(top, n, item_of_line(c, pos))
        assert fast is None or fast == full
        top = full


def test_largest_after_edit_asks_for_a_pass_only_when_a_shown_bar_shrinks():
    a, b, c = (DeviationItem(f"l:{i}", x, d, i) for i, (x, d) in enumerate([("a", 300), ("b", -200), ("c", 100)]))
    top = [a, b]
    assert largest_after_edit(top, 2, DeviationItem("l:2", "c", 250, 2)) == [a, DeviationItem("l:2", "c", 250, 2)]
    assert largest_after_edit(top, 2, DeviationItem("l:0", "a", 900, 0))[0].deviation == 900  # grew: still exact
    assert largest_after_edit(top, 2, DeviationItem("l:0", "a", 10, 0)) is None  # shrank: c may now belong
    assert largest_after_edit(top, 3, DeviationItem("l:0", "a", None, 0)) == [b]  # fewer than n: all were shown


@given(st.lists(st.tuples(statuses, st.one_of(st.none(), st.integers(-50, 300))), max_size=30),
       st.integers(min_value=0, max_value=35))
def test_weakest_keeps_the_year_order_and_leaves_out_only_the_stronger(rows, n):
    items = [FulfilmentItem(i, f"ind {i}", "mål", s, p) for i, (s, p) in enumerate(rows)]
    got = weakest(items, n)
    assert len(got) == min(n, len(items))
    assert [x.indicator_id for x in got] == sorted(x.indicator_id for x in got)  # the year's order
    order = [Status.NOT_ACHIEVED, Status.PARTLY, Status.NOT_MEASURED, Status.ACHIEVED]
    rank = lambda x: (order.index(x.status), x.pct if x.pct is not None else 10**9, x.indicator_id)  # noqa: E731
    left_out = [x for x in items if x not in got]
    assert all(rank(a) < rank(b) for a in got for b in left_out)


def test_weakest_in_the_demo(demo):
    got = weakest(fulfilment_items(compute(demo, demo.full_year_period)), 5)
    assert [(x.status, x.pct) for x in got] == [
        (Status.PARTLY, 95), (Status.PARTLY, 70), (Status.NOT_MEASURED, None), (Status.NOT_MEASURED, None),
        (Status.PARTLY, 80)]


@given(edits, st.integers(min_value=0, max_value=10), st.booleans())
def test_a_charts_deviations_are_every_item_or_the_largest_of_them(demo_edits, n, grouped):
    """chart_deviations (Översikt's chart, the report's) shows what a pass over every item would: all of
    them, or the n largest when there are more; and counts them all, flat (no item per line) or grouped."""
    from sydnarke_tui.core.live import LiveYear
    from sydnarke_tui.store.demo import demo_year

    y = demo_year()
    if grouped:
        for ln, sec in zip(y.operating, ["A", "A", "B", None, "B", None, "C", "A"]):
            ln.section = sec
    live = LiveYear(y, y.full_year_period)
    ids = [ln.id for ln in y.operating]
    c = live.result
    for pos, field, value in [(0, "budget", None), *demo_edits]:
        items = deviation_items(c)
        assert chart_deviations(c, n) == (items if len(items) <= n else largest(items, n), len(items))
        c = live.set_operating(ids[pos], field, value)
