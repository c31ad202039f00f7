"""Issue 10's targets, each checked against the benchmark's figures: met, not met or not measured."""

from __future__ import annotations

from bench_report import SIZE_NAMES, _num, fmt, ratio
from tui_session import SCREENS, Failure


LABELS = {"drift": "Drift", "mal": "Mål", "start": "editable", "start_compiled": "compiled", "cpu_down": "Down",
          "start_figures": "editable", "start_compiled_figures": "compiled",
          "text": "Kommentar", "figure": "Utfall"}


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def _ratio_target(results: dict, floor: dict, what: str, metrics: list[str], base: str,
                  limits: dict[str, float]) -> list[str]:
    """One line per size: the worst ratio of `metrics` to the floor's `base` against the limit."""
    lines = []
    for size, limit in limits.items():
        head = f"{what} ≤ {_num(limit, 1)}× the floor on {SIZE_NAMES[size]}"
        if size not in results:
            lines.append(f"{head}: not measured (size not run)")
            continue
        parts, worst = [], None
        for m in metrics:
            r = ratio(results[size].get(m), floor.get(base))
            name = LABELS.get(m.split(".")[-1], m)
            parts.append(f"{name} {_num(r, 2)}×" if r is not None else f"{name} n/a")
            worst = r if worst is None or (r is not None and r > worst) else worst
        verdict = "not measured" if worst is None else _verdict(worst <= limit)
        lines.append(f"{head}: {', '.join(parts)} — {verdict}")
    return lines


def _absolute(results: dict, size: str, what: str, metric: str, limit: float, unit: str) -> str:
    head = f"{what} ≤ {fmt(limit, unit)} on {SIZE_NAMES[size]}"
    v = results.get(size, {}).get(metric)
    if size not in results:
        return f"{head}: not measured (size not run)"
    if not isinstance(v, float):
        return f"{head}: not measured ({v.reason if isinstance(v, Failure) else 'not run'})"
    return f"{head}: {fmt(v, unit)} — {_verdict(v <= limit)}"


def _first_open(results: dict) -> str:
    head = "first open of any screen ≤ 300 ms on 10× large"
    if "10x" not in results:
        return f"{head}: not measured (size not run)"
    opens = {label: results["10x"].get(f"open.{label}") for label, _, _ in SCREENS}
    got = {k: v for k, v in opens.items() if isinstance(v, float)}
    if not got:
        return f"{head}: not measured"
    label, worst = max(got.items(), key=lambda kv: kv[1])
    missing = f" ({len(opens) - len(got)} screens n/a)" if len(got) < len(opens) else ""
    return f"{head}: slowest {label} {fmt(worst, 'ms')}{missing} — {_verdict(worst <= 0.3)}"


def _first_open_every_size(results: dict) -> list[str]:
    """Issue 20: first open of any screen ≤ 300 ms at every size."""
    lines = []
    for size in results:
        got = {label: results[size].get(f"open.{label}") for label, _, _ in SCREENS}
        got = {k: v for k, v in got.items() if isinstance(v, float)}
        if not got:
            lines.append(f"first open of any screen ≤ 300 ms on {SIZE_NAMES[size]}: not measured")
            continue
        label, worst = max(got.items(), key=lambda kv: kv[1])
        lines.append(f"first open of any screen ≤ 300 ms on {SIZE_NAMES[size]}: slowest {label} "
                     f"{fmt(worst, 'ms')} — {_verdict(worst <= 0.3)}")
    return lines


def _start(results: dict, floor: dict, compiled: bool) -> list[str]:
    metric = "start_compiled" if compiled else "start"
    how = "compiled install" if compiled else "editable run without bytecode; --compiled not given"
    lines = _ratio_target(results, floor, "start", [metric], metric, {"demo": 1.3, "10x": 1.5})
    return [f"{line} [{how}]" for line in lines]


def targets(results: dict, floor: dict, compiled: bool) -> list[str]:
    typing = ["cpu_key.drift", "cpu_key.mal"]
    settled = ["settled.drift", "settled.mal"]
    lines = _ratio_target(results, floor, "CPU per key", typing, "cpu_key.floor", {"demo": 2, "large": 2, "10x": 3})
    lines += _ratio_target(results, floor, "key → settled", settled, "settled.floor",
                           {"demo": 1.2, "large": 1.2, "10x": 1.2})
    lines.append(_absolute(results, "10x", "Down arrow", "down", 0.03, "ms"))
    lines.append(_first_open(results))
    lines += _start(results, floor, compiled)
    # Issue 20: the same at every size, the Down's CPU against the floor's per key, start to the figures.
    lines += _first_open_every_size(results)
    lines += _ratio_target(results, floor, "CPU per Down", ["cpu_down"], "cpu_key.floor",
                           {"demo": 2, "large": 2, "10x": 2})
    metric = "start_compiled_figures" if compiled else "start_figures"
    lines += _ratio_target(results, floor, "start to the overview's figures", [metric],
                           "start_compiled" if compiled else "start", {"demo": 1.3, "10x": 2})
    lines.append(_absolute(results, "10x", "memory after typing", "rss", 100, "MiB"))
    for cmd in ("overview", "report json", "report html", "report xlsx"):
        lines.append(_absolute(results, "10x", f"`{cmd}`", f"cli.{cmd}", 1.0, "s"))
    lines += _ratio_target(results, floor, "bytes per key", ["bytes.drift", "bytes.mal"], "bytes.floor",
                           {"demo": 1.3, "large": 1.3, "10x": 1.3})
    for tag in ("text", "figure"):  # issue 15: each against the floor's same burst
        lines += _ratio_target(results, floor, "50-char burst, to last byte", [f"burst.{tag}"],
                               f"burst.floor.{tag}", {"demo": 1.2, "10x": 1.2})
    return lines
