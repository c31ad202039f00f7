"""The dead-code check (vulture in .ci/run) whitelists only names a framework uses by convention."""

import ast
import re
from pathlib import Path

WHITELIST = Path(__file__).resolve().parent.parent / ".ci" / "vulture_whitelist.py"
# Textual calls these by their name: a message's handler, a binding's action, a reactive's watcher.
HANDLER = re.compile(r"_?on_\w+|action_\w+|watch_\w+")


def _framework_objects() -> list[object]:
    """Where a whitelisted name that is no handler must be found: Textual's classes our classes extend
    (an App instance: some attributes exist only from __init__), Rich's and python-docx's objects."""
    from docx.dml.color import ColorFormat
    from docx.opc.coreprops import CoreProperties
    from docx.section import Section
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from docx.text.parfmt import ParagraphFormat
    from rich.text import Text
    from html.parser import HTMLParser

    from textual import events
    from textual.app import App
    from textual.filter import LineFilter
    from textual.message import Message
    from textual.screen import Screen
    from textual.scroll_view import ScrollView
    from textual.widget import Widget
    from textual.widgets import OptionList

    return [App(), Screen, Widget, ScrollView, OptionList, Message, LineFilter,
            Text, Section, ParagraphFormat, Paragraph, Table, ColorFormat, CoreProperties,
            events.ScreenResume(), HTMLParser]


def test_the_vulture_whitelist_holds_only_framework_names():
    names = [node.attr for node in ast.walk(ast.parse(WHITELIST.read_text(encoding="utf-8")))
             if isinstance(node, ast.Attribute)]
    assert len(names) > 50  # the file was read
    objects = _framework_objects()
    ours = [n for n in names if not HANDLER.fullmatch(n) and not any(hasattr(o, n) for o in objects)]
    assert ours == [], "not a framework's name: code nothing calls is removed, not whitelisted"
