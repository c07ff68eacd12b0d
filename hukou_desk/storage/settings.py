"""Typed station settings, kept in the `setting` table and checked when read and written."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, col, select

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text
from hukou_desk.storage import audit
from hukou_desk.storage.models import Setting

_PREFIX = "station."


class StationSettings(BaseModel):
    """What a supervisor may tune at a station; defaults suit a counter PC."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    backup_keep_days: int = Field(30, ge=1, le=3650)
    idle_lock_minutes: int = Field(10, ge=1, le=240)
    complaint_phone: str = Field("12345", max_length=32)


def load_settings(session: Session) -> StationSettings:
    rows = session.exec(select(Setting).where(col(Setting.key).startswith(_PREFIX))).all()
    values = {row.key.removeprefix(_PREFIX): row.value for row in rows}
    known = {k: v for k, v in values.items() if k in StationSettings.model_fields}
    try:
        return StationSettings.model_validate(known)
    except ValidationError:
        # A value edited outside the app: fall back to the defaults rather than refuse to start.
        return StationSettings()


def save_settings(session: Session, *, actor: str, **changes: object) -> StationSettings:
    current = load_settings(session)
    try:
        updated = StationSettings.model_validate({**current.model_dump(), **changes})
    except ValidationError as exc:
        field = ".".join(str(p) for p in exc.errors()[0]["loc"])
        raise HukouDeskError(
            text(f"设置“{field}”的值无效。", f"The setting '{field}' has an invalid value.")
        ) from None
    for key, value in updated.model_dump().items():
        session.merge(Setting(key=_PREFIX + key, value=str(value)))
    audit.record(
        session,
        actor=actor,
        action="settings.change",
        entity="station",
        entity_id="-",
        before=current.model_dump(),
        after=updated.model_dump(),
        detail={"changed": sorted(changes)},
    )
    return updated
