"""The station settings an administrator tunes: typed, defaulted, validated and audited.

They are the `station.*` rows of the `setting` table (declared, with every other row, in
`storage.registry`).
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlmodel import Session

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.staff import MIN_BACKUP_KEEP_DAYS
from hukou_desk.domain.staff import StationSettings as StationSettings  # the value, the domain's
from hukou_desk.domain.text import text
from hukou_desk.storage import audit, registry


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
