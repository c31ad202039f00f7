"""What a start keeps for the next one (sydnarke_tui/startcache.py), in real processes: the cache is
installed process-wide (the dataclasses module's exec, Textual's CSS parse), so no test installs it
in pytest's own. Each process gets its own cache folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

# Classes of every kind the dataclasses module writes methods for, defined in a module without
# `from __future__ import annotations` (their annotations are objects, which the compile must keep).
CLASSES = '''
import dataclasses
from dataclasses import InitVar, dataclass, field
from typing import ClassVar

@dataclass(frozen=True)
class Frozen:
    a: int
    b: str = "x"
    c: tuple = field(default_factory=tuple)
    k: ClassVar[int] = 3

@dataclass(order=True)
class Ordered:
    a: int
    b: float = 1.5

@dataclass(kw_only=True, slots=True)
class Slotted:
    a: int
    b: tuple = ()

@dataclass(eq=False)
class WithPost:
    a: int
    extra: InitVar[int] = 0
    total: int = field(init=False, default=0)

    def __post_init__(self, extra):
        self.total = self.a + extra

@dataclass(unsafe_hash=True)
class Hashed:
    a: int
    b: int = field(default=2, compare=False, repr=False)
'''

PRINT = '''
import dataclasses, json, sys
def shape(cls):
    out = {}
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__ge__"):
        fn = cls.__dict__.get(name)
        code = getattr(fn, "__code__", None)
        if code is None:
            out[name] = repr(fn)
            continue
        out[name] = [code.co_code.hex(), repr(code.co_consts), code.co_names, code.co_varnames, code.co_filename,
                     code.co_flags, fn.__qualname__, repr(getattr(fn, "__annotations__", None)),
                     repr(fn.__defaults__), repr(fn.__kwdefaults__)]
    return out
classes = [m.Frozen, m.Ordered, m.Slotted, m.WithPost, m.Hashed]
behaviour = [repr(m.Frozen(1)), m.Frozen(1) == m.Frozen(1), hash(m.Frozen(1, "y")) == hash(m.Frozen(1, "y")),
             m.Ordered(1) < m.Ordered(2), repr(m.Slotted(a=1)), m.WithPost(2, 3).total, repr(m.Hashed(4)),
             m.Hashed(4, 9) == m.Hashed(4, 1)]
try:
    m.Frozen(1).a = 2
except dataclasses.FrozenInstanceError:
    behaviour.append("frozen")
print(json.dumps({"shapes": [shape(c) for c in classes], "behaviour": behaviour, "doc": m.Ordered.__doc__,
                  "kept": kept, "made": made}))
'''


def run(code: str, cache: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "XDG_CACHE_HOME": str(cache), **env}
    environ.pop("SYDNARKE_NO_START_CACHE", None)
    environ.update(env)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=environ, timeout=120)


def define_and_describe(tmp_path: Path, cache: Path, install: bool = True, **env: str) -> dict:
    module = tmp_path / "classes_for_the_cache.py"
    module.write_text(CLASSES, encoding="utf-8")
    code = f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from sydnarke_tui import startcache
        {"startcache.install()" if install else ""}
        import classes_for_the_cache as m
        made, kept = len(startcache.CODE._new), len(startcache.CODE._values)
        startcache.save()
    """ + textwrap.indent(PRINT, " " * 8)
    r = run(code, cache, **env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def strip_counts(described: dict) -> dict:
    return {k: v for k, v in described.items() if k not in ("kept", "made")}


def test_the_methods_from_the_cache_are_the_ones_exec_makes(tmp_path: Path):
    """The same code, annotations, defaults and behaviour without the cache, with an empty one (which
    compiles and keeps them) and with the kept one (which compiles nothing)."""
    plain = define_and_describe(tmp_path, tmp_path / "none", install=False)
    cold = define_and_describe(tmp_path, tmp_path / "cache")
    warm = define_and_describe(tmp_path, tmp_path / "cache")
    assert cold["made"] > 10 and cold["kept"] == 0
    assert warm["made"] == 0 and warm["kept"] >= cold["made"]
    assert strip_counts(plain) == strip_counts(cold) == strip_counts(warm)
    init = plain["shapes"][0]["__init__"]
    assert "<class 'int'>" in init[7]  # the annotations are objects: nothing of the cache's own __future__ flags
    assert list((tmp_path / "cache" / "sydnarke-tui").glob("dataclass-code.*.cache"))


def test_a_damaged_or_foreign_file_counts_as_empty_and_is_written_again(tmp_path: Path):
    cache = tmp_path / "cache"
    define_and_describe(tmp_path, cache)
    [kept] = (cache / "sydnarke-tui").glob("dataclass-code.*.cache")
    good = kept.read_bytes()
    header, _, body = good.partition(b"\n")
    flipped = header + b"\n" + body.replace(b"__create_fn__", b"__create_fX__", 1)  # loads, but is not what was kept
    for bad in (good[: len(good) // 2], header + b"\n" + b"\x00garbage", b"another python|" + header + b"\n" + body,
                b"", flipped):
        kept.write_bytes(bad)
        again = define_and_describe(tmp_path, cache)
        assert again["kept"] == 0 and again["made"] > 10  # compiled again, the program runs as without a file
        assert kept.read_bytes().startswith(header + b"\n")
    assert define_and_describe(tmp_path, cache)["made"] == 0  # and read from the next start on


def test_a_cache_folder_that_cannot_be_written_changes_nothing_but_speed(tmp_path: Path):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("", encoding="utf-8")
    plain = define_and_describe(tmp_path, tmp_path / "none", install=False)
    first = define_and_describe(tmp_path, blocked)
    second = define_and_describe(tmp_path, blocked)
    assert strip_counts(first) == strip_counts(plain) == strip_counts(second)
    assert second["kept"] == 0 and second["made"] == first["made"]


def test_a_write_that_fails_half_way_leaves_nothing_behind(tmp_path: Path):
    cache = tmp_path / "cache"
    r = run(f"""
        import os, sys
        sys.path.insert(0, {str(tmp_path)!r})
        (lambda p: open(p, "w").write({CLASSES!r}))(os.path.join({str(tmp_path)!r}, "classes_for_the_cache.py"))
        from sydnarke_tui import startcache
        startcache.install()
        import classes_for_the_cache
        def full_disk(*args):
            raise OSError(28, "No space left on device")
        os.replace = full_disk
        startcache.save()
        print(sorted(os.listdir(os.path.dirname(startcache.CODE.path()))))
    """, cache)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"  # the half-written file removed, nothing else there


def test_a_folder_others_can_write_is_neither_read_nor_written(tmp_path: Path):
    """What is read from the folder is run: one that another user can write (a shared XDG_CACHE_HOME) is
    left alone, as is a file in it that others can write."""
    cache = tmp_path / "cache"
    define_and_describe(tmp_path, cache)
    folder = cache / "sydnarke-tui"
    [kept] = folder.glob("dataclass-code.*.cache")
    assert folder.stat().st_mode & 0o777 == 0o700 and kept.stat().st_mode & 0o077 == 0  # as the program made them
    kept.chmod(0o666)
    assert define_and_describe(tmp_path, cache)["kept"] == 0  # not read (and written again, the user's only)
    assert kept.stat().st_mode & 0o077 == 0 and define_and_describe(tmp_path, cache)["kept"] > 10
    folder.chmod(0o777)
    before = kept.read_bytes()
    kept.write_bytes(b"")  # would be written again by a run that trusted the folder
    again = define_and_describe(tmp_path, cache)
    assert again["kept"] == 0 and again["made"] > 10 and kept.read_bytes() == b""
    folder.chmod(0o700)
    kept.write_bytes(before)


def test_switched_off_by_its_variable(tmp_path: Path):
    off = define_and_describe(tmp_path, tmp_path / "cache", SYDNARKE_NO_START_CACHE="1")
    assert off["made"] == off["kept"] == 0 and not (tmp_path / "cache").exists()


def test_a_full_table_keeps_what_this_run_used(tmp_path: Path):
    cache = tmp_path / "cache"
    r = run(f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from sydnarke_tui import startcache
        startcache.MAX_ENTRIES = 20
        startcache.install()
        for n in range(30):  # texts of classes that no longer exist
            startcache.CODE.add(f"x = {{n}}", compile(f"x = {{n}}", "<string>", "exec"))
        startcache.save()
        print(len(startcache.CODE._read()))
    """, cache)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "30"  # past the limit on this save: all of them were made by this run
    (tmp_path / "classes_for_the_cache.py").write_text(CLASSES, encoding="utf-8")
    r = run(f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from sydnarke_tui import startcache
        startcache.MAX_ENTRIES = 20
        startcache.install()
        import classes_for_the_cache
        startcache.save()
        table = startcache.CODE._read()
        print(len(table), sum(k.startswith("x = ") for k in table))
    """, cache)
    assert r.returncode == 0, r.stderr
    made, old = map(int, r.stdout.split())
    assert old == 0 and 10 < made < 30  # the old texts dropped, this run's kept


def test_what_the_start_used_leaves_memory_and_the_file_is_written_only_for_what_it_lacks(tmp_path: Path):
    (tmp_path / "classes_for_the_cache.py").write_text(CLASSES, encoding="utf-8")
    (tmp_path / "same_classes_again.py").write_text(CLASSES, encoding="utf-8")  # the same texts, made later
    code = f"""
        import os, sys
        sys.path.insert(0, {str(tmp_path)!r})
        from sydnarke_tui import startcache
        startcache.install()
        import classes_for_the_cache
        startcache.save()
        path = startcache.CODE.path()
        stamp = os.stat(path).st_mtime_ns, open(path, "rb").read()
        left = len(startcache.CODE._values), len(startcache.CODE._new)
        import same_classes_again  # after the start: its texts were used and dropped, so made again
        made = len(startcache.CODE._new)
        startcache.save()
        print(*left, made, (os.stat(path).st_mtime_ns, open(path, "rb").read()) == stamp, len(startcache.CODE._new))
    """
    cold = run(code, tmp_path / "cache")
    warm = run(code, tmp_path / "cache")
    assert cold.returncode == 0 and warm.returncode == 0, cold.stderr + warm.stderr
    for out in (cold, warm):
        values, new, made, same_file, left = out.stdout.split()
        assert values == new == left == "0"  # none of what the start used is held after its save
        assert int(made) > 10 and same_file == "True"  # the file has them all: not written again


CSS_RUN = """
    import json, sys
    from pathlib import Path
    from sydnarke_tui import startcache
    {install}
    from textual.app import App
    from textual.css.stylesheet import Stylesheet
    from sydnarke_tui.tui import textual_adapter
    from sydnarke_tui.tui import app as app_module
    from sydnarke_tui.tui.app import SydnarkeApp
    from sydnarke_tui.tui.table import LedgerTable
    from sydnarke_tui.tui.widgets import FieldInput, KeyFooter, LiveStatic
    textual_adapter.keep_parsed_css(startcache.CSS)
    variables = App().get_css_variables()
    if sys.argv[1:] == ["other theme"]:
        variables = {{**variables, "primary": "#123456"}}
    sheet = Stylesheet(variables=variables)
    sheet.read(Path(app_module.__file__).with_name(SydnarkeApp.CSS_PATH))
    for cls in (LedgerTable, FieldInput, KeyFooter, LiveStatic):
        for base in cls.__mro__:
            if base.__dict__.get("DEFAULT_CSS"):
                sheet.add_source(base.DEFAULT_CSS, read_from=(base.__name__, "DEFAULT_CSS"), is_default_css=True,
                                 tie_breaker=-1)
    sheet.parse()
    made, kept = len(startcache.CSS._new), len(startcache.CSS._values)
    rules = [[r.selectors, sorted((k, repr(v)) for k, v in r.styles.get_rules().items()),
              sorted(r.styles.important), r.is_default_rules, r.tie_breaker, sorted(r.selector_names),
              sorted(r.pseudo_classes), [s.specificity for s in r.selector_set]] for r in sheet.rules]
    startcache.save()
    print(json.dumps({{"rules": rules, "kept": kept, "made": made}}))
"""


def parse_css(cache: Path, install: bool = True, *args: str) -> dict:
    code = textwrap.dedent(CSS_RUN).format(install="startcache.install()" if install else "")
    environ = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    environ.pop("SYDNARKE_NO_START_CACHE", None)
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=environ, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_css_rules_from_the_cache_are_the_ones_textual_parses(tmp_path: Path):
    plain = parse_css(tmp_path / "none", False)
    cold = parse_css(tmp_path / "cache")
    warm = parse_css(tmp_path / "cache")
    assert len(plain["rules"]) > 50
    assert cold["made"] >= 5 and warm["made"] == 0 and warm["kept"] >= cold["made"]
    assert plain["rules"] == cold["rules"] == warm["rules"]
    other = parse_css(tmp_path / "cache", True, "other theme")  # other variables: parsed, not taken
    assert other["made"] >= 5 and other["kept"] >= cold["made"]
    # The file keeps what its last writer used: the other theme's rules only (every theme's would be
    # read, and held, at every start).
    back = parse_css(tmp_path / "cache")
    assert back["kept"] == other["made"] and back["made"] == cold["made"]


def test_css_with_errors_is_never_kept(tmp_path: Path):
    environ = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    environ.pop("SYDNARKE_NO_START_CACHE", None)
    r = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        from sydnarke_tui import startcache
        startcache.install()
        from textual.css.stylesheet import Stylesheet, StylesheetParseError
        from sydnarke_tui.tui import textual_adapter
        textual_adapter.keep_parsed_css(startcache.CSS)
        sheet = Stylesheet()
        sheet.add_source("Widget { colour: red; }", read_from=("bad", ""))
        try:
            sheet.parse()
        except StylesheetParseError:
            print("refused", len(startcache.CSS._new))
    """)], capture_output=True, text=True, env=environ, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "refused 0"


def test_the_program_keeps_what_its_start_made_and_reads_it_next_time(tmp_path: Path):
    """The entry point: a command's start fills the tables and writes them; the next start makes
    nothing new for the same command."""
    cache, db = tmp_path / "cache", tmp_path / "s.db"
    code = """
        import sys
        from sydnarke_tui import __main__ as entry, startcache
        sys.argv = ["sydnarke-tui", "years", "--db", sys.argv[1]]
        kept = len(startcache.CODE._read())  # what the file holds before this start
        startcache.install()  # as entry.main does first (a second call there changes nothing)
        added, add = [], startcache.CODE.add
        startcache.CODE.add = lambda key, value: (added.append(key), add(key, value))
        code = entry.main()
        print(code, kept, len(added), len(startcache.CODE._new))
    """
    environ = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    environ.pop("SYDNARKE_NO_START_CACHE", None)
    first = subprocess.run([sys.executable, "-c", textwrap.dedent(code), str(db)], capture_output=True, text=True,
                           env=environ, timeout=120)
    second = subprocess.run([sys.executable, "-c", textwrap.dedent(code), str(db)], capture_output=True, text=True,
                            env=environ, timeout=120)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    code1, kept1, added1, left1 = first.stdout.split()[-4:]
    code2, kept2, added2, left2 = second.stdout.split()[-4:]
    assert code1 == code2 == "0" and left1 == left2 == "0"  # written when the start was done
    assert kept1 == "0" and int(added1) > 50
    assert int(kept2) >= int(added1) and added2 == "0"  # the second start compiled nothing
    assert (cache / "sydnarke-tui").stat().st_mode & 0o077 == 0  # the user's own
