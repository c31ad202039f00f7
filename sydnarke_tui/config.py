"""config.toml: read with tomllib, validated strictly, never rewritten.

Unknown keys and wrong types are errors naming the file, the key and what was
expected. Relative paths are relative to the config file's folder.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .core.model import GoalStatus, LowerFormula, Options

# A table of the config file as tomllib reads it (validated against _SCHEMA before use).
Table = dict[str, Any]

DEFAULT_MEMBERS = ("Askersund", "Hallsberg", "Laxå", "Lekeberg")
ENV_CONFIG = "SYDNARKE_CONFIG"


class ConfigError(Exception):
    """A broken config file, said in one line."""


@dataclass
class UiConfig:
    """[ui]: the app's theme, animations and cursor blink, and how often it looks for other sessions' saves."""

    theme: str = "auto"  # auto | ansi | any Textual theme name
    animations: bool = False
    cursor_blink: bool = False
    poll_ms: int = 1000  # how often to look for other sessions' changes


@dataclass
class SieLine:
    """One [[import.sie.lines]] entry: an operating line and the accounts (or ranges) that make it up."""

    label: str
    kind: str
    accounts: list[str]


@dataclass
class SieConfig:
    """[import.sie]: how a SIE file's accounts map to operating lines, and which object's rows are read."""

    lines: list[SieLine] = field(default_factory=list)  # empty: Kommun-Bas classes 3 / 4-7
    object_dim: int | None = None
    object_id: str | None = None


@dataclass
class ReportConfig:
    """[report]: the nämnd's report (docx, pdf, html, md)."""

    template: Path | None = None  # the municipality's Word template (.docx): its styles, fonts and margins
    decision_date: str = ""  # adopted by the nämnd on this date (the title page's decision block)
    decision_paragraph: str = ""  # ... in this paragraph of the minutes, e.g. "§ 12"


def default_db_path() -> Path:
    """Without a config: the user's data folder (e.g. ~/.local/share/sydnarke-tui/sydnarke.db)."""
    from platformdirs import user_data_path

    return user_data_path("sydnarke-tui", appauthor=False) / "sydnarke.db"


