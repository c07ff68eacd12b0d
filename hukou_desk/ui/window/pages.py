"""A fixed tab whose screen is built when first opened: the desk's start builds only the screen
in front of the clerk (the case list); the pathway finder, the policy browser, the statistics,
the administration and the sync status are built, and read what they show, the first time
their tab is shown (or a menu or another screen asks for them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

Screen = TypeVar("Screen", bound=QWidget)


class LazyPage(QWidget, Generic[Screen]):
    """The page a tab holds; its screen is made by `build` on the page's first showing, or
    when `content()` is first asked for."""

    def __init__(self, build: Callable[[], Screen], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._screen: Screen | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._screen is not None

    def content(self) -> Screen:
        """The screen, built now if it was not yet."""
        if self._screen is None:
            screen = self._build()
            self._screen = screen
            self._layout.addWidget(screen)
            self.setFocusProxy(screen)  # the tab's focus goes to its screen
            if self.isVisible():
                screen.show()  # shown now, not on the next turn of the event loop
        return self._screen

    def showEvent(self, event: QShowEvent) -> None:
        self.content()
        super().showEvent(event)
