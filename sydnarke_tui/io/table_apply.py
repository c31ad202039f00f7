"""Applying parsed table rows to a copy of the year: lines matched by name, printed totals kept.

Lines are matched to existing ones by name within their verksamhet (case-
and whitespace-insensitive); a close name (case, å/a, one or two letters)
is matched with a warning naming both, or refused when `strict`. Other rows
become new lines with fresh ids, listed in `plan.new_lines`. Total rows
become printed values for the checker: operating/total/…, the verksamhet
subtotals at `section_path(verksamhet, revenue|cost|net, field)`, and
investments/total/….
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..core.compute import section_path
from ..core.concepts import Statement, place
from ..core.glossary import FIGURE_FIELDS, TOTALS
from ..core.model import KIND_SV, InvestmentLine, Kind, LineValue, OperatingLine, PrintedValue, Year
from ..core.numbers import UNITS, div_round, format_amount, format_value
from ..core.text import one_line
from .errors import FileFormatError
from .names import close_match, norm_label
from .plan import ImportPlan
from .table_read import Header, _fold
from .table_rows import ParsedRow, total_rest


L = TypeVar("L", OperatingLine, InvestmentLine)


def _fmt_kr(v: int | None) -> str:
    return "–" if v is None else f"{format_amount(v, 'kr')} kr"


def _total_kind(r: ParsedRow) -> str:
    """revenue, cost or net: 'Totalt intäkter', 'Totalt kostnader'; a verksamhet's own subtotal is its net."""
    if r.group is not None and total_rest(r.label) in ("", _fold(r.group)):
        return "net"
    low = _fold(r.label)
    if "intäkt" in low or "intakt" in low or "revenue" in low:
        return "revenue"
    if "kostnad" in low or "cost" in low:
        return "cost"
    return "net"


def _guess_section(h: Header, rows: list[ParsedRow]) -> str:
    above = " ".join(h.above).lower()
    if "investering" in above:
        return "investments"
    if "drift" in above:
        return "operating"
    label_title = _fold(h.titles["label"])
    if label_title.startswith(("projekt", "investering", "project")) or "municipality" in h.columns:
        return "investments"
    if any(r.kind == "varav" for r in rows):
        return "investments"
    return "operating"


