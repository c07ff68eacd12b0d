"""Who works at the desk, and for how long: the lock after the station's idle time, the
password change, signing out.

Locking hides the desk without closing anything, so whatever the clerk had typed is there
again after the password.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QStackedWidget, QWidget

from hukou_desk.services import staff
from hukou_desk.ui.context import Context
from hukou_desk.ui.login import LockScreen

if TYPE_CHECKING:
    from hukou_desk.ui.window.tabs import CaseTabs

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)


class IdleWatch(QObject):
    """Calls `on_idle` after `minutes` without a key press or a mouse movement."""

    def __init__(self, minutes: int, on_idle: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(on_idle)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.timer.start()
        return False


class DeskSession(QObject):
    """The signed-in user's session on a window: `stack` shows the desk (`tabs`) or, locked,
    the lock screen; `menus_enabled(False)` while locked."""

    sign_out_requested = Signal()
    locked_changed = Signal(bool)

    def __init__(
        self, context: Context, stack: QStackedWidget, tabs: CaseTabs, window: QWidget
    ) -> None:
        super().__init__(window)
        self.context = context
        self.stack = stack
        self.tabs = tabs
        self.window = window
        self.locked = False
        self.lock_screen = LockScreen(context.counter.file, context.lang)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.quit_requested.connect(window.close)
        stack.addWidget(self.lock_screen)
        minutes = staff.settings(context.counter, context.user).idle_lock_minutes
        self.idle = IdleWatch(minutes, self.lock, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)

    def lock(self) -> None:
        if self.locked:
            return
        self.tabs.autosave_all()
        self.locked = True
        self.locked_changed.emit(True)
        self.lock_screen.lock(self.context.user.username, self.context.user.display_name)
        self.stack.setCurrentWidget(self.lock_screen)

    def unlock(self) -> None:
        self.locked = False
        self.locked_changed.emit(False)
        self.stack.setCurrentWidget(self.tabs)
        self.idle.timer.start()

    def apply_settings(self, idle_lock_minutes: int) -> None:
        """Settings the administrator saved take effect at once, not at the next start."""
        self.idle.timer.setInterval(idle_lock_minutes * 60_000)
        self.idle.timer.start()

    def end(self) -> None:
        """The window closes: everything typed kept, the idle watch gone."""
        self.tabs.autosave_all()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.idle.timer.stop()

    def sign_out(self) -> None:
        """Hand the desk over: everything typed is kept, the next person signs in."""
        self.tabs.autosave_all()
        self.sign_out_requested.emit()

    def change_password(self) -> QDialog:
        from hukou_desk.ui.login import ChangePasswordDialog

        context = self.context
        dialog = ChangePasswordDialog(context.counter.file, context.user, context.lang, self.window)
        dialog.accepted.connect(lambda: context.messages.info(self.tr("Your password is changed.")))
        dialog.open()
        return dialog
