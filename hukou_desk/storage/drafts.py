"""The new-case wizard's autosave: what a clerk typed, kept until it is saved into its case.

Scratch, not record: not audited and never exported; only the clerk who typed it sees it. The
case itself changes only through `cases`, at the steps the clerk completes.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, col, select

from hukou_desk.storage.models import IntakeDraft, User, utc_now


def keep(
    session: Session,
    *,
    user: User,
    draft_id: uuid.UUID,
    step: int,
    data: dict[str, Any],
    case_id: uuid.UUID | None = None,
) -> IntakeDraft:
    """Save the wizard's state under `draft_id` (created on first save)."""
    draft = session.get(IntakeDraft, draft_id)
    if draft is None:
        draft = IntakeDraft(id=draft_id, user_id=user.id, updated_at=utc_now())
    draft.step, draft.data, draft.case_id = step, data, case_id
    draft.updated_at = utc_now()
    session.add(draft)
    return draft


def unfinished(session: Session, *, user: User) -> list[IntakeDraft]:
    """The user's kept wizard states, the latest first."""
    return list(
        session.exec(
            select(IntakeDraft)
            .where(IntakeDraft.user_id == user.id)
            .order_by(col(IntakeDraft.updated_at).desc())
        )
    )


def for_case(session: Session, *, user: User, case_id: uuid.UUID) -> IntakeDraft | None:
    return session.exec(
        select(IntakeDraft).where(IntakeDraft.user_id == user.id, IntakeDraft.case_id == case_id)
    ).first()


def discard(session: Session, draft_id: uuid.UUID) -> None:
    draft = session.get(IntakeDraft, draft_id)
    if draft is not None:
        session.delete(draft)
