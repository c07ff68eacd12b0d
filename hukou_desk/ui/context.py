"""What every screen of a signed-in desk shares: the case file, the plan, the clerk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.text import Language
from hukou_desk.storage.database import Database
from hukou_desk.storage.models import User
from hukou_desk.ui.messages import Messages


@dataclass
class Context:
    database: Database
    policy: Policy
    calendar: WorkCalendar
    lang: Language
    messages: Messages
    user: User
    today: Callable[[], date] = field(default=date.today)

    @property
    def role(self) -> Role:
        return Role(self.user.role)
