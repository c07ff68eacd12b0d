"""What every screen of a signed-in desk shares: the counter (case file and plan), the clerk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from hukou_desk.domain.calendar import WorkCalendar
from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.policy import Policy
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import Language
from hukou_desk.services.counter import Counter
from hukou_desk.ui.messages import Messages


@dataclass
class Context:
    counter: Counter
    lang: Language
    messages: Messages
    user: Clerk

    @property
    def role(self) -> Role:
        return Role(self.user.role)

    @property
    def policy(self) -> Policy:
        return self.counter.policy

    @property
    def calendar(self) -> WorkCalendar:
        return self.counter.calendar

    @property
    def today(self) -> Callable[[], date]:
        return self.counter.today