@dataclass
class Config:
    """The program's settings: config.toml as read and validated, with defaults for what it leaves out."""

    path: Path | None = None
    db_path: Path = field(default_factory=default_db_path)
    db_is_default: bool = True  # the per-user default: its folder is created on first run
    organisation: str = "Sydnärkes IT-nämnd"
    host: str = "Lekeberg"
    members: list[str] = field(default_factory=lambda: list(DEFAULT_MEMBERS))
    default_year: int | None = None
    default_key: dict[str, Decimal] = field(default_factory=dict)
    options: Options = field(default_factory=Options)
    input_unit: str = "tkr"
    display_unit: str = "tkr"
    ui: UiConfig = field(default_factory=UiConfig)
    keymap: dict[str, str] = field(default_factory=dict)
    sie: SieConfig = field(default_factory=SieConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    limits: ImportLimits = field(default_factory=lambda: ImportLimits())


@dataclass
class ImportLimits:
    """Bounds on what `load` and `import` read ([import] max_bytes, max_rows): nothing can take the server down."""

    max_bytes: int = 256 * 1024 * 1024  # a file above this is refused before it is read
    max_rows: int = 100_000  # a table with more rows than a statement can have is refused unplanned


# section -> key -> (type(s), description of what is expected, allowed values or None)
_SCHEMA: dict[str, dict[str, tuple[tuple[type, ...], str, tuple[str, ...] | None]]] = {
    "database": {"path": ((str,), "en sökväg (text)", None)},
    "organisation": {
        "name": ((str,), "text", None),
        "host": ((str,), "text", None),
        "members": ((list,), "en lista med kommunnamn", None),
        "default_year": ((int,), "ett årtal (heltal)", None),
    },
    "assessment": {
        "partly_from_pct": ((int,), "ett heltal 0–100", None),
        "tie": ((str,), "'not_achieved', 'partly' eller 'achieved'", ("not_achieved", "partly", "achieved")),
        "verdict_basis": ((str,), "'indicators' eller 'goals'", ("indicators", "goals")),
        "lower_formula": ((str,), "'linear' eller 'ratio'", ("linear", "ratio")),
    },
    "checks": {
        "large_deviation_pct": ((int,), "ett heltal (procent av budget)", None),
        "large_deviation_min_kr": ((int,), "ett heltal (kronor)", None),
    },
    "units": {
        "input": ((str,), "'kr', 'tkr' eller 'mkr'", ("kr", "tkr", "mkr")),
        "display": ((str,), "'kr', 'tkr' eller 'mkr'", ("kr", "tkr", "mkr")),
    },
    "report": {
        "template": ((str,), "en sökväg till en Word-mall (.docx)", None),
        "decision_date": ((str, datetime.date), "ett datum, t.ex. \"2020-02-20\"", None),
        "decision_paragraph": ((str,), "en paragraf, t.ex. \"§ 12\"", None),
    },
    "ui": {
        "theme": ((str,), "'auto', 'ansi' eller ett Textual-tema", None),
        "animations": ((bool,), "true eller false", None),
        "cursor_blink": ((bool,), "true eller false", None),
        "poll_ms": ((int,), "millisekunder (heltal)", None),
    },
}


def _type_name(v: Any) -> str:
    return {bool: "sant/falskt", int: "heltal", str: "text", list: "lista", dict: "tabell",
            Decimal: "decimaltal"}.get(type(v), type(v).__name__)


def default_config_path() -> Path | None:
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    here = Path.cwd() / "config.toml"
    return here if here.is_file() else None


def load_config(path: Path | str | None = None) -> Config:
    """Read `path` (or the default location); no file means the defaults."""
    explicit = path is not None
    path = Path(path) if path is not None else default_config_path()
    cfg = Config()
    if path is None:
        return cfg
    if path.is_dir():
        raise ConfigError(f"{path} är en katalog: ange konfigurationsfilen (t.ex. {path / 'config.toml'}).")
    if not path.is_file():
        if explicit or os.environ.get(ENV_CONFIG):
            raise ConfigError(f"Konfigurationsfilen {path} finns inte.")
        return cfg
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: filen är inte UTF-8.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: ogiltig TOML: {exc}.") from None
    except OSError as exc:
        raise ConfigError(f"{path}: kan inte läsas ({exc.strerror}).") from None
    cfg.path = path
    _apply(cfg, data, path)
    return cfg


def _err(path: Path, key: str, msg: str) -> ConfigError:
    return ConfigError(f"{path}: {key}: {msg}")


def _apply(cfg: Config, data: Table, path: Path) -> None:
    _check_schema(data, path)
    _apply_basics(cfg, data, path)
    _apply_options(cfg, data, path)
    _apply_ui(cfg, data, path)
    _apply_report(cfg, data, path)
    _apply_key(cfg, data.get("key", {}), path)
    _apply_import(cfg, data.get("import", {}), path)


def _check_schema(data: Table, path: Path) -> None:
    known = set(_SCHEMA) | {"keymap", "key", "import"}
    for section in data:
        if section not in known:
            raise _err(path, section, f"okänd sektion (kända: {', '.join(sorted(known))}).")
    for section, keys in _SCHEMA.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise _err(path, section, "väntade en tabell [" + section + "].")
        for key, value in table.items():
            if key not in keys:
                raise _err(path, f"{section}.{key}", f"okänd nyckel (kända: {', '.join(keys)}).")
            types, expected, allowed = keys[key]
            if isinstance(value, bool) and bool not in types or not isinstance(value, types):
                raise _err(path, f"{section}.{key}", f"fel typ ({_type_name(value)}), väntade {expected}.")
            if allowed is not None and value not in allowed:
                raise _err(path, f"{section}.{key}", f"'{value}' är inte tillåtet, väntade {expected}.")


def _apply_basics(cfg: Config, data: Table, path: Path) -> None:
    base = path.parent
    cfg.db_is_default = False
    db = data.get("database", {})
    if "path" in db:
        p = Path(db["path"]).expanduser()
        cfg.db_path = p if p.is_absolute() else base / p
    else:
        cfg.db_path = base / "db" / "sydnarke.db"
    org = data.get("organisation", {})
    cfg.organisation = org.get("name", cfg.organisation)
    cfg.host = org.get("host", cfg.host)
    if "members" in org:
        members = org["members"]
        if not members or not all(isinstance(m, str) and m.strip() for m in members):
            raise _err(path, "organisation.members", "väntade en lista med minst ett kommunnamn (text).")
        if len(set(members)) != len(members):
            raise _err(path, "organisation.members", "samma kommun står flera gånger.")
        cfg.members = list(members)
    cfg.default_year = org.get("default_year")


def _apply_options(cfg: Config, data: Table, path: Path) -> None:
    a = data.get("assessment", {})
    o = cfg.options
    if "partly_from_pct" in a:
        if not 0 <= a["partly_from_pct"] <= 100:
            raise _err(path, "assessment.partly_from_pct", "väntade ett heltal 0–100.")
        o.partly_from_pct = a["partly_from_pct"]
    if "tie" in a:
        o.tie = GoalStatus(a["tie"])
    o.verdict_basis = a.get("verdict_basis", o.verdict_basis)
    if "lower_formula" in a:
        o.lower_formula = LowerFormula(a["lower_formula"])
    c = data.get("checks", {})
    for k in ("large_deviation_pct", "large_deviation_min_kr"):
        if k in c:
            if c[k] < 0:
                raise _err(path, f"checks.{k}", "får inte vara negativt.")
            setattr(o, k, c[k])


def _apply_ui(cfg: Config, data: Table, path: Path) -> None:
    u = data.get("units", {})
    cfg.input_unit = u.get("input", cfg.input_unit)
    cfg.display_unit = u.get("display", cfg.display_unit)
    ui = data.get("ui", {})
    for k, v in ui.items():
        setattr(cfg.ui, k, v)
    if cfg.ui.poll_ms < 100:
        raise _err(path, "ui.poll_ms", "väntade minst 100 (millisekunder).")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        raise _err(path, "keymap", "väntade en tabell [keymap].")
    for k, v in keymap.items():
        if not isinstance(v, str) or not v.strip():
            raise _err(path, f"keymap.{k}", "väntade tangenter som text, t.ex. \"ctrl+s,f2\".")
    cfg.keymap = dict(keymap)


def is_iso_date(text: str) -> bool:
    """A real calendar day written ÅÅÅÅ-MM-DD (the decision block prints it as given)."""
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _apply_report(cfg: Config, data: Table, path: Path) -> None:
    r = data.get("report", {})
    if "template" in r:
        p = Path(r["template"]).expanduser()
        p = p if p.is_absolute() else path.parent / p
        if p.suffix.lower() != ".docx":
            raise _err(path, "report.template", f"'{r['template']}' är ingen Word-fil, väntade en .docx-mall.")
        if not p.is_file():
            raise _err(path, "report.template", f"mallen {p} finns inte.")
        cfg.report.template = p
    date = r.get("decision_date", "")
    date = date.isoformat() if isinstance(date, datetime.date) else date.strip()  # TOML's date literal is a date
    if date and not is_iso_date(date):
        raise _err(path, "report.decision_date", f"'{date}' är inget datum, väntade ÅÅÅÅ-MM-DD.")
    cfg.report.decision_date = date
    cfg.report.decision_paragraph = r.get("decision_paragraph", "").strip()


def _apply_key(cfg: Config, key: Any, path: Path) -> None:
    if not isinstance(key, dict):
        raise _err(path, "key", "väntade en tabell [key] med andelar i procent per kommun.")
    for name, share in key.items():
        if name not in cfg.members:
            raise _err(path, f"key.{name}", f"okänd kommun (medlemmar: {', '.join(cfg.members)}).")
        if isinstance(share, bool) or not isinstance(share, (int, Decimal)) or share < 0:
            raise _err(path, f"key.{name}", "väntade en andel i procent (tal ≥ 0).")
        cfg.default_key[name] = Decimal(share)
    if cfg.default_key and sum(cfg.default_key.values()) != 100:
        raise _err(path, "key", f"andelarna summerar till {sum(cfg.default_key.values())} %, inte 100 %.")


def _apply_import(cfg: Config, imp: Any, path: Path) -> None:
    if not isinstance(imp, dict):
        raise _err(path, "import", "väntade en tabell [import].")
    for k, v in imp.items():
        if k in ("max_bytes", "max_rows"):
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                unit = "byte" if k == "max_bytes" else "rader"
                raise _err(path, f"import.{k}", f"väntade ett positivt heltal ({unit}), fick {_type_name(v)}"
                                                f" {str(v)[:20]}.")
            setattr(cfg.limits, k, v)
        elif k != "sie":
            raise _err(path, f"import.{k}", "okänd nyckel (kända: max_bytes, max_rows, sie).")
    sie = imp.get("sie", {})
    if not isinstance(sie, dict):
        raise _err(path, "import.sie", "väntade en tabell.")
    for k, v in sie.items():
        if k == "object_dim":
            if isinstance(v, bool) or not isinstance(v, int):
                raise _err(path, "import.sie.object_dim", "väntade ett heltal (dimensionsnummer).")
            cfg.sie.object_dim = v
        elif k == "object":
            if not isinstance(v, str):
                raise _err(path, "import.sie.object", "väntade ett objekt-id som text.")
            cfg.sie.object_id = v
        elif k == "lines":
            if not isinstance(v, list):
                raise _err(path, "import.sie.lines", "väntade en lista [[import.sie.lines]].")
            for i, ln in enumerate(v):
                w = f"import.sie.lines[{i}]"
                if not isinstance(ln, dict) or set(ln) - {"label", "kind", "accounts"}:
                    raise _err(path, w, "väntade nycklarna label, kind och accounts.")
                if not isinstance(ln.get("label"), str) or ln.get("kind") not in ("revenue", "cost"):
                    raise _err(path, w, "label (text) och kind ('revenue' eller 'cost') krävs.")
                accounts = ln.get("accounts")
                if (not isinstance(accounts, list) or not accounts
                        or not all(isinstance(a, str) and re.fullmatch(r"\s*\d+\s*(-\s*\d+\s*)?", a) for a in accounts)):
                    raise _err(path, f"{w}.accounts", "väntade en lista med konton eller kontointervall, "
                                                      "t.ex. [\"4000-4999\", \"5410\"].")
                cfg.sie.lines.append(SieLine(ln["label"], ln["kind"], list(accounts)))
        else:
            raise _err(path, f"import.sie.{k}", "okänd nyckel (kända: lines, object_dim, object).")
