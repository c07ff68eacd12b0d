"""One way for a widget to call a service (in the spirit of Anki's `aqt/operations`).

A short action (a sign-in's argon2id, a decision's transaction) is `act(...)`: it runs on the
screen's thread under the busy cursor. A long one (a slip, an export, a backup, the first
start's encryption) is `run(...)`: it goes to Qt's thread pool, a busy or progress dialog shows
while it runs, and the result (or the failure) comes back on the screen's thread; `wait(...)`
holds a caller that needs the result before going on, the screen live meanwhile.

Either way a failure is said in one place, `messages.in_words`: a refusal the clerk can act on
is shown as it is, a file the system refused with its reason, anything unexpected is logged
(type and code locations, never its text) and shown as an apology — on the desk's messages,
or on a dialog's problem line before there is a desk. The dialog always closes. Widgets write
no threads and no try/except around service calls of their own.

No cyclic garbage collection runs on a worker thread. Qt objects of the screen's thread end up
in garbage cycles (a closed desk's Messages, a sign-in dialog, an operation and the widget that
keeps it); a collection set off by a worker's allocations (a permit made on a 10,000-case
station reaches the oldest generation) destroyed them on the pool thread: the desk vanished.
While any worker runs, automatic collection is off and the screen's thread collects the young
generations on a timer; the screen's thread turns it back on when the last worker has reported.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6 import QtCore  # Qt.* looked up when used: its first use costs ~10 ms at start
from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from hukou_desk.ui.messages import Says

T = TypeVar("T")

# Operations in flight: kept alive here until they report back (Qt does not own them).
_RUNNING: set[Operation[Any]] = set()


class _WorkerDone(QObject):
    """Tells the screen's thread that a worker has finished (a queued signal)."""

    done = Signal()


class _Collector:
    """Automatic garbage collection held off while worker threads run (counted), with the
    young generations collected on the screen's thread meanwhile. Everything but `finished`
    runs on the screen's thread."""

    def __init__(self) -> None:
        self._workers = 0
        self._was_enabled = True
        self._timer: QTimer | None = None
        self._bridge: _WorkerDone | None = None

    def hold(self) -> None:
        """Before a worker is started."""
        self._workers += 1
        if self._workers == 1:
            self._was_enabled = gc.isenabled()
            gc.disable()
        if self._timer is None or self._bridge is None:
            self._timer = QTimer()
            self._timer.setInterval(1000)
            self._timer.timeout.connect(lambda: gc.collect(1))
            self._bridge = _WorkerDone()
            self._bridge.done.connect(self._release)
        self._timer.start()

    def finished(self) -> None:
        """On the worker's thread, as the last thing it does: the collector is turned back on
        by the screen's thread (on the worker, the first allocation after it would collect)."""
        assert self._bridge is not None
        self._bridge.done.emit()

    def _release(self) -> None:
        self._workers -= 1
        if self._workers == 0:
            assert self._timer is not None
            self._timer.stop()
            # Collected here first: the counts start from nothing, and what is left of the
            # worker's last lines (a few allocations) sets off no collection on its thread.
            gc.collect(1)
            if self._was_enabled:
                gc.enable()

    def held(self) -> bool:
        return self._workers > 0


COLLECTOR = _Collector()


class Job:
    """What the work sees of its operation: report progress, ask whether to stop."""

    def __init__(self, operation: Operation[Any]) -> None:
        self._operation = operation

    def progress(self, percent: int) -> None:
        self._operation.progressed.emit(percent)

    def cancelled(self) -> bool:
        return self._operation.cancel_requested


class _Runner(QRunnable):
    def __init__(self, operation: Operation[Any], work: Callable[[Job], Any]) -> None:
        super().__init__()
        self.operation = operation
        self.work = work

    def run(self) -> None:
        try:
            result = self.work(Job(self.operation))
        except BaseException as exc:  # delivered to the UI thread, never lost in the pool
            self.operation.failed_in_worker.emit(exc)
        else:
            self.operation.succeeded_in_worker.emit(result)
        finally:
            COLLECTOR.finished()


