"""Command line: every subcommand is a thin call into store, io and core.

Exit status: 0 ok, 1 the checker found errors, 2 bad input or a problem with
a file, the config or the database (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .config import Config, ConfigError, load_config
from .core.checks import check, has_errors
from .core.compute import Computed, compute
from .core.model import Period, Year
from .core.numbers import ParseError
from .core.serial import SerialError
from .core.text import one_line
from .store.db import Store, StoreError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
REPORT_FORMATS = ("json", "md", "html", "csv", "xlsx", "toml")


class CliError(Exception):
    """Bad usage discovered after parsing; one line for the user."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors, in the same one-line form
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: fel: {message}\n")


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"väntade ett heltal ≥ 1, fick '{text}'")
    return n


def _year_arg(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1900 <= n <= 2200:
        raise argparse.ArgumentTypeError(f"väntade ett årtal (1900–2200), fick '{text}'")
    return n


def _common() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="konfigurationsfil (standard: ./config.toml)")
    p.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="databasfil (standard enligt konfigurationen)")
    return p


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(prog="sydnarke-tui", parents=[common],
                     description="Måluppföljning, driftredovisning, investeringar och fördelning för Sydnärkes IT-nämnd.")
    parser.add_argument("--version", action="version", version=f"sydnarke-tui {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], help=help_, description=help_)

    p = add("app", "starta programmet (samma som utan underkommando)")
    p.add_argument("--year", type=_year_arg)
    p = add("overview", "skriv årets översikt i terminalen")
    p.add_argument("--year", type=_year_arg)
    p.add_argument("--period")
    p = add("report", "rapporten i json, md, html, csv, xlsx eller toml")
    p.add_argument("--year", type=_year_arg)
    p.add_argument("--period")
    p.add_argument("--format", choices=REPORT_FORMATS, default="json")
    p.add_argument("-o", "--output", type=Path, help="fil (csv: en katalog, eller en fil med --table)")
    p.add_argument("--table", help="csv: bara denna tabell (mal, drift, investeringar, fordelning, kontroll)")
    p = add("check", "kontrollera tryckta värden och regler; status 1 vid fel")
    p.add_argument("--year", type=_year_arg)
    p.add_argument("--period")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = add("init", "skapa databasen")
    p.add_argument("--demo", action="store_true", help="lägg in demoåret 2019")
    p.add_argument("--replace", action="store_true", help="ersätt demoåret om det redan finns")
    p = add("import", "importera drift-/investeringstabell (csv, xlsx) eller SIE 4")
    p.add_argument("file", type=Path)
    p.add_argument("--year", type=_year_arg, required=True)
    p.add_argument("--period")
    p.add_argument("--unit", choices=("kr", "tkr"), default=None, help="belopp utan enhet (standard: tkr)")
    p.add_argument("--signs", choices=("ledger", "costs-negative"), default="ledger")
    p.add_argument("--section", choices=("operating", "investments"), default=None)
    p.add_argument("--map", type=Path, default=None, help="SIE: kontomappning (TOML, [[line]] label/kind/accounts)")
    p.add_argument("--object", default=None, help="SIE: bara detta objekt, DIM:OBJEKT (t.ex. 1:5100)")
    p.add_argument("--dry-run", action="store_true", help="visa vad som skulle ändras, ändra inget")
    p = add("load", "läs in ett helt år från en TOML-fil")
    p.add_argument("file", type=Path)
    p.add_argument("--replace", action="store_true", help="ersätt året om det redan finns")
    p = add("new-year", "skapa nästa år från ett år")
    p.add_argument("--from", dest="from_year", type=_year_arg, required=True)
    p.add_argument("--to", dest="to_year", type=_year_arg, required=True)
    p = add("years", "lista åren i databasen")
    p = add("log", "visa ändringsloggen")
    p.add_argument("--limit", type=_positive, default=50)
    add("undo", "ångra den senaste ändringen")
    return parser


# ------------------------------------------------------------------ helpers


def _config(args) -> Config:
    cfg = load_config(getattr(args, "config", None))
    if getattr(args, "db", None) is not None:
        cfg.db_path = args.db
    return cfg


def _open(cfg: Config, demo: bool = True) -> Store:
    return Store.open(cfg.db_path, demo=demo)


def _year(store: Store, cfg: Config, year: int | None) -> Year:
    if year is None:
        years = store.years()
        if not years:
            raise CliError("Databasen innehåller inga år: kör 'sydnarke-tui init --demo' eller 'load'.")
        year = cfg.default_year if cfg.default_year in years else years[-1]
    return store.load_year(year)


def _period(y: Year, text: str | None) -> Period:
    return y.full_year_period if text is None else y.find_period(text)


def _computed(store: Store, cfg: Config, args) -> Computed:
    y = _year(store, cfg, getattr(args, "year", None))
    return compute(y, _period(y, getattr(args, "period", None)), cfg.options)


def _check_output(output: Path) -> None:
    if not output.parent.exists():
        raise CliError(f"Katalogen {output.parent} finns inte.")
    if output.is_dir():
        raise CliError(f"{output} är en katalog; ange ett filnamn.")


# ------------------------------------------------------------------ commands


def cmd_app(args, cfg: Config) -> int:
    store = _open(cfg)
    try:
        from .tui.app import run_app
    except ImportError:  # pragma: no cover - the screens are part of the package
        return cmd_overview(args, cfg, store)
    try:
        code = run_app(store, cfg, year=getattr(args, "year", None))
    finally:
        store.close()
    return EXIT_ERROR if code else EXIT_OK  # never 0 after a crash


def cmd_overview(args, cfg: Config, store: Store | None = None) -> int:
    from .console import overview, print_renderable

    store = store or _open(cfg)
    c = _computed(store, cfg, args)
    print_renderable(overview(c, check(c), cfg.display_unit))
    return EXIT_OK


def cmd_report(args, cfg: Config) -> int:
    from .io import exports

    store = _open(cfg)
    c = _computed(store, cfg, args)
    if args.output is not None and args.format != "csv":
        _check_output(args.output)
    exports.write_report(c, args.format, args.output, table=args.table, unit=cfg.display_unit)
    return EXIT_OK


def cmd_check(args, cfg: Config) -> int:
    store = _open(cfg)
    c = _computed(store, cfg, args)
    findings = check(c)
    if args.format == "json":
        from .io.report_json import checks_list, dumps_json

        sys.stdout.write(dumps_json(checks_list(findings)) + "\n")
    else:
        from .core.model import SEVERITY_SV

        if not findings:
            print(f"Inga anmärkningar för {c.year.year} {c.period.name}.")
        for f in findings:
            print(one_line(f"{SEVERITY_SV[f.severity]}: {f.where}: {f.message}"))
        if findings:
            errors = sum(1 for f in findings if f.severity.value == "error")
            print(f"{len(findings)} anmärkningar, varav {errors} fel.")
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def cmd_init(args, cfg: Config) -> int:
    from .store.demo import demo_year

    store = _open(cfg, demo=False)
    if args.demo:
        store.insert_year(demo_year(), action="load", source="demo-2019.toml", replace=args.replace)
        print(f"Demoåret 2019 är inlagt i {cfg.db_path}.")
    else:
        print(f"Databasen {cfg.db_path} är klar ({', '.join(map(str, store.years())) or 'inga år'}).")
    return EXIT_OK


def cmd_import(args, cfg: Config) -> int:
    from .io import imports

    store = _open(cfg)
    y = store.load_year(args.year)
    period = _period(y, args.period)
    plan = imports.plan_import(y, args.file, period.code, cfg, unit=args.unit, signs=args.signs, section=args.section,
                               mapping=args.map, object_filter=args.object)
    for line in [*plan.changes, *plan.reconciliation, *(f"Obs: {w}" for w in plan.warnings)]:
        print(one_line(line))
    if args.dry_run:
        print(f"Torrkörning: {len(plan.changes)} ändringar skulle göras; inget har sparats.")
        return EXIT_OK
    written = store.replace_year(plan.year, base=y, action="import", source=args.file.name)
    print(f"Importerat {args.file.name}: {len(written)} ändringar sparade.")
    return EXIT_OK


def cmd_load(args, cfg: Config) -> int:
    from .io.toml_io import load_year_toml

    try:
        text = args.file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"Filen {args.file} finns inte.") from None
    except UnicodeDecodeError:
        raise CliError(f"{args.file} är inte UTF-8-text.") from None
    y = load_year_toml(text)
    store = _open(cfg, demo=False)
    store.insert_year(y, action="load", source=args.file.name, replace=args.replace)
    print(f"Året {y.year} är inläst från {args.file.name}.")
    return EXIT_OK


