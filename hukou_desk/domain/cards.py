"""What the desk makes of an identity card read at the counter: its standing on a day, and
what disagrees (the number's check character, the birth date and sex the number encodes).

An approval permit is valid for `warn_days` (forms/slips.toml, 40): a card that ends within
them would leave the applicant without a valid card while the permit runs, so it is said.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from hukou_desk.domain.errors import InvalidIdentityNumber
from hukou_desk.domain.identity import parse_identity_number
from hukou_desk.domain.text import Text, text


class CardStanding(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"  # ends within the permit's days
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"


def card_standing(
    valid_from: date, valid_until: date | None, *, today: date, warn_days: int
) -> CardStanding:
    if valid_from > today:
        return CardStanding.NOT_YET_VALID
    if valid_until is None:  # long-term (长期)
        return CardStanding.VALID
    if valid_until < today:
        return CardStanding.EXPIRED
    if valid_until <= today + timedelta(days=warn_days):
        return CardStanding.EXPIRING
    return CardStanding.VALID


def standing_problem(
    standing: CardStanding, valid_from: date, valid_until: date | None, warn_days: int
) -> Text | None:
    """The card's dates in words when they stand in the way; None when the card is valid."""
    if standing is CardStanding.EXPIRED:
        return text(
            f"证件已于{valid_until}过期：请申请人先换领证件，或以临时身份证办理。",
            f"The card expired on {valid_until}: the applicant renews it first, or comes "
            "with a temporary identity card.",
        )
    if standing is CardStanding.EXPIRING:
        return text(
            f"证件将于{valid_until}到期，早于准迁证明的{warn_days}日有效期届满：请提醒申请人及时换领。",
            f"The card ends on {valid_until}, within the permit's {warn_days} days: remind the "
            "applicant to renew it in time.",
        )
    if standing is CardStanding.NOT_YET_VALID:
        return text(
            f"证件有效期自{valid_from}起，尚未生效：请人工核验证件。",
            f"The card is valid only from {valid_from}: inspect it by hand.",
        )
    return None


def number_problems(number: str, *, sex: str, birth_date: date | None, today: date) -> list[Text]:
    """The number's own check (GB 11643), and whether the card's sex and birth date are the
    ones the number encodes."""
    try:
        parsed = parse_identity_number(number, today=today)
    except InvalidIdentityNumber as exc:
        return [text(f"证件号码有误：{exc.message.zh}", f"The card's number: {exc.message.en}")]
    problems = []
    if birth_date is not None and parsed.birth_date != birth_date:
        problems.append(
            text(
                f"证件出生日期{birth_date}与号码中的{parsed.birth_date}不符。",
                f"The card's birth date {birth_date} is not the {parsed.birth_date} in its number.",
            )
        )
    if sex and parsed.sex != sex:
        problems.append(text("证件性别与号码不符。", "The card's sex disagrees with its number."))
    return problems
