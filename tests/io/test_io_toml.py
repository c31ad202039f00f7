from __future__ import annotations

import pytest

from sydnarke_tui.core.compute import compute
from sydnarke_tui.io.errors import FileFormatError
from sydnarke_tui.io.report_json import dumps_json, report_dict
from sydnarke_tui.io.toml_io import dump_year_toml, load_year_toml, read_year_toml, write_year_toml


def test_round_trip_is_byte_identical_and_report_unchanged(demo_toml, demo_year, tmp_path):
    first = dump_year_toml(load_year_toml(demo_toml))
    second = dump_year_toml(load_year_toml(first))
    assert first == second
    y2 = load_year_toml(second)
    a = dumps_json(report_dict(compute(demo_year, demo_year.full_year_period)))
    b = dumps_json(report_dict(compute(y2, y2.full_year_period)))
    assert a == b
    write_year_toml(y2, tmp_path / "y.toml")
    assert dump_year_toml(read_year_toml(tmp_path / "y.toml")) == first


def test_decimals_are_exact(demo_toml):
    text = dump_year_toml(load_year_toml(demo_toml))
    assert "share_pct = 27.512" in text
    assert "outcome = 3.58" in text


def test_hostile_text_round_trips(hostile_year):
    text = dump_year_toml(hostile_year)
    back = load_year_toml(text)
    assert back.goals[0].indicators[0].name == "<script>alert('x')</script>"
    assert back.narrative["helar"] == hostile_year.narrative["helar"]
    assert dump_year_toml(back) == text


def test_bad_toml_names_the_line():
    with pytest.raises(FileFormatError, match=r"rad 3.*ogiltig TOML") as e:
        load_year_toml('year = 2019\norganisation = "x"\nfoo = [1,\n', file="dump.toml")
    assert str(e.value).startswith("dump.toml, rad 3:")
    assert "\n" not in str(e.value)


def test_wrong_type_names_the_key():
    with pytest.raises(FileFormatError, match=r"år\.year: fel typ"):
        load_year_toml('year = "2019"')
    with pytest.raises(FileFormatError, match=r"operating\[0\]\.kind"):
        load_year_toml('year = 2019\n[[operating]]\nlabel = "x"\nkind = "intäkt?"\n')
    with pytest.raises(FileFormatError, match="nyckeln 'year' saknas"):
        load_year_toml("")


def test_not_utf8_and_missing_file(tmp_path):
    with pytest.raises(FileFormatError, match="inte UTF-8"):
        load_year_toml("organisation = 'Sydn\xe4rke'\nyear = 2019\n".encode("cp1252"), file="x.toml")
    with pytest.raises(FileFormatError, match="kan inte läsa filen"):
        read_year_toml(tmp_path / "finns-inte.toml")


def test_structure_errors_are_file_format_errors():
    for text in ("year = 2019\ngoals = [1]\n", "year = 2019\n[[goals]]\ntitle = 'x'\nindicators = [{name = 'i', values = {helar = 5}}]\n",
                 "year = 2019\n[[operating]]\nlabel = 'x'\nkind = 'cost'\nbudget = 1.5\n"):
        with pytest.raises(FileFormatError):
            load_year_toml(text)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import importlib.resources  # noqa: E402

DEMO_LINES = (importlib.resources.files("sydnarke_tui.db") / "demo-2019.toml").read_text(encoding="utf-8").splitlines()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(DEMO_LINES) - 1), max_size=6), st.integers(0, 2))
def test_mangled_demo_never_crashes(drops, mode):
    lines = list(DEMO_LINES)
    for i in sorted(set(drops), reverse=True):
        if mode == 0:
            del lines[i]
        elif mode == 1:
            lines.insert(i, lines[i])
        else:
            lines[i] = lines[i][: len(lines[i]) // 2]
    try:
        y = load_year_toml("\n".join(lines))
    except FileFormatError as exc:
        assert "\n" not in str(exc)
    else:
        assert y.year == 2019


def test_a_link_to_a_line_the_file_does_not_hold_is_refused(demo):
    """In the file a line link names the line's place; one past the end would follow nothing (or, once a
    line is added, some other line): refused in one line naming the field."""
    text = dump_year_toml(demo).split("\n", 1)[1]  # hand-edited: without the header's checksum
    assert 'link = "operating/total/net/deviation"' in text
    text = text.replace('link = "operating/total/net/deviation"',
                        f'link = "operating/line/{len(demo.operating) + 1}/deviation"')
    with pytest.raises(FileFormatError, match=r"indicators\[\d+\]\.link: .*ingen rad") as e:
        load_year_toml(text)
    assert "\n" not in str(e.value)


def test_a_link_to_a_deleted_line_never_names_another_line(demo):
    """The stored link keeps the deleted row's id; written as a place in the file it would silently point
    at whichever line now stands there. The figure it followed is gone: the file holds no link."""
    ind = next(i for i in demo.indicators() if "HME" in i.name)
    personal = demo.operating[2]
    ind.link = f"operating/line/{personal.id}/deviation"
    demo.operating.remove(personal)
    back = load_year_toml(dump_year_toml(demo))
    assert next(i for i in back.indicators() if "HME" in i.name).link is None
    budget = next(i for i in back.indicators() if "budgetram" in i.name)
    assert budget.link == "operating/total/net/deviation"  # links to totals are no line's place
