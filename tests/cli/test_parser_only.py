"""The parser built for the one subcommand given parses exactly as the whole parser does."""

from __future__ import annotations

import pytest

from sydnarke_tui.cli import _command_word, build_parser


@pytest.mark.parametrize("argv,word", [
    (["app", "--db", "x.db"], "app"), (["app", "--year", "2019"], "app"),
    (["--db", "app.db", "overview", "--period", "t1"], "overview"),
    (["report", "--format", "xlsx", "-o", "r.xlsx"], "report"),
    (["--config", "c.toml", "check", "--format", "json"], "check"),
    (["import", "f.csv", "--year", "2019", "--table", "drift"], "import"), (["log", "--limit", "5"], "log"),
    (["undo"], "undo"),
])
def test_only_the_given_command_parses_the_same(argv, word):
    assert _command_word(argv) == word
    assert vars(build_parser(word).parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [[], ["--help"], ["--version"], ["--db", "x.db"], ["bogus"], ["-h", "app"]])
def test_help_no_command_or_an_unknown_one_takes_the_whole_parser(argv):
    assert _command_word(argv) is None


def test_bad_arguments_of_the_command_are_the_same_error(capsys):
    for word in ("app", None):
        with pytest.raises(SystemExit) as exc:
            build_parser(word).parse_args(["app", "--year", "nej"])
        assert exc.value.code == 2
    first, second = capsys.readouterr().err.split("\n")[:2]
    assert first == second and "årtal" in first
