from __future__ import annotations

from .textdump import screen_text  # noqa: F401


async def settle(pilot, t: float = 0.05) -> None:
    await pilot.pause(t)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(t)


def focused_field_key(app) -> str | None:
    f = app.focused
    return None if f is None or not f.id else f.id.removeprefix("input-")


async def tab_to(pilot, key: str, limit: int = 20) -> None:
    """Press tab until the input of field `key` has focus (as a user would)."""
    for _ in range(limit):
        if focused_field_key(pilot.app) == key:
            return
        await pilot.press("tab")
    raise AssertionError(f"field {key} not reached; focus on {pilot.app.focused}")


async def open_row(pilot, screen_key: str, row: int) -> None:
    """Go to a screen, down to the row, and Enter into its editor."""
    await pilot.press(screen_key)
    await settle(pilot)
    for _ in range(row):
        await pilot.press("down")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def down_to(pilot, table, key: str, limit: int = 40) -> None:
    """Press Down in `table` until the row `key` is selected (as a user would)."""
    for _ in range(limit):
        if table.current_key() == key:
            return
        await pilot.press("down")
    raise AssertionError(f"row {key} not reached; cursor on {table.current_key()}")


async def open_indicator_outcome(pilot, row: int = 1) -> None:
    """Mål och indikatorer, go down to the row, Enter into the form, tab to Utfall."""
    await open_row(pilot, "f3", row)
    await tab_to(pilot, "outcome")
    await pilot.press("ctrl+e", "ctrl+u")  # end of field, delete to start (Input keys)


def panel(app, wid: str) -> str:
    from sydnarke_tui.tui.widgets import LinePanel, LiveStatic

    node = app.screen.query_one(f"#{wid}")
    if isinstance(node, LinePanel):
        return node.plain
    if isinstance(node, LiveStatic):
        return node._key[0] if node._key else ""
    return "".join(w.plain for w in node.query(LinePanel))
