"""The station's password rule: 12 characters and zxcvbn's "safely unguessable", in words."""

from __future__ import annotations

import pytest

from hukou_desk.domain.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    WeakPassword,
    judge,
    require_strong,
)


@pytest.mark.parametrize("password", ["Admin123", "password1", "Short-1"])
def test_a_short_password_is_refused_for_its_length(password):
    verdict = judge(password)
    assert not verdict.acceptable
    assert verdict.verdict.en == (
        f"Too short: {len(password)} characters, at least {MIN_LENGTH} needed."
    )
    assert verdict.verdict.zh == f"太短：{len(password)} 个字符，至少需要 {MIN_LENGTH} 个。"


def test_a_common_password_made_long_is_still_refused_and_said_why():
    verdict = judge("password1234")
    assert (verdict.score, verdict.acceptable) == (1, False)
    assert verdict.verdict.en == (
        "Weak: easy to guess. This is a very common password. Add another word or two. "
        "Uncommon words are better."
    )
    assert verdict.verdict.zh == (
        "很弱：容易被猜中。这是非常常见的密码。再加一两个词，少见的词更好。"
    )


def test_a_keyboard_row_and_a_fair_password_are_refused():
    assert not judge("qwertyuiop12").acceptable
    fair = judge("Counter-2026")  # 12 characters, a word and a year
    assert (fair.score, fair.acceptable) == (2, False)
    assert fair.verdict.en.startswith("Fair, but not safe enough.")


def test_a_few_uncommon_words_are_accepted():
    verdict = judge("Baisha-lake-Ferry-42")
    assert verdict.acceptable and verdict.verdict.en == "Very strong."
    assert verdict.verdict.zh == "很强。"


def test_what_the_attacker_knows_weakens_a_password():
    assert judge("Zhuoyuanxiaoqing-2026").acceptable
    assert not judge("Zhuoyuanxiaoqing-2026", known=["Zhuoyuanxiaoqing", ""]).acceptable


def test_a_password_beyond_the_limit_is_refused():
    assert judge("Baisha-lake-" * 6).acceptable  # 72 characters: judged whole
    too_long = judge("x" * (MAX_LENGTH + 1))
    assert not too_long.acceptable and "at most" in too_long.verdict.en


def test_an_unknown_warning_stays_in_english():
    from hukou_desk.domain.passwords import _words

    assert _words("Something new.").zh == "Something new."


def test_require_strong_refuses_in_both_languages():
    require_strong("Baisha-lake-Ferry-42")
    with pytest.raises(WeakPassword) as refused:
        require_strong("password1234")
    assert refused.value.message.en.startswith("The password is not accepted: Weak:")
    assert refused.value.message.en.endswith("Make it longer, from a few uncommon words.")
    assert refused.value.message.zh.startswith("密码不符合要求：很弱")