class Operation(QObject, Generic[T]):
    """A service call running in the background; `finished` once it reported back. Its
    failure is said to `messages`; without (`None`) it is left to `on_failure` or `wait`."""

    succeeded_in_worker = Signal(object)
    failed_in_worker = Signal(object)
    progressed = Signal(int)
    finished = Signal()

    def __init__(
        self,
        work: Callable[[Job], T],
        messages: Says | None,
        on_success: Callable[[T], object] | None,
        on_failure: Callable[[BaseException], object] | None,
        dialog: QProgressDialog | None,
    ) -> None:
        super().__init__()
        self.work = work
        self.messages = messages
        self.on_success = on_success
        self.on_failure = on_failure
        self.dialog = dialog
        self.cancel_requested = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self.succeeded_in_worker.connect(self._succeeded)
        self.failed_in_worker.connect(self._failed)
        if dialog is not None:
            self.progressed.connect(dialog.setValue)
            dialog.canceled.connect(self.cancel)

    def cancel(self) -> None:
        self.cancel_requested = True

    def start(self) -> Operation[T]:
        _RUNNING.add(self)
        if self.dialog is not None:
            self.dialog.setValue(0)
        COLLECTOR.hold()
        QThreadPool.globalInstance().start(_Runner(self, self.work))
        return self

    def _close(self) -> None:
        dialog, self.dialog = self.dialog, None
        # Its window may be gone before the work reports (closed while counting): the
        # dialog went with it, and there is nothing left to hide.
        if dialog is None or not shiboken6.isValid(dialog):
            return
        dialog.canceled.disconnect(self.cancel)
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    def _succeeded(self, result: T) -> None:
        self.result = result
        try:
            self._close()
            if self.on_success is not None:
                self.on_success(result)
        except Exception as exc:
            if self.messages is None:
                raise  # to the desk's hook for the unexpected
            self.messages.failed(exc)
        finally:
            self._done()

    def _failed(self, error: BaseException) -> None:
        self.error = error
        try:
            self._close()
            if self.messages is not None:
                self.messages.failed(error)
            if self.on_failure is not None:
                self.on_failure(error)
        finally:
            self._done()

    def _done(self) -> None:
        self.finished.emit()
        _RUNNING.discard(self)


def prepare(
    work: Callable[[Job], T],
    *,
    messages: Says | None,
    on_success: Callable[[T], object] | None = None,
    on_failure: Callable[[BaseException], object] | None = None,
    parent: QWidget | None = None,
    label: str | None = None,
    title: str | None = None,
    progress: bool = False,
    cancellable: bool = False,
    show_after_ms: int = 400,
) -> Operation[T]:
    """An operation ready to `start()`: `work(job)` off the UI thread, `on_success(result)`
    on the UI thread.

    With a `label`, a dialog says what is happening (after `show_after_ms`, so quick work
    does not flash one): a bar with `progress`, a busy bar without, a Cancel button with
    `cancellable` (the work reads `job.cancelled()`).
    """
    dialog = None
    if label is not None:
        dialog = QProgressDialog(parent)
        dialog.setObjectName("operationProgress")
        dialog.setLabelText(label)
        dialog.setRange(0, 100 if progress else 0)
        if cancellable:
            dialog.setCancelButtonText(QCoreApplication.translate("Operation", "Cancel"))
        else:
            dialog.setCancelButton(None)
        if title:
            dialog.setWindowTitle(title)
        dialog.setMinimumDuration(show_after_ms)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
    return Operation(work, messages, on_success, on_failure, dialog)


def run(work: Callable[[Job], T], *, messages: Says | None, **options: Any) -> Operation[T]:
    """`prepare(...)` and start it at once."""
    return prepare(work, messages=messages, **options).start()


def wait(operation: Operation[T]) -> T:
    """The operation's result once it has reported back — the screen's events served
    meanwhile, so its dialog shows and the window repaints — or its error raised here."""
    if operation in _RUNNING:
        loop = QEventLoop()
        operation.finished.connect(loop.quit)
        loop.exec()
    if operation.error is not None:
        raise operation.error
    return operation.result  # type: ignore[return-value]


@dataclass(frozen=True)
class Done(Generic[T]):
    """A short action that went through, and what it returned."""

    value: T


def act(work: Callable[[], T], *, messages: Says) -> Done[T] | None:
    """A short action on the screen's thread, under the busy cursor: `Done(result)`, or None
    when it failed — and then the failure is said (`messages.failed`)."""
    try:
        with busy():
            return Done(work())
    except Exception as exc:
        messages.failed(exc)
        return None


@contextmanager
def busy() -> Iterator[None]:
    """A short action on the UI thread (a sign-in's argon2id, a decision's transaction): the
    busy cursor shows at once, so a press is never met by a screen that seems dead."""
    QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def running() -> int:
    """How many operations have not reported back yet (the desk waits for them at quit)."""
    return len(_RUNNING)
