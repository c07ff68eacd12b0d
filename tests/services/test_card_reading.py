"""Reading a card at the counter: the reading, its audit, keeping it with the case."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from sqlmodel import select

from hukou_desk.devices.cards import Card, CardFault, CardKind, Fault
from hukou_desk.devices.simulated import SimulatedReader
from hukou_desk.domain.cards import CardStanding
from hukou_desk.services import cards, staff
from hukou_desk.storage import attachments
from hukou_desk.storage.models import AuditEvent, CardRead
from tests.services.conftest import APPLICANT, open_spouse_case


def card(**changes: object) -> Card:
    values: dict[str, object] = {
        "kind": CardKind.RESIDENT,
        "name": "陈小明",
        "sex": "female",
        "ethnicity": "01",
        "birth_date": date(1990, 1, 1),
        "address": "广东省恩平市恩城街道新平路3号",
        "number": APPLICANT,
        "authority": "恩平市公安局",
        "valid_from": date(2015, 3, 1),
        "valid_until": date(2035, 3, 1),
    }
    values.update(changes)
    return Card(**values)  # type: ignore[arg-type]


def bmp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (102, 126), (200, 180, 160)).save(out, format="BMP")
    return out.getvalue()


def events(counter, action):
    with counter.database.read() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_read_fills_the_record_and_is_audited_without_personal_data(counter, people):
    counter.reader = SimulatedReader([card(photo=bmp())])
    reading = cards.read_card(counter, people["clerk"], party="applicant")
    assert (reading.name, reading.number, reading.ethnicity) == ("陈小明", APPLICANT, "01")
    assert reading.standing is CardStanding.VALID and reading.problems == ()
    assert reading.registrable
    assert reading.photo is not None and reading.photo.startswith(b"\x89PNG")
    (event,) = events(counter, "card.read")
    recorded = str(event.detail) + str(event.entity_id)
    assert "2035-03-01" in recorded and "resident" in recorded
    assert APPLICANT not in recorded and "陈小明" not in recorded


def test_kept_with_the_case_the_photo_is_sealed_and_reads_back(counter, people):
    clerk = people["clerk"]
    ref = open_spouse_case(counter, clerk)
    counter.reader = SimulatedReader([card(photo=bmp())])
    reading = cards.read_card(counter, clerk, party="applicant")
    cards.keep(counter, clerk, case_id=ref.id, reading=reading)
    (kept,) = cards.kept(counter, clerk, case_id=ref.id)
    assert kept.party == "applicant" and kept.photo == reading.photo
    with counter.database.read() as session:
        (row,) = session.exec(select(CardRead))
    # Stored where and as the scans are (sealed when the case file is encrypted).
    folder, key = counter.database.attachments_dir, counter.database.key
    assert attachments.load(folder, row.photo_sha256, key) == reading.photo
    assert row.valid_until == date(2035, 3, 1)
    (event,) = events(counter, "card.keep")
    assert event.case_id == ref.id and APPLICANT not in str(event.detail)


def test_a_read_with_the_case_open_is_kept_at_once(counter, people):
    clerk = people["clerk"]
    ref = open_spouse_case(counter, clerk)
    counter.reader = SimulatedReader([card()])
    cards.read_card(counter, clerk, party="sponsor", case_id=ref.id)
    (kept,) = cards.kept(counter, clerk, case_id=ref.id)
    assert kept.party == "sponsor" and kept.photo is None


@pytest.mark.parametrize(
    ("until", "standing", "words"),
    [
        (date(2026, 11, 19), CardStanding.EXPIRED, "expired on 2026-11-19"),
        (date(2026, 11, 20), CardStanding.EXPIRING, "within the permit's 40 days"),
        (date(2026, 12, 30), CardStanding.EXPIRING, "within the permit's 40 days"),  # day 40
        (date(2026, 12, 31), CardStanding.VALID, None),
    ],
)
def test_the_cards_dates_against_the_permits_days(counter, people, until, standing, words):
    counter.reader = SimulatedReader([card(valid_until=until)])
    reading = cards.read_card(counter, people["clerk"], party="applicant")
    assert reading.standing is standing
    assert [p.en for p in reading.problems if words and words in p.en] or words is None


def test_a_number_that_fails_its_check_is_not_registrable(counter, people):
    counter.reader = SimulatedReader([card(number=APPLICANT[:17] + "0")])
    reading = cards.read_card(counter, people["clerk"], party="applicant")
    assert not reading.registrable
    assert any("check character" in p.en for p in reading.problems)


def test_a_permanent_residence_card_is_read_but_not_registrable(counter, people):
    counter.reader = SimulatedReader(
        [card(kind=CardKind.PERMANENT_RESIDENCE, number="USA440080040401", ethnicity="")]
    )
    reading = cards.read_card(counter, people["clerk"], party="applicant")
    assert not reading.registrable
    assert any("permanent residence" in p.en for p in reading.problems)


def test_the_administrators_choice_is_what_the_desk_connects(counter, people, tmp_path):
    admin = people["admin"]
    assert "No card reader" in cards.connect(counter, admin).en
    with pytest.raises(CardFault) as caught:
        cards.read_card(counter, admin, party="applicant")
    assert caught.value.reason is Fault.NO_READER
    staff.change_settings(counter, admin, card_reader="simulated")
    found = cards.connect(counter, admin, again=True)
    assert found.en.startswith("Card reader found: simulated")  # the training cards
    staff.change_settings(counter, admin, card_reader="sdtapi", card_reader_library=str(tmp_path))
    assert "vendor library is missing" in cards.connect(counter, admin, again=True).en
    assert "vendor library is missing" in cards.connect(counter, admin).en  # kept as set


def test_a_training_file_reads_the_invented_cards(counter, people):
    counter.training = True
    assert cards.reader_choice(counter, people["clerk"]).kind == "simulated"


@pytest.mark.parametrize(
    ("address", "office"),
    [
        ("广东省恩平市恩城街道新平路3号", "恩平市公安局恩城派出所"),
        ("广东省江门市蓬江区白沙大道西1号", "江门市公安局蓬江分局白沙派出所"),
        ("广东省台山市台城街道环市路9号", "台山市公安局台城派出所"),
        ("广东省广州市越秀区北京路1号", None),  # outside the city: typed in full
        ("广东省江门市白沙大道西1号", None),  # no county named: not guessed
    ],
)
def test_the_office_is_offered_from_the_cards_address(counter, address, office):
    from hukou_desk.services import intake

    assert intake.office_for_address(counter, address) == office
