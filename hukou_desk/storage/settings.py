"""The station settings an administrator tunes: typed, defaulted, validated and audited.

They are the `station.*` rows of the `setting` table (declared, with every other row, in
`storage.registry`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.staff import MIN_BACKUP_KEEP_DAYS
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, registry


class StationSettings(BaseModel):
    """What a supervisor may tune at a station; defaults suit a counter PC."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # Lengthened by an administrator, never below 30 days (`domain.staff`).
    backup_keep_days: int = Field(MIN_BACKUP_KEEP_DAYS, ge=MIN_BACKUP_KEEP_DAYS, le=3650)
    idle_lock_minutes: int = Field(10, ge=1, le=240)
    complaint_phone: str = Field("12345", max_length=32)
    # Named on a refusal notice; empty: the people's government and court of the station's
    # county-level unit.
    review_body: str = Field("", max_length=64)
    court: str = Field("", max_length=64)
    # The counter's identity-card reader (README: connecting a reader): none, the simulated
    # one (cards from a folder), or a vendor library of the termb or SAM (sdtapi) family at
    # the path given, never shipped with the desk. Port 0: the USB ports 1001-1016 in turn.
    card_reader: Literal["none", "simulated", "termb", "sdtapi"] = "none"
    card_reader_library: str = Field("", max_length=400)
    card_reader_port: int = Field(0, ge=0, le=9999)
    card_photo_library: str = Field("", max_length=400)  # the SAM family's WLT decoder
    # The document camera (高拍仪, a USB video device) through Qt Multimedia, or generated
    # pages (training, demonstrations); files can always be added.
    document_camera: Literal["camera", "simulated", "none"] = "camera"


def load_settings(session: Session) -> StationSettings:
    values = registry.members(session, registry.STATION_SETTINGS)
    known: dict[str, object] = {
        k: v for k, v in values.items() if k in StationSettings.model_fields
    }
    kept = known.get("backup_keep_days")
    if isinstance(kept, (int, str)) and str(kept).isdigit() and int(kept) < MIN_BACKUP_KEEP_DAYS:
        # Shortened before the 30-day floor: read as the floor, the other settings kept.
        known["backup_keep_days"] = MIN_BACKUP_KEEP_DAYS
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
        registry.put(session, registry.STATION_SETTINGS.entry(key), str(value))  # validated
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
