"""The application object, made cheaply: the shipped font, the focus ring and the rules of the
wheel and the keyboard (`inputs`), no desk yet."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from hukou_desk.ui import focus, inputs
from hukou_desk.ui.i18n import register_font


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("hukou-desk")
    app.setApplicationName("hukou-desk")
    register_font(app)
    focus.install(app)
    inputs.install(app)
    return app