class _Applier:
    def __init__(self, year: Year, period_code: str, file: str, plan: ImportPlan, strict: bool = False):
        self.strict = strict
        self.before = {id(ln) for ln in (*year.operating, *year.investments)}
        self.named: set[str] = set()  # every name the file gives, normalised
        self.y = year
        self.code = period_code
        self.file = file
        self.plan = plan
        self.next_op = max((ln.id for ln in year.operating), default=0) + 1
        self.next_inv = max((ln.id for ln in year.investments), default=0) + 1

    def _set(self, where: str, old: int | None, new: int, setter: Callable[[int], None]) -> None:
        if old == new:
            return
        setter(new)
        if old is None:
            self.plan.changes.append(f"{where}: {_fmt_kr(new)}")
        else:
            self.plan.changes.append(f"{where}: {_fmt_kr(old)} → {_fmt_kr(new)}")

    def _printed(self, path: str, pv: PrintedValue, where: str) -> None:
        figs = self.y.printed.setdefault(self.code, {})
        old = figs.get(path)
        if old == pv:
            return
        figs[path] = pv
        shown = format_value(pv.value)
        self.plan.changes.append(f"Tryckt värde: {where} = {shown} {pv.unit}")

    def _exact(self, old: int | None, r: ParsedRow, fld: str, where: str) -> int:
        """Keep a stored exact amount that rounds to the file's rounded one (a printed tkr table
        must not replace 10 381 700 kr by 10 382 000 kr)."""
        new = r.amounts[fld]
        unit = UNITS.get(r.printed[fld].unit, 1)
        if old is not None and old != new and unit > 1 and div_round(old, unit) * unit == new:
            self.plan.warnings.append(f"{where}: det exakta beloppet {_fmt_kr(old)} behålls "
                                      f"(avrundat samma som filens {_fmt_kr(new)}).")
            return old
        return new

    def _values(self, ln: OperatingLine | InvestmentLine, r: ParsedRow, where: str) -> None:
        a = {fld: v for fld, v in r.amounts.items()}
        if "budget" in a:
            a["budget"] = self._exact(ln.budget, r, "budget", f"{where} › budget")
            self._set(f"{where} › budget", ln.budget, a["budget"], lambda v: setattr(ln, "budget", v))
        if "outcome" in a or "forecast" in a:
            lv = ln.values.get(self.code)
            if lv is None:
                lv = ln.values[self.code] = LineValue()
            for fld in ("outcome", "forecast"):
                if fld in a:
                    a[fld] = self._exact(getattr(lv, fld), r, fld, f"{where} › {FIGURE_FIELDS[fld]}")
            if "outcome" in a:
                self._set(f"{where} › utfall", lv.outcome, a["outcome"], lambda v: setattr(lv, "outcome", v))
            if "forecast" in a:
                self._set(f"{where} › prognos", lv.forecast, a["forecast"], lambda v: setattr(lv, "forecast", v))
        if "previous_outcome" in a:
            self._set(f"{where} › utfall föregående år", ln.previous_outcome, a["previous_outcome"],
                      lambda v: setattr(ln, "previous_outcome", v))

    # -------------------------------------------------------------- matching

    def _match(self, label: str, existing: dict[str, L], what: str, line: int) -> L | None:
        """An existing line by exact name, else by a close one (warned; refused when strict).

        Close candidates are the lines the year had before this import that no
        row of the file names exactly."""
        key = norm_label(label)
        found: tuple[str, L] | None
        if key in existing:
            ln = existing[key]
            if id(ln) not in self.before or " ".join(ln.label.split()) == " ".join(label.split()):
                return ln
            found = (ln.label, ln)  # the same but for case
        else:
            found = close_match(label, ((ln.label, ln) for k, ln in existing.items()
                                        if id(ln) in self.before and k not in self.named))
        if found is None:
            return None
        name, ln = found
        if self.strict:
            raise FileFormatError(f"'{one_line(label)}' liknar {what} '{one_line(name)}' men är inte samma namn "
                                  "(--strict): rätta namnet i filen eller i programmet.", file=self.file, line=line)
        self.plan.warnings.append(f"{self.file}, rad {line}: '{one_line(label)}' lästes som den befintliga raden "
                                  f"'{one_line(name)}' (nästan samma namn).")
        return ln

    def _new_line(self, where: str, detail: str) -> None:
        self.plan.new_lines.append(where)
        self.plan.changes.append(f"Ny rad: {where} ({detail})")

    # -------------------------------------------------------------- operating

    def _kinds(self, rows: list[ParsedRow], existing: dict[tuple[str | None, str], OperatingLine]) -> dict[int, str]:
        """Each line's kind: the kind column, its sign, the stored line, or the next total row."""
        pending: list[ParsedRow] = []
        kinds: dict[int, str] = {}
        for r in rows:
            if r.kind == "varav":
                raise FileFormatError("varav-rader finns bara i investeringsredovisningen.", file=self.file, line=r.line)
            if r.kind == "total":
                tk = _total_kind(r)
                for p in pending:
                    kinds[p.line] = tk if tk in ("revenue", "cost") else "cost"
                pending = []
            elif r.kind in ("revenue", "cost"):
                kinds[r.line] = r.kind
            elif ref := (r.amounts.get("budget") or r.amounts.get("outcome") or r.amounts.get("forecast")):
                kinds[r.line] = "revenue" if ref < 0 else "cost"
            elif (key := (r.group, norm_label(r.label))) in existing:
                kinds[r.line] = existing[key].kind.value
            else:
                pending.append(r)
        for p in pending:
            kinds[p.line] = "cost"
            self.plan.warnings.append(f"{self.file}, rad {p.line}: typen för '{one_line(p.label)}' kunde inte "
                                      "avgöras; den läses som kostnad.")
        return kinds

    def _op_total(self, r: ParsedRow) -> None:
        tk = _total_kind(r)
        if r.group is not None:
            what = {"revenue": "intäkter", "cost": "kostnader", "net": "netto"}[tk]
            for fld in ("budget", "outcome", "deviation"):
                if fld in r.printed:
                    self._printed(section_path(r.group, tk, fld), r.printed[fld],
                                  place(Statement.OPERATING, r.group, what, FIGURE_FIELDS[fld]))
            return
        what = TOTALS[tk]
        for fld in ("budget", "outcome", "deviation"):
            if fld in r.printed:
                self._printed(f"operating/total/{tk}/{fld}", r.printed[fld],
                              place(Statement.OPERATING, what, FIGURE_FIELDS[fld]))

    def operating(self, rows: list[ParsedRow]) -> None:
        existing = {(ln.section, norm_label(ln.label)): ln for ln in self.y.operating}
        self.named |= {norm_label(r.label) for r in rows}
        kinds = self._kinds(rows, existing)
        seen: dict[tuple[str | None, str], int] = {}
        for r in rows:
            if r.kind == "total":
                self._op_total(r)
                continue
            key = (r.group, norm_label(r.label))
            if key in seen:
                raise FileFormatError(f"raden '{one_line(r.label)}' finns redan på rad {seen[key]}.", file=self.file,
                                      line=r.line)
            seen[key] = r.line
            kind = Kind(kinds[r.line])
            same_group = {k[1]: ln for k, ln in existing.items() if k[0] == r.group}
            ln = self._match(r.label, same_group, "raden", r.line)
            where = place(Statement.OPERATING, *([r.group] if r.group else []), ln.label if ln else r.label)
            if ln is None:
                ln = OperatingLine(self.next_op, r.label, kind, section=r.group)
                self.next_op += 1
                self.y.operating.append(ln)
                existing[key] = ln
                self._new_line(where, KIND_SV[kind])
            elif r.kind in ("revenue", "cost") and ln.kind is not kind:
                self.plan.changes.append(f"{where}: typ {ln.kind.value} → {kind.value}")
                ln.kind = kind
            self._values(ln, r, where)
            if "deviation" in r.printed:
                self._printed(f"operating/line/{ln.id}/deviation", r.printed["deviation"], f"{where} › avvikelse")

    # -------------------------------------------------------------- investments

    def _varav(self, r: ParsedRow, parent: InvestmentLine, seen: dict[tuple[int | None, str], int]) -> None:
        key = norm_label(r.label)
        sk = (parent.id, key)
        if sk in seen:
            raise FileFormatError(f"varav-raden '{one_line(r.label)}' finns redan på rad {seen[sk]}.",
                                  file=self.file, line=r.line)
        seen[sk] = r.line
        subs = {norm_label(s.label): s for s in self.y.investments if s.parent_id == parent.id}
        sub = self._match(r.label, subs, "varav-raden", r.line)
        where = place(Statement.INVESTMENTS, parent.label, f"varav {sub.label if sub else r.label}")
        if sub is None:
            sub = InvestmentLine(self.next_inv, r.label, parent.municipality, None, {}, parent.id)
            self.next_inv += 1
            idx = max(i for i, s in enumerate(self.y.investments) if s.id == parent.id or s.parent_id == parent.id)
            self.y.investments.insert(idx + 1, sub)
            self.plan.new_lines.append(where)
            self.plan.changes.append(f"Ny varav-rad: {where}")
        self._values(sub, r, where)

    def _main(self, r: ParsedRow, mains: dict[str, InvestmentLine], seen: dict[tuple[int | None, str], int]
              ) -> InvestmentLine:
        key = norm_label(r.label)
        if (None, key) in seen:
            raise FileFormatError(f"raden '{one_line(r.label)}' finns redan på rad {seen[(None, key)]}.",
                                  file=self.file, line=r.line)
        seen[(None, key)] = r.line
        muni = r.municipality
        if muni is not None and _fold(muni) in ("gemensamt", "gemensam", "gemensamma", "common", "alla"):
            muni = None
        ln = self._match(r.label, mains, "investeringen", r.line)
        where = place(Statement.INVESTMENTS, ln.label if ln else r.label)
        if ln is None:
            ln = InvestmentLine(self.next_inv, r.label, muni)
            self.next_inv += 1
            self.y.investments.append(ln)
            mains[key] = ln
            self._new_line(where, muni or "gemensamt")
        elif r.municipality is not None and ln.municipality != muni:
            self.plan.changes.append(f"{where} › kommun: {ln.municipality or 'gemensamt'} → {muni or 'gemensamt'}")
            ln.municipality = muni
        self._values(ln, r, where)
        if "deviation" in r.printed:
            self._printed(f"investments/line/{ln.id}/deviation", r.printed["deviation"], f"{where} › avvikelse")
        return ln

    def investments(self, rows: list[ParsedRow]) -> None:
        mains = {norm_label(ln.label): ln for ln in self.y.investments if ln.parent_id is None}
        self.named |= {norm_label(r.label) for r in rows}
        seen: dict[tuple[int | None, str], int] = {}
        parent: InvestmentLine | None = None
        for r in rows:
            if r.kind == "total":
                for fld in ("budget", "outcome", "deviation"):
                    if fld in r.printed:
                        self._printed(f"investments/total/{fld}", r.printed[fld],
                                      place(Statement.INVESTMENTS, "Totalt", FIGURE_FIELDS[fld]))
                parent = None
            elif r.kind in ("revenue", "cost"):
                raise FileFormatError(f"typen '{KIND_SV[Kind(r.kind)]}' hör till driftredovisningen, inte "
                                      "investeringar.",
                                      file=self.file, line=r.line)
            elif r.kind == "varav":
                if parent is None:
                    raise FileFormatError(f"varav-raden '{one_line(r.label)}' står inte under någon investeringsrad.",
                                          file=self.file, line=r.line)
                self._varav(r, parent, seen)
            else:
                parent = self._main(r, mains, seen)
