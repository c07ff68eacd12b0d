"""The life of a case: its states, who may move it where, and its statutory clock.

Enforced here, below the UI and the storage, so the command line, the importer and the GUI
obey the same rules: an illegal move or a clerk deciding their own case raises `LifecycleError`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from hukou_desk.domain.engine import RESULT_NAMES, Result
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Language, Text, text

if TYPE_CHECKING:  # only named here: the rules need no calendar loaded to say who may act
    from hukou_desk.domain.calendar import WorkCalendar


class LifecycleError(HukouDeskError):
    """A move the lifecycle forbids: wrong state, wrong role, or the maker checking themself."""


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class CaseStatus(StrEnum):
    DRAFT = "draft"
    NEEDS_DOCUMENTS = "needs_documents"
    SUBMITTED = "submitted"
    RECOMMENDED = "recommended"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


STATUS_TITLES: dict[CaseStatus, Text] = {
    CaseStatus.DRAFT: text("草稿", "draft"),
    CaseStatus.NEEDS_DOCUMENTS: text("待补正材料", "waiting for documents"),
    CaseStatus.SUBMITTED: text("已受理", "accepted"),
    CaseStatus.RECOMMENDED: text("待审批", "waiting for approval"),
    CaseStatus.APPROVED: text("已批准", "approved"),
    CaseStatus.REFUSED: text("不予批准", "refused"),
    CaseStatus.WITHDRAWN: text("已撤回", "withdrawn"),
    CaseStatus.CLOSED: text("已发证结案", "printed and closed"),
}

# The statutory clock runs while the station owes the applicant an answer; it pauses while the
# applicant supplies documents (reference §2: that time does not count).
CLOCK_RUNS = frozenset({CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED})
OPEN = frozenset(
    {
        CaseStatus.DRAFT,
        CaseStatus.NEEDS_DOCUMENTS,
        CaseStatus.SUBMITTED,
        CaseStatus.RECOMMENDED,
    }
)
DECIDED = frozenset({CaseStatus.APPROVED, CaseStatus.REFUSED})
# A case whose facts, people, document findings and scans the clerk may still change.
EDITABLE = frozenset({CaseStatus.DRAFT, CaseStatus.NEEDS_DOCUMENTS})


class DecisionKind(StrEnum):
    ENGINE = "engine"  # the engine's outcome, as it stood when recorded
    RECOMMENDATION = "recommendation"  # the clerk's
    APPROVAL = "approval"  # the supervisor's
    REFUSAL = "refusal"


class Action(StrEnum):
    SUBMIT = "submit"  # checks complete: the application is accepted (受理)
    REQUEST_DOCUMENTS = "request_documents"  # a notice to supply documents was issued
    RESUME = "resume"  # back to editing
    RECOMMEND = "recommend"  # the clerk's recommendation is recorded
    APPROVE = "approve"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"  # the applicant withdraws
    CLOSE = "close"  # the approval slip or refusal notice was printed and handed over


@dataclass(frozen=True)
class Transition:
    action: Action
    source: frozenset[CaseStatus]
    target: CaseStatus
    roles: frozenset[Role]


_ANYONE = frozenset(Role)
_DECIDERS = frozenset({Role.SUPERVISOR, Role.ADMIN})

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(
            Action.SUBMIT,
            frozenset({CaseStatus.DRAFT, CaseStatus.NEEDS_DOCUMENTS}),
            CaseStatus.SUBMITTED,
            _ANYONE,
        ),
        Transition(
            Action.REQUEST_DOCUMENTS,
            frozenset({CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RECOMMENDED}),
            CaseStatus.NEEDS_DOCUMENTS,
            _ANYONE,
        ),
        Transition(
            Action.RESUME,
            frozenset({CaseStatus.NEEDS_DOCUMENTS}),
            CaseStatus.DRAFT,
            _ANYONE,
        ),
        Transition(
            Action.RECOMMEND,
            frozenset({CaseStatus.SUBMITTED}),
            CaseStatus.RECOMMENDED,
            _ANYONE,
        ),
        Transition(
            Action.APPROVE,
            frozenset({CaseStatus.RECOMMENDED}),
            CaseStatus.APPROVED,
            _DECIDERS,
        ),
        Transition(
            Action.REFUSE,
            frozenset({CaseStatus.RECOMMENDED}),
            CaseStatus.REFUSED,
            _DECIDERS,
        ),
        Transition(Action.WITHDRAW, OPEN, CaseStatus.WITHDRAWN, _ANYONE),
        Transition(Action.CLOSE, DECIDED, CaseStatus.CLOSED, _ANYONE),
    )
}

_ACTION_NAMES: dict[Action, Text] = {
    Action.SUBMIT: text("受理", "accept"),
    Action.REQUEST_DOCUMENTS: text("通知补正材料", "request documents"),
    Action.RESUME: text("继续编辑", "resume editing"),
    Action.RECOMMEND: text("提出审核意见", "recommend"),
    Action.APPROVE: text("批准", "approve"),
    Action.REFUSE: text("不予批准", "refuse"),
    Action.WITHDRAW: text("撤回申请", "withdraw"),
    Action.CLOSE: text("发证结案", "close"),
}


def transition(
    status: CaseStatus,
    action: Action,
    *,
    actor: str,
    role: Role,
    makers: Collection[str] = (),
    credentials_from: str | None = None,
) -> CaseStatus:
    """The status after `action`, or a LifecycleError that says why not.

    `makers` are everyone who prepared the case (opened, revised, checked documents, submitted,
    recommended); `credentials_from` is who last set the acting account's password. A decision
    needs a pair of eyes that is neither (see `check_four_eyes`).
    """
    rule = TRANSITIONS[action]
    name = _ACTION_NAMES[action]
    if status not in rule.source:
        title = STATUS_TITLES[status]
        raise LifecycleError(
            text(
                f"案件处于“{title.zh}”状态，不能{name.zh}。",
                f"A case that is {title.en} cannot be given '{name.en}'.",
            )
        )
    if role not in rule.roles:
        raise LifecycleError(
            text(
                f"只有审批人可以{name.zh}。",
                f"Only a supervisor may {name.en}.",
            )
        )
    if action in (Action.APPROVE, Action.REFUSE):
        check_four_eyes(decider=actor, makers=makers, credentials_from=credentials_from)
    return rule.target


def check_four_eyes(*, decider: str, makers: Collection[str], credentials_from: str | None) -> None:
    """Maker-checker: whoever decides a case had no hand in preparing it, and does not act
    through an account whose password one of its makers set (and so knows)."""
    if decider in makers:
        raise LifecycleError(
            text(
                "经办人不能审批自己经手的案件，请交另一位审批人审批。",
                "Someone who prepared a case cannot decide it; another supervisor must.",
            )
        )
    if credentials_from is not None and credentials_from != decider and credentials_from in makers:
        raise LifecycleError(
            text(
                "该账号的密码由本案经办人设置，不能审批本案。请该账号先修改自己的密码，"
                "或交另一位审批人审批。",
                "This account's password was set by someone who prepared the case, so it "
                "cannot decide it. Change your own password first, or ask another supervisor.",
            )
        )


def departs_from_finding(finding: Result | None) -> bool:
    """Whether approving departs from the engine's finding on record (anything but eligible;
    a case with no finding recorded has none to depart from)."""
    return finding is not None and finding is not Result.ELIGIBLE


def check_approval_reason(finding: Result | None, reasons: str) -> None:
    """An approval the engine's finding does not support states the supervisor's own reason:
    it is recorded with the decision and printed on the approval (审批意见)."""
    if finding is not None and departs_from_finding(finding) and not reasons.strip():
        said = RESULT_NAMES[finding]
        raise LifecycleError(
            text(
                f"系统审查结论为“{said.zh}”。批准前请写明审批意见（准予迁入的理由），"
                "该意见将记录在案并印在准予迁入证明上。",
                f"The plan's finding is '{said.en}'. To approve, write your reason for "
                "approving; it is recorded and printed on the approval.",
            )
        )


def allowed_actions(status: CaseStatus) -> list[Action]:
    """What may happen next to a case in `status`, in the order a clerk would consider it."""
    return [a for a, t in TRANSITIONS.items() if status in t.source]


# --- the statutory clock -------------------------------------------------------------------

# The limits themselves (20 working days, 50 extended) are dated parameters of the plan's
# forms, read on the day the application was received: domain/time_limits.py.
NEAR_DEADLINE_DAYS = 3  # working days left at which a case is listed as close to its limit


@dataclass(frozen=True)
class Clock:
    """The working days a case has used of its limit.

    `used` counts only days the clock ran (accepted, not waiting for the applicant);
    `running_since` is the day the current run began, or None while paused or stopped.
    """

    limit: int  # working days: the investigation's, or the extended one
    used: int = 0
    running_since: date | None = None

    def start(self, day: date) -> Clock:
        return Clock(self.limit, self.used, day)

    def pause(self, day: date, calendar: WorkCalendar) -> Clock:
        if self.running_since is None:
            return self
        return Clock(self.limit, self.used + calendar.between(self.running_since, day), None)

    def extendable(self, to: int) -> bool:
        """Whether the limit may be raised to `to` working days now."""
        return self.running_since is not None and self.limit < to

    def extend(self, to: int) -> Clock:
        """The limit raised to `to` working days (the extended limit in force for the case):
        once, and only while the clock runs."""
        if self.running_since is None:
            raise LifecycleError(
                text(
                    "办理期限只能在计时期间延长（已受理、待审批的案件）。",
                    "A time limit can be extended only while its clock runs "
                    "(accepted or waiting for approval).",
                )
            )
        if self.limit >= to:
            raise LifecycleError(
                text(
                    f"本案的办理期限已延长至 {self.limit} 个工作日，不能再次延长。",
                    f"This case's limit is already {self.limit} working days; "
                    "it can be extended only once.",
                )
            )
        return Clock(to, self.used, self.running_since)

    def deadline(self, calendar: WorkCalendar) -> date | AwaitingCalendar | None:
        """The last working day of the limit while the clock runs; AwaitingCalendar when it
        falls in (or beyond) a year whose calendar is not installed; None while paused."""
        from hukou_desk.domain.calendar import CalendarNotInstalled

        if self.running_since is None:
            return None
        try:
            return calendar.add(self.running_since, self.limit - self.used)
        except CalendarNotInstalled as missing:
            return AwaitingCalendar(missing.year)

    def due(self, calendar: WorkCalendar) -> date | None:
        """The deadline as stored: a day, or None (paused, or awaiting the calendar)."""
        found = self.deadline(calendar)
        return found if isinstance(found, date) else None


@dataclass(frozen=True)
class AwaitingCalendar:
    """A deadline that cannot be counted yet: it needs the working-day calendar of `year`,
    which is not installed. Shown as such, never guessed as Monday to Friday."""

    year: int

    @property
    def label(self) -> Text:
        return text(f"待日历（{self.year}年未安装）", f"calendar for {self.year} not installed")


def stored_deadline(
    status: CaseStatus, due_on: date | None, calendar: WorkCalendar, since: date
) -> date | AwaitingCalendar | None:
    """A case's deadline from what a list row stores: a running clock with no stored day
    awaits the first year from `since` (its clock's start, or its receipt) not installed."""
    if due_on is not None or status not in CLOCK_RUNS:
        return due_on
    return AwaitingCalendar(calendar.first_missing_year(since))


def deadline_text(due: date | AwaitingCalendar | None, lang: Language) -> str:
    """A deadline as a person reads it: the day, what it awaits, or nothing."""
    if isinstance(due, AwaitingCalendar):
        return due.label(lang)
    return due.isoformat() if due else ""


def clock_after(
    clock: Clock, before: CaseStatus, after: CaseStatus, day: date, calendar: WorkCalendar
) -> Clock:
    """The clock once a case moved from `before` to `after` on `day`."""
    if before not in CLOCK_RUNS and after in CLOCK_RUNS:
        return clock.start(day)
    if before in CLOCK_RUNS and after not in CLOCK_RUNS:
        return clock.pause(day, calendar)
    return clock


class Urgency(StrEnum):
    ON_TIME = "on_time"
    NEAR = "near"
    OVERDUE = "overdue"


def urgency(due: date, today: date, calendar: WorkCalendar) -> Urgency:
    if today > due:
        return Urgency.OVERDUE
    if calendar.between(today, due) <= NEAR_DEADLINE_DAYS:
        return Urgency.NEAR
    return Urgency.ON_TIME
