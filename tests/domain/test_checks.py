import pytest

from hukou_desk.domain.checks import CheckState, FindingRefused, settle_finding

QUESTIONS = ("names_match", "seal_present")


def test_verified_needs_every_question_answered_yes():
    answers = {"names_match": True, "seal_present": True}
    assert settle_finding(CheckState.VERIFIED, questions=QUESTIONS, answers=answers, note="") is (
        CheckState.VERIFIED
    )


def test_a_no_answer_makes_a_verified_finding_a_mismatch():
    answers = {"names_match": False, "seal_present": True}
    assert settle_finding(CheckState.VERIFIED, questions=QUESTIONS, answers=answers, note="") is (
        CheckState.MISMATCH
    )
    assert (
        settle_finding(CheckState.VERIFIED, questions=QUESTIONS, answers=answers, note="  ")
        is CheckState.MISMATCH
    )


def test_a_no_answer_with_the_clerks_reason_may_stay_verified():
    answers = {"names_match": False, "seal_present": True}
    note = "曾用名，已核对户口簿"
    assert settle_finding(CheckState.VERIFIED, questions=QUESTIONS, answers=answers, note=note) is (
        CheckState.VERIFIED
    )


def test_verified_with_an_unanswered_question_is_refused():
    with pytest.raises(FindingRefused, match="Answer every check question"):
        settle_finding(
            CheckState.VERIFIED, questions=QUESTIONS, answers={"names_match": True}, note="x"
        )


@pytest.mark.parametrize("state", [s for s in CheckState if s is not CheckState.VERIFIED])
def test_other_findings_do_not_depend_on_the_answers(state):
    assert settle_finding(state, questions=QUESTIONS, answers={}, note="") is state
