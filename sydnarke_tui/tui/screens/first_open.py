"""A screen mixin: no second styling of every node when a screen is shown for the first time.

Textual restyles a screen's whole tree on each ScreenResume (twice on a mode's first
switch), though a screen shown for the first time was styled when its nodes were
mounted, with the app's CSS as it is now. Until the screen is first left, its resumes
keep those styles; every later resume restyles as Textual does (the theme or focus may
have changed meanwhile).
"""

from __future__ import annotations

from textual import events


class StyledOnce:
    _left_once = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (earlier in the MRO), which reads the flag.
        if not self._left_once:
            event.refresh_styles = False

    def _on_screen_suspend(self) -> None:
        self._left_once = True
