"""Tab completion of typed paths (issue 11 item 5)."""

from sydnarke_tui.session.paths import complete_path


def test_one_match_completes_whole_and_a_folder_gets_its_slash(tmp_path):
    (tmp_path / "drift-2019.csv").write_text("x")
    (tmp_path / "bokslut").mkdir()
    (tmp_path / ".dold").write_text("x")
    assert complete_path("dr", tmp_path) == ("drift-2019.csv", ["drift-2019.csv"])
    assert complete_path("bo", tmp_path) == ("bokslut/", ["bokslut"])
    assert complete_path(str(tmp_path) + "/bo") == (str(tmp_path) + "/bokslut/", ["bokslut"])
    assert complete_path(".d", tmp_path)[1] == [".dold"]
    assert ".dold" not in complete_path("", tmp_path)[1]


def test_several_matches_complete_to_the_common_start(tmp_path):
    for n in ("drift-2019.csv", "drift-2020.csv"):
        (tmp_path / n).write_text("x")
    assert complete_path("d", tmp_path) == ("drift-20", ["drift-2019.csv", "drift-2020.csv"])


def test_nothing_matches_or_the_folder_is_missing(tmp_path):
    assert complete_path("zz", tmp_path) == ("zz", [])
    assert complete_path("saknas/x", tmp_path) == ("saknas/x", [])
