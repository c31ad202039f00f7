"""What an import would do: the changed year and a readable list of changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.model import Year


@dataclass
class ImportPlan:
    """The result of planning an import; nothing is stored until the caller saves `year`.

    `year` is a deep copy of the input year with the changes applied;
    `changes` are Swedish lines for `--dry-run` and the audit log;
    `reconciliation` (SIE only) compares mapped sums with the file's totals;
    `warnings` are things the user should look at (ignored columns, guessed kinds);
    `new_lines` names the lines the import would add ("Driftredovisning › X"),
    to be shown before anything is saved.
    """

    year: Year
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reconciliation: list[str] = field(default_factory=list)
    new_lines: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)
