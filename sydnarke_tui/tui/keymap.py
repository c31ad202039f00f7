"""[keymap] in config.toml checked before the app starts: unknown ids and keys bound twice."""

from __future__ import annotations

from textual.binding import Binding


def _keys(b: Binding, keymap: dict[str, str]) -> list[str]:
    text = keymap.get(b.id, b.key) if b.id else b.key
    return [k.strip() for k in text.split(",") if k.strip()]


def keymap_problems(keymap: dict[str, str], global_bindings: list, scopes: list[list]) -> list[str]:
    """Swedish descriptions of what is wrong with `keymap` (empty: nothing).

    A scope is the bindings of one screen, dialog or widget; the app's own
    bindings apply in every scope. Two bindings in one scope on the same key
    are reported when the keymap put at least one of them there.
    """
    known = {b.id for b in global_bindings if b.id} | {b.id for s in scopes for b in s if b.id}
    problems = [f"okänt id '{k}'" for k in keymap if k not in known]
    for scope in [[]] + scopes:
        seen: dict[str, Binding] = {}
        for b in [*global_bindings, *scope]:
            if not isinstance(b, Binding) or not b.id:
                continue
            for key in _keys(b, keymap):
                other = seen.get(key)
                if other is not None and other.id != b.id and (b.id in keymap or other.id in keymap):
                    msg = f"'{key}' är bunden till både '{other.id}' och '{b.id}'"
                    if msg not in problems:
                        problems.append(msg)
                seen.setdefault(key, b)
    return problems
