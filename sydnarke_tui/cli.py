"""Command line: every subcommand is a thin call into the session layer.

Exit status: 0 ok, 1 the checker found errors, 2 bad input or a problem with
a file, the config or the database (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from . import __version__, startgc
from .config import Config, ConfigError, is_iso_date, load_config
from .core.checks import check, has_errors
from .core.compute import Computed
from .core.concepts import STATEMENT
from .core.numbers import ParseError
from .core.serial import SerialError
from .core.text import count_sv, one_line
from .io.exports import FORMATS as EXPORT_FORMATS
from .session import Session, SessionError, StoreError
from .session.log import redone as redone_text
from .session.log import undone as undone_text

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_TABLE = {info.slug: s.value for s, info in STATEMENT.items()}  # drift -> operating, investeringar -> investments
TABLE_CHOICES = (*_TABLE, *_TABLE.values())


class CliError(Exception):
    """Bad usage discovered after parsing; one line for the user."""


# argparse's own messages are English: the officer reads them in Swedish (the user's text inside kept as typed)
_ARGPARSE_SV = [
    (r"the following arguments are required: (.*)", r"argument saknas: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"argument \1: ogiltigt val \2 (välj bland \3)"),
    (r"argument (\S+): expected one argument", r"argument \1: väntade ett värde"),
    (r"argument (\S+): invalid \S+ value: (.*)", r"argument \1: ogiltigt värde \2"),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (r"argument (\S+): not allowed with argument (\S+)", r"argument \1: går inte ihop med \2"),
]


def _in_swedish(message: str) -> str:
    for pattern, sv in _ARGPARSE_SV:
        if re.fullmatch(pattern, message, flags=re.DOTALL):
            return re.sub(pattern, sv, message, flags=re.DOTALL)
    return message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own errors: one line, user text escaped, usage on --help
        self.exit(EXIT_ERROR, f"{one_line(self.prog)}: fel: {one_line(_in_swedish(message))} (se --help)\n")


LIMIT_MAX = 1_000_000


def _command_word(argv: list[str]) -> str | None:
    """The subcommand named in `argv` when the parser may be built for it alone, else None (help, unknown)."""
    values = False
    for tok in argv:
        if values:
            values = False
        elif tok in ("-h", "--help", "--version"):
            return None
        elif tok in ("--config", "--db"):
            values = True
        elif not tok.startswith("-"):
            return tok if tok in COMMANDS else None
    return None


def _limit(text: str) -> int:
    try:
        n = int(text) if len(text) <= 12 else 0
    except ValueError:
        n = 0
    if not 1 <= n <= LIMIT_MAX:
        raise argparse.ArgumentTypeError(f"väntade ett heltal 1–{LIMIT_MAX:_}, fick '{text[:30]}'".replace("_", " "))
    return n


def _decision_date(text: str) -> str:
    """The date printed in the report the nämnd signs; empty leaves the decision block to the config."""
    s = text.strip()
    if s and not is_iso_date(s):
        raise argparse.ArgumentTypeError(f"väntade ett datum ÅÅÅÅ-MM-DD, t.ex. 2020-02-20, fick '{text[:30]}'")
    return s


def _checksum(text: str) -> str:
    s = text.strip().lower()
    if not (8 <= len(s) <= 64 and all(c in "0123456789abcdef" for c in s)):
        raise argparse.ArgumentTypeError(f"väntade en kontrollsumma (8–64 hexadecimala tecken, som i rapporten),"
                                         f" fick '{text[:30]}'")
    return s


def _year_arg(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1900 <= n <= 2200:
        raise argparse.ArgumentTypeError(f"väntade ett årtal (1900–2200), fick '{text}'")
    return n


def _common() -> _Parser:
    p = _Parser(add_help=False)
    p.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="konfigurationsfil (standard: ./config.toml)")
    p.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="databasfil (standard enligt konfigurationen)")
    return p


def _report_options(p: argparse.ArgumentParser) -> None:
    """`report`: year, period, format and output; for the nämnd's report (md, html, docx, pdf) the officer's
    appendix, the template and the decision block."""
    p.add_argument("--year", type=_year_arg)
    p.add_argument("--period")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    p.add_argument("-o", "--output", type=Path, help="fil (csv: en katalog, eller en fil med --table)")
    p.add_argument("--table", help="csv: bara denna tabell (mal, drift, investeringar, fordelning, kontroll)")
    p.add_argument("--with-checks", action="store_true",
                   help="md, html, docx, pdf: kontrollens fynd som bilaga (för handläggaren)")
    p.add_argument("--template", type=Path, help="docx, pdf: kommunens Word-mall (.docx; standard: [report] template)")
    p.add_argument("--decision-date", type=_decision_date,
                   help="beslutsrutan: antagen av nämnden detta datum (ÅÅÅÅ-MM-DD)")
    p.add_argument("--decision-paragraph", help="beslutsrutan: paragraf i protokollet, t.ex. \"§ 12\"")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, that subcommand is the only one built (the start of the app skips the rest)."""
    common = _common()
    parser = _Parser(prog="sydnarke-tui", parents=[common],
                     description="Måluppföljning, driftredovisning, investeringar och fördelning för Sydnärkes IT-nämnd.")
    parser.add_argument("--version", action="version", version=f"sydnarke-tui {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    unused = argparse.ArgumentParser(add_help=False, conflict_handler="resolve")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return unused  # the arguments of commands not given go nowhere
        return sub.add_parser(name, parents=[common], help=help_, description=help_)

    p = add("app", "starta programmet (samma som utan underkommando)")
    p.add_argument("--year", type=_year_arg)
    p = add("overview", "skriv årets översikt i terminalen")
    p.add_argument("--year", type=_year_arg)
    p.add_argument("--period")
    _report_options(add("report", f"rapporten i {', '.join(EXPORT_FORMATS)}"))
    p = add("check", "kontrollera tryckta värden och regler; status 1 vid fel")
    p.add_argument("--year", type=_year_arg)
    p.add_argument("--period")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = add("init", "skapa databasen, med demoåret eller ett tomt år")
    p.add_argument("--demo", action="store_true", help="lägg in demoåret 2019")
    p.add_argument("--replace", action="store_true", help="ersätt demoåret om det redan finns")
    p.add_argument("--year", type=_year_arg, help="skapa ett tomt år (medlemmar och nyckel från konfigurationen)")
    p.add_argument("--organisation", help="--year: organisationens namn")
    p.add_argument("--members", help="--year: medlemskommunerna, t.ex. Askersund,Hallsberg,Laxå,Lekeberg")
    p.add_argument("--key", help="--year: fördelningsnyckeln, t.ex. Askersund=20,Hallsberg=35,…")
    p = add("import", "importera drift-/investeringstabell (csv, xlsx) eller SIE 4")
    p.add_argument("file", type=Path)
    p.add_argument("--year", type=_year_arg, required=True)
    p.add_argument("--period")
    p.add_argument("--unit", choices=("kr", "tkr"), default=None, help="belopp utan enhet (standard: tkr)")
    p.add_argument("--signs", choices=("ledger", "costs-negative"), default="ledger")
    p.add_argument("--table", choices=TABLE_CHOICES, default=None, help="tabellen: drift eller investeringar")
    p.add_argument("--section", choices=TABLE_CHOICES, default=None, help=argparse.SUPPRESS)  # the old name
    p.add_argument("--strict", action="store_true", help="vägra radnamn som bara liknar befintliga")
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
    _log_commands(add)
    return parser


def _log_commands(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """log (and its check of the chain), undo, redo."""
    p = add("log", "visa ändringsloggen")
    p.add_argument("--limit", type=_limit, default=50)
    p.add_argument("--verify", action="store_true", help="kontrollera loggens kedja; status 1 om den är bruten")
    p.add_argument("--against", type=_checksum, metavar="KONTROLLSUMMA",
                   help="med --verify: kontrollsumman som en undertecknad rapport skrev ut")
    p = add("undo", "ångra din senaste ändring")
    p.add_argument("--anyone", action="store_true", help="den senaste ändringen, vems den än är")
    p = add("redo", "gör om det du senast ångrade")
    p.add_argument("--anyone", action="store_true", help="det senast ångrade, vem som än ångrade")


# ------------------------------------------------------------------ helpers


def _config(args: argparse.Namespace) -> Config:
    cfg = load_config(getattr(args, "config", None))
    if getattr(args, "db", None) is not None:
        cfg.db_path, cfg.db_is_default = args.db, False
    return cfg


def _open(cfg: Config, demo: bool = True) -> Session:
    return Session.open(cfg, demo=demo)


def _computed(session: Session, args: argparse.Namespace) -> Computed:
    return session.computed_for(getattr(args, "year", None), getattr(args, "period", None))


# ------------------------------------------------------------------ commands


def cmd_app(args: argparse.Namespace, cfg: Config) -> int:
    from .session.early import EarlyOverview
    from .tui.first_year import FirstYear

    year = getattr(args, "year", None)
    # Översikt's figures, computed by a child process on the other core while Textual loads (forked
    # before the database is opened and before any thread); without it, a thread reads the year.
    early = EarlyOverview.start(cfg, year)
    try:
        session = _open(cfg)
        # With the child at work the year is read for editing after the first paint, not beside
        # Textual's loading (one interpreter lock: each would slow the other).
        first = None if early is not None else FirstYear.start(session, year)
        from .tui.app import run_app

        try:
            code = run_app(session, year=year, first=first, early=early)
        finally:
            try:
                if early is not None:
                    early.close()  # first: the session's connection must be the last to close
            finally:
                session.close()
    finally:
        startgc.resume()  # if the app never painted
        if early is not None:
            early.close()  # the session could not be opened (a second call does nothing)
    return EXIT_ERROR if code else EXIT_OK  # never 0 after a crash


def cmd_overview(args: argparse.Namespace, cfg: Config) -> int:
    from .console import print_overview

    c = _computed(_open(cfg), args)
    print_overview(c, check(c), cfg.display_unit)
    return EXIT_OK


def cmd_report(args: argparse.Namespace, cfg: Config) -> int:
    session = _open(cfg)
    session.export(args.format, args.output, computed=_computed(session, args), table=args.table,
                   with_checks=args.with_checks, template=args.template, decision_date=args.decision_date,
                   decision_paragraph=args.decision_paragraph)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, cfg: Config) -> int:
    c = _computed(_open(cfg), args)
    findings = check(c)
    if args.format == "json":
        from .io.exports import json_text
        from .io.report_json import checks_list

        sys.stdout.write(json_text(checks_list(findings)))
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


def cmd_init(args: argparse.Namespace, cfg: Config) -> int:
    session = _open(cfg, demo=False)
    if args.year is not None:
        y = session.init_year(args.year, organisation=args.organisation, members=args.members, key=args.key)
        print(one_line(f"Året {y.year} är skapat ({y.organisation or 'utan organisationsnamn'}; "
                       f"{', '.join(k.municipality for k in y.key.members)})."))
    elif args.organisation or args.members or args.key:
        raise CliError("--organisation, --members och --key gäller ett nytt år: ange också --year ÅR.")
    if args.demo:
        session.load_demo(replace=args.replace)
        print(f"Demoåret 2019 är inlagt i {cfg.db_path}.")
    elif args.year is None:
        print(f"Databasen {cfg.db_path} är klar ({', '.join(map(str, session.years)) or 'inga år'}).")
    return EXIT_OK


def cmd_import(args: argparse.Namespace, cfg: Config) -> int:
    if args.section is not None:
        print("sydnarke-tui: obs: --section heter nu --table (drift eller investeringar).", file=sys.stderr)
    session = _open(cfg)
    table = args.table or args.section
    planned = session.plan_import(args.file, year=args.year, period=args.period, unit=args.unit, signs=args.signs,
                                  table=_TABLE.get(table, table), mapping=args.map, object_filter=args.object,
                                  strict=args.strict)
    plan = planned.plan
    if plan.new_lines:
        print(one_line(f"Nya rader ({len(plan.new_lines)}): {'; '.join(plan.new_lines)}"))
    for line in [*plan.changes, *plan.reconciliation, *(f"Obs: {w}" for w in plan.warnings)]:
        print(one_line(line))
    if args.dry_run:
        print(f"Torrkörning: {count_sv(len(plan.changes), 'ändring', 'ändringar')} skulle göras; inget har sparats.")
        return EXIT_OK
    session.apply_import(planned)
    print(one_line(f"Importerat {args.file.name}: {count_sv(len(plan.changes), 'ändring', 'ändringar')} sparade."))
    return EXIT_OK


def cmd_load(args: argparse.Namespace, cfg: Config) -> int:
    loaded = _open(cfg, demo=False).load_toml(args.file, replace=args.replace)
    for note in loaded.notes:
        print(one_line(f"Obs: {args.file.name}: {note}"), file=sys.stderr)
    if loaded.replaced:
        print(one_line(f"Ersätter året {loaded.year.year}: tog bort {loaded.replaced}; det gamla året finns kvar i"
                       " loggen ('sydnarke-tui undo' tar tillbaka det)."))
    print(one_line(f"Året {loaded.year.year} är inläst från {args.file.name}."))
    return EXIT_OK


def cmd_new_year(args: argparse.Namespace, cfg: Config) -> int:
    session = _open(cfg)
    moves = session.moved_targets(args.from_year)
    session.new_year(args.from_year, args.to_year)
    print(f"Året {args.to_year} är skapat från {args.from_year}.")
    if moves:
        print("Mål som flyttas till fjolårets utfall (ändra dem under Mål om de ska vara andra):")
        for m in moves:
            print(f"  {one_line(m.text_sv())}")
    return EXIT_OK


def cmd_years(args: argparse.Namespace, cfg: Config) -> int:
    for y in _open(cfg).years:
        print(y)
    return EXIT_OK


def cmd_log(args: argparse.Namespace, cfg: Config) -> int:
    if args.against and not args.verify:
        raise CliError("--against gäller --verify: sydnarke-tui log --verify --against KONTROLLSUMMA.")
    if args.verify:
        ok, text = _open(cfg).verify_log(args.against)
        print(text, file=sys.stdout if ok else sys.stderr)
        return EXIT_OK if ok else EXIT_FINDINGS
    for line in _open(cfg).log_lines(args.limit):
        print(line)
    return EXIT_OK


def cmd_undo(args: argparse.Namespace, cfg: Config) -> int:
    r = _open(cfg).undo(anyone=args.anyone)
    print(("Inget att ångra." if args.anyone else "Inget av dina ändringar att ångra (--anyone: allas).")
          if r is None else undone_text(r))
    return EXIT_OK


def cmd_redo(args: argparse.Namespace, cfg: Config) -> int:
    r = _open(cfg).redo(anyone=args.anyone)
    print("Inget att göra om." if r is None else redone_text(r))
    return EXIT_OK


COMMANDS = {
    None: cmd_app, "app": cmd_app, "overview": cmd_overview, "report": cmd_report, "check": cmd_check,
    "init": cmd_init, "import": cmd_import, "load": cmd_load, "new-year": cmd_new_year, "years": cmd_years,
    "log": cmd_log, "undo": cmd_undo, "redo": cmd_redo,
}


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(_command_word(words)).parse_args(words)
    if args.command not in (None, "app"):  # no command is the app too
        startgc.resume()  # the app turns it on after its first paint (startgc.py)
    try:
        cfg = _config(args)
        return COMMANDS[args.command](args, cfg)
    except (ConfigError, StoreError, SessionError, ParseError, SerialError, CliError, ValueError) as exc:
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
