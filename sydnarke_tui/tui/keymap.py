"""[keymap] in config.toml checked before the app starts: unknown ids and keys bound twice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding, BindingType


def _keys(b: Binding, keymap: Mapping[str, str]) -> list[str]:
    text = keymap.get(b.id, b.key) if b.id else b.key
    return [k.strip() for k in text.split(",") if k.strip()]


def _with_ids(bindings: Iterable[BindingType]) -> list[Binding]:
    """The Binding objects that have an id (only those can be rebound in [keymap])."""
    return [b for b in bindings if isinstance(b, Binding) and b.id]


def keymap_problems(keymap: Mapping[str, str], global_bindings: Iterable[BindingType],
                    scopes: Iterable[Iterable[BindingType]]) -> list[str]:
    """Swedish descriptions of what is wrong with `keymap` (empty: nothing).

    A scope is the bindings of one screen, dialog or widget; the app's own
    bindings apply in every scope. Two bindings in one scope on the same key
    are reported when the keymap put at least one of them there.
    """
    ours, in_scopes = _with_ids(global_bindings), [_with_ids(s) for s in scopes]
    known = {b.id for b in ours} | {b.id for s in in_scopes for b in s}
    problems = [f"okänt id '{k}'" for k in keymap if k not in known]
    for scope in [[], *in_scopes]:
        seen: dict[str, Binding] = {}
        for b in [*ours, *scope]:
            for key in _keys(b, keymap):
                other = seen.get(key)
                if other is not None and other.id != b.id and (b.id in keymap or other.id in keymap):
                    msg = f"'{key}' är bunden till både '{other.id}' och '{b.id}'"
                    if msg not in problems:
                        problems.append(msg)
                seen.setdefault(key, b)
    return problems
