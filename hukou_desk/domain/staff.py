"""Who may do what at a station: the rules for staff accounts and station settings.

The counter's roles are fixed (clerk, supervisor, administrator); administrators alone manage
accounts and settings, nobody disables their own account, and a station always keeps one
usable administrator, or nobody could ever manage it again.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.regions import region_name
from hukou_desk.domain.text import Text, text


class NotPermitted(HukouDeskError):
    """An action the acting user's role, or their own account, does not allow."""


ROLE_NAMES: dict[Role, Text] = {
    Role.CLERK: text("经办人", "clerk"),
    Role.SUPERVISOR: text("审批人", "supervisor"),
    Role.ADMIN: text("管理员", "administrator"),
}


def require_role(role: Role, allowed: Collection[Role], what: Text) -> None:
    """Refuse `what` unless `role` is one of `allowed`."""
    if role in allowed:
        return
    names = sorted(allowed, key=list(Role).index)
    zh = "或".join(ROLE_NAMES[r].zh for r in names)
    en = " or ".join(ROLE_NAMES[r].en for r in names)
    raise NotPermitted(
        text(
            f"只有{zh}可以{what.zh}。",
            f"Only a{'n' if en[0] in 'aeiou' else ''} {en} may {what.en}.",
        )
    )


@dataclass(frozen=True)
class Clerk:
    """Who is signed in at the desk, as the screens see them: a value, not the account's row.

    It carries no rights of its own: every service loads the account as stored now from `id`
    (a disabled or locked account is refused even to a desk still showing its name)."""

    id: uuid.UUID
    username: str
    display_name: str
    role: Role


MANAGE_STAFF = text("管理账号和本所设置", "manage accounts and station settings")


def check_account_change(
    *,
    actor: str,
    target: str,
    target_role: Role,
    target_active: bool,
    disabling: bool,
    other_active_admins: int,
) -> None:
    """Refuse disabling oneself, or the last active administrator."""
    if not disabling:
        return
    if actor == target:
        raise NotPermitted(text("不能停用自己的账号。", "You cannot disable your own account."))
    if target_role is Role.ADMIN and target_active and other_active_admins == 0:
        raise NotPermitted(
            text(
                "这是本所最后一个可用的管理员账号，不能停用。",
                "This is the station's last active administrator; it cannot be disabled.",
            )
        )


MIN_BACKUP_KEEP_DAYS = 30  # the station's retention: an administrator may lengthen it only


def check_backup_retention(*, keep_days: int, station_keep_days: int) -> None:
    """Backups are removed by the station's retention rule alone: a backup taken by hand may
    keep the old ones longer, never remove them sooner (whoever asks)."""
    if keep_days < station_keep_days:
        raise NotPermitted(
            text(
                f"备份只按本所的保留期限删除（{station_keep_days} 天）：不能改为更短的 "
                f"{keep_days} 天。",
                f"Backups are removed only by the station's retention ({station_keep_days} "
                f"days): a shorter one ({keep_days}) is refused.",
            )
        )


def check_jurisdiction(*, station_district: str, destination_district: str | None) -> None:
    """A station takes applications to move into its own district only (the clerk is told
    where the applicant should go instead)."""
    if destination_district is None or destination_district == station_district:
        return
    here, there = region_name(station_district), region_name(destination_district)
    raise NotPermitted(
        text(
            f"本所只受理迁入{here}的申请；迁入{there}的申请，请申请人到{there}的派出所办理。",
            f"This station takes applications to move into {station_district} ({here}) only; "
            f"for {destination_district} ({there}) the applicant applies at a station there.",
        )
    )


class DeciderKey(Enum):
    """Where a decider's own signing key stands (`storage.enrolment`)."""

    NOT_HELD = "not_held"  # no key of theirs is open on this desk
    NOT_ENROLLED = "not_enrolled"  # theirs, but the centre has not enrolled it
    ENROLLED = "enrolled"


def why_key_cannot_decide(state: DeciderKey) -> Text | None:
    """A decision is signed with the decider's own key, which the centre must know: why not
    yet, in words, or None."""
    if state is DeciderKey.NOT_HELD:
        return text(
            "您的签名密钥未在本机打开，不能作出决定：请退出后用自己的密码重新登录。",
            "Your signing key is not open on this desk, so you cannot decide: sign out and "
            "sign in again with your own password.",
        )
    if state is DeciderKey.NOT_ENROLLED:
        return text(
            "您的签名密钥尚未经中心登记，不能作出决定：请管理员把您的登记申请交中心登记。",
            "Your signing key is not enrolled by the centre yet, so you cannot decide: the "
            "administrator sends your enrolment request to the centre.",
        )
    return None


def check_decider_key(state: DeciderKey) -> None:
    reason = why_key_cannot_decide(state)
    if reason is not None:
        raise NotPermitted(reason)


class StationSettings(BaseModel):
    """What an administrator may tune at a station; defaults suit a counter PC. A value:
    storage reads and writes it (`storage.settings`), the screens show it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

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
