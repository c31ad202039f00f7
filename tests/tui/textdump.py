"""Plain-text dump of the current screen (for tests and debugging)."""


def screen_text(app) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join(s.text.rstrip() for s in strips)
