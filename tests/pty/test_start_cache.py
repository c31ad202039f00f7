"""The real program with its start cache (sydnarke_tui/startcache.py) empty, kept and switched off: the
same screens, cell by cell, and the cache written by the first start."""

from __future__ import annotations

from pathlib import Path

from ptyapp import PtyApp

SCREENS = (("f2", "Bedömning"), ("f4", "Rad (tkr)"), ("f3", "Mål / indikator"), ("f6", "Nyckel:"))


def screens(tmp_path: Path, db: Path, env: dict[str, str]) -> list[tuple]:
    config = tmp_path / "config.toml"
    config.write_text("[ui]\ncursor_blink = false\n", encoding="utf-8")
    app = PtyApp(db, config, extra_env=env)
    try:
        shown = []
        for key, text in SCREENS:
            app.write(key)
            app.wait_for(lambda t, text=text: text in t and "Laddar" not in t, what=text)
            app.wait_quiet(0.3)
            shown.append(app.cells())
    finally:
        assert app.close() == 0
    return shown


def test_the_screens_are_the_same_with_the_cache_empty_kept_or_off(tmp_path: Path):
    db, cache = tmp_path / "s.db", tmp_path / "cache"
    first = screens(tmp_path, db, {"XDG_CACHE_HOME": str(cache)})  # also makes the database (the demo year)
    files = {p.name.split(".")[0]: p for p in (cache / "sydnarke-tui").glob("*.cache")}
    assert sorted(files) == ["dataclass-code", "parsed-css"]
    empty = screens(tmp_path, db, {"XDG_CACHE_HOME": str(tmp_path / "empty")})  # the same database as the others
    kept = {name: (p.stat().st_mtime_ns, p.read_bytes()) for name, p in files.items()}
    warm = screens(tmp_path, db, {"XDG_CACHE_HOME": str(cache)})
    # The warm start took everything from the files: it made nothing new, so it wrote neither.
    assert {name: (p.stat().st_mtime_ns, p.read_bytes()) for name, p in files.items()} == kept
    off = screens(tmp_path, db, {"XDG_CACHE_HOME": str(tmp_path / "off"), "SYDNARKE_NO_START_CACHE": "1"})
    assert warm == empty == off
    assert first == warm  # the first start also made the database (its first paint said "Laddar…" longer)
    assert not (tmp_path / "off").exists()