def cmd_new_year(args, cfg: Config) -> int:
    from .io.rollover import next_year

    store = _open(cfg)
    y = store.load_year(args.from_year)
    if args.to_year in store.years():
        raise CliError(f"Året {args.to_year} finns redan.")
    new = next_year(y, args.to_year)
    if not new.key.members and cfg.default_key:  # the source year had no key: the configured one
        from .core.model import Key, KeyShare

        new.key = Key("shares", [KeyShare(m, cfg.default_key.get(m)) for m in cfg.members])
    new.organisation = new.organisation or cfg.organisation
    store.insert_year(new, action="new-year", source=str(args.from_year))
    print(f"Året {args.to_year} är skapat från {args.from_year}.")
    return EXIT_OK


def cmd_years(args, cfg: Config) -> int:
    store = _open(cfg)
    for y in store.years():
        print(y)
    return EXIT_OK


def cmd_log(args, cfg: Config) -> int:
    from .core.model import ACTION_SV, FIELD_SV

    store = _open(cfg)
    for r in store.audit(args.limit):
        what = r.label + (f" › {FIELD_SV.get(r.field, r.field)}" if r.field else "")
        what += f" ({r.period})" if r.period else ""
        mark = " [ångrad]" if r.undone else ""
        old = r.old if r.action != "delete" else "…"
        action = ACTION_SV.get(r.action, r.action)
        print(one_line(f"{r.at}  {r.user}  {action}  {what}: {old or '–'} → {r.new or '–'}{mark}"))
    return EXIT_OK


def cmd_undo(args, cfg: Config) -> int:
    store = _open(cfg)
    r = store.undo_last()
    if r is None:
        print("Inget att ångra.")
    else:
        print(one_line(f"Ångrade: {r.label} {r.field}: {r.new or '–'} → {r.old if r.action != 'delete' else 'återställd'}"))
    return EXIT_OK


COMMANDS = {
    None: cmd_app, "app": cmd_app, "overview": cmd_overview, "report": cmd_report, "check": cmd_check,
    "init": cmd_init, "import": cmd_import, "load": cmd_load, "new-year": cmd_new_year, "years": cmd_years,
    "log": cmd_log, "undo": cmd_undo,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        cfg = _config(args)
        return COMMANDS[args.command](args, cfg)
    except (ConfigError, StoreError, ParseError, SerialError, CliError, ValueError) as exc:
        # ValueError: FileFormatError and other rejected input
        print(f"sydnarke-tui: fel: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `… | head`: the reader left, nothing to say
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"sydnarke-tui: fel: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the user never sees a traceback
        if os.environ.get("SYDNARKE_DEBUG"):
            raise
        print(f"sydnarke-tui: oväntat fel ({type(exc).__name__}: {exc}); kör med SYDNARKE_DEBUG=1 för detaljer.",
              file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
