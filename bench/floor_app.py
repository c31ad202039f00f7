"""The floor: the smallest Textual app that does what a keystroke in sydnarke-tui does,
one Input and one Static updated on every change. Run as a script by the benchmark."""

from textual.app import App
from textual.widgets import Input, Static


class Floor(App):
    def compose(self):
        yield Input(id="i")
        yield Static("READY", id="s")

    def on_mount(self) -> None:
        self.animation_level = "none"
        self.query_one(Input).cursor_blink = False
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#s", Static).update(f"Värde: {event.value}")


if __name__ == "__main__":
    Floor().run()
