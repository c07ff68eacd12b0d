"""How strong a chosen password is, said in words, and the station's rule for accepting one.

A password guards the case file's key against whoever takes the disk (an offline attack: the
keyring's argon2id is the only brake), so the rule is about guesses, not character classes: at
least 12 characters, and at least "safely unguessable" by zxcvbn's estimate (score 3: more than
10^8 guesses, years at a second a guess) with the user's own name and the station's words
counted as already known to the attacker. `Admin123` and `password1` are among the first
guesses of any list (and too short); so is `password1234`. Its verdict is shown as the password
is typed, and the same rule refuses it below the screens (`storage.accounts.set_password`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zxcvbn import zxcvbn

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Text, text

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn: 3 "safely unguessable", over 10^8 guesses
_JUDGED = 72  # zxcvbn's own limit; characters beyond it only add strength
# Words an attacker of this desk tries first, whoever the user is.
_KNOWN = ("hukou", "hukoudesk", "desk", "jiangmen", "counter", "station", "police", "admin")


class WeakPassword(HukouDeskError):
    """A password the station's rule does not accept."""


@dataclass(frozen=True)
class Strength:
    """The verdict on a password as it is typed: acceptable or not, and why, in words."""

    score: int  # 0-4, zxcvbn's
    acceptable: bool
    verdict: Text


_SCORES = {
    0: text("非常弱：几次猜测即可破解", "Very weak: guessed within a few tries"),
    1: text("很弱：容易被猜中", "Weak: easy to guess"),
    2: text("较弱：还不够安全", "Fair, but not safe enough"),
    3: text("强度足够", "Strong enough"),
    4: text("很强", "Very strong"),
}

# zxcvbn's warnings and suggestions (English only in the library), in the desk's words.
_ZH = {
    "This is a top-10 common password.": "这是最常见的十个密码之一。",
    "This is a top-100 common password.": "这是最常见的一百个密码之一。",
    "This is a very common password.": "这是非常常见的密码。",
    "This is similar to a commonly used password.": "这与常用密码相似。",
    "A word by itself is easy to guess.": "单个词语很容易被猜中。",
    "Names and surnames by themselves are easy to guess.": "单独的姓名很容易被猜中。",
    "Common names and surnames are easy to guess.": "常见的姓名很容易被猜中。",
    "Straight rows of keys are easy to guess.": "键盘上连成一排的键很容易被猜中。",
    "Short keyboard patterns are easy to guess.": "简短的键盘图案很容易被猜中。",
    'Repeats like "aaa" are easy to guess.': "“aaa”这样的重复很容易被猜中。",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': (
        "“abcabcabc”这样的重复只比“abc”难猜一点。"
    ),
    'Sequences like "abc" or "6543" are easy to guess.': "“abc”“6543”这样的序列很容易被猜中。",
    "Recent years are easy to guess.": "近年的年份很容易被猜中。",
    "Dates are often easy to guess.": "日期通常很容易被猜中。",
    "Add another word or two. Uncommon words are better.": "再加一两个词，少见的词更好。",
    "Capitalization doesn't help very much.": "首字母大写帮助不大。",
    "All-uppercase is almost as easy to guess as all-lowercase.": "全部大写和全部小写一样容易猜。",
    "Reversed words aren't much harder to guess.": "倒写的词并不更难猜。",
    "Predictable substitutions like '@' instead of 'a' don't help very much.": (
        "用“@”代替“a”这类可预料的替换帮助不大。"
    ),
    "Use a longer keyboard pattern with more turns.": "键盘图案要更长、转折更多。",
    "Avoid repeated words and characters.": "避免重复的词和字符。",
    "Avoid sequences.": "避免序列。",
    "Avoid recent years.": "避免近年的年份。",
    "Avoid years that are associated with you.": "避免与您有关的年份。",
    "Avoid dates and years that are associated with you.": "避免与您有关的日期和年份。",
}


def _words(english: str) -> Text:
    return text(_ZH.get(english, english), english)


def judge(password: str, *, known: Iterable[str] = ()) -> Strength:
    """The verdict on `password`; `known`: the user's name, the station's name and code (an
    attacker's first guesses)."""
    if len(password) < MIN_LENGTH:
        return Strength(
            0,
            False,
            text(
                f"太短：{len(password)} 个字符，至少需要 {MIN_LENGTH} 个。",
                f"Too short: {len(password)} characters, at least {MIN_LENGTH} needed.",
            ),
        )
    if len(password) > MAX_LENGTH:
        return Strength(
            0,
            False,
            text(
                f"太长：最多 {MAX_LENGTH} 个字符。", f"Too long: at most {MAX_LENGTH} characters."
            ),
        )
    inputs = [*_KNOWN, *(word for word in known if word)]
    found = zxcvbn(password[:_JUDGED], user_inputs=inputs)
    score = int(found["score"])
    why = [found["feedback"]["warning"], *found["feedback"]["suggestions"][:1]]
    reasons = [_words(reason) for reason in why if reason]
    words = _SCORES[score]
    verdict = text(
        words.zh + "。" + "".join(r.zh for r in reasons),
        " ".join([words.en + ".", *(r.en for r in reasons)]),
    )
    return Strength(score, score >= MIN_SCORE, verdict)


def require_strong(password: str, *, known: Iterable[str] = ()) -> None:
    """Refuse a password the rule does not accept, saying why (the verdict's words)."""
    strength = judge(password, known=known)
    if not strength.acceptable:
        raise WeakPassword(
            text(
                f"密码不符合要求：{strength.verdict.zh}请用几个不常见的词组成更长的密码。",
                f"The password is not accepted: {strength.verdict.en} Make it longer, from "
                "a few uncommon words.",
            )
        )
