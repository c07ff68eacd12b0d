"""The open case file as a screen holds it before there is a desk (`OpenFile`): its own
module, importing nothing of the storage, so that the sign-in window is up before the
database layer is loaded (the start imports it first)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hukou_desk.storage.database import Database


class OpenFile:
    """The open case file as a screen holds it where there is no desk yet (the sign-in, the
    first start) or no user at it (the lock screen): a handle to give back to the services,
    with nothing to read or write by — no engine, no session, no key. Who opened the file
    (the start) keeps the file itself, and closes it."""

    __slots__ = ("_database",)

    def __init__(self, database: Database) -> None:
        self._database = database

    def __repr__(self) -> str:
        return f"OpenFile({self._database.path.name})"


def database_of(file: OpenFile) -> Database:
    """The case file behind a screen's handle (for the services only)."""
    return file._database
