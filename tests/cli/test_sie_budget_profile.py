"""End to end through the CLI: an SIE file's monthly #PBUDGET becomes each line's budget profile in the
database (io plans it, the store keeps it), so the interim report's budget to date is the sum of the file's
months, not twelfths of the year; the year file carries it, and `load --replace` + `undo` bring it back."""

from __future__ import annotations

import json
from pathlib import Path

from tests.io.sie_programs import specter

from .test_bounded_input import cli

# uneven months (a cost that grows; revenue front-loaded), whole kronor so no rounding hides a wrong sum
_COST = [100 * m * m for m in range(1, 13)]  # account 5010 -> Kostnader
_REVENUE = [-1000 * (13 - m) for m in range(1, 13)]  # account 3010 -> Intäkter


def _sie() -> bytes:
    text = specter().decode("utf-8")
    rows = [ln for ln in text.splitlines() if not ln.startswith("#PBUDGET")]
    rows += [f"#PBUDGET\t0\t2019{m:02d}\t5010\t{{}}\t{v}.00" for m, v in enumerate(_COST, 1)]
    rows += [f"#PBUDGET\t0\t2019{m:02d}\t3010\t{{}}\t{v}.00" for m, v in enumerate(_REVENUE, 1)]
    return ("\n".join(rows) + "\n").encode("utf-8")


def _ok(r):
    assert r.returncode == 0, (r.stdout, r.stderr)
    return r


def _lines(tmp: Path) -> dict[str, dict]:
    d = json.loads(_ok(cli(tmp, "report", "--year", "2019", "--period", "t1", "--format", "json")).stdout)
    return {ln["label"]: ln for ln in d["operating"]["lines"]}


def test_monthly_pbudget_is_the_budget_to_date_and_survives_replace_and_undo(tmp_path):
    sie = tmp_path / "huvudbok.se"
    sie.write_bytes(_sie())
    _ok(cli(tmp_path, "init", "--demo"))
    _ok(cli(tmp_path, "import", str(sie), "--year", "2019"))

    lines = _lines(tmp_path)
    assert lines["Kostnader"]["budget"] == sum(_COST)
    assert lines["Kostnader"]["to_date"]["budget"] == sum(_COST[:4])  # 3 000, where twelfths give 21 667
    assert lines["Intäkter"]["to_date"]["budget"] == sum(_REVENUE[:4])

    dump = tmp_path / "year.toml"
    _ok(cli(tmp_path, "report", "--year", "2019", "--format", "toml", "-o", str(dump)))
    other = tmp_path / "other"
    other.mkdir()
    _ok(cli(other, "load", str(dump)))  # the header's counts and checksum agree with what it holds
    assert _lines(other)["Kostnader"]["to_date"] == lines["Kostnader"]["to_date"]

    demo = tmp_path / "demo.toml"
    _ok(cli(other, "init", "--demo", "--replace"))
    _ok(cli(other, "report", "--year", "2019", "--format", "toml", "-o", str(demo)))
    _ok(cli(tmp_path, "load", str(demo), "--replace"))
    assert "Kostnader" not in _lines(tmp_path)
    _ok(cli(tmp_path, "undo"))
    assert _lines(tmp_path) == lines  # profiles (and the demo's linked indicator) are back
    again = tmp_path / "again.toml"
    _ok(cli(tmp_path, "report", "--year", "2019", "--format", "toml", "-o", str(again)))
    assert again.read_text(encoding="utf-8") == dump.read_text(encoding="utf-8")
    _ok(cli(tmp_path, "log", "--verify"))
