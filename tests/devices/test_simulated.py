"""The simulated reader: cards from files in turn, faults on demand."""

from __future__ import annotations

import json

import pytest

from hukou_desk.devices.cards import CardFault, Fault, base_message
from hukou_desk.devices.simulated import SimulatedReader, card_to_json, cards_in
from hukou_desk.paths import resources_dir
from tests.devices.conftest import number, resident_card


def test_cards_from_a_folder_are_read_in_turn(tmp_path):
    first, second = resident_card(), resident_card(name="李华", number=number("44070319880505002"))
    (tmp_path / "1.json").write_text(json.dumps(card_to_json(first)), encoding="utf-8")
    (tmp_path / "2.bin").write_bytes(base_message(second) + b"\x00" * 1024)
    reader = SimulatedReader.from_folder(tmp_path)
    assert [reader.read(), reader.read(), reader.read()] == [first, second, first]
    assert reader.probe().startswith("simulated")


def test_faults_on_demand_then_the_card_again():
    reader = SimulatedReader([resident_card()])
    reader.fail_next(Fault.CARD_MOVED)
    with pytest.raises(CardFault) as caught:
        reader.read()
    assert caught.value.reason is Fault.CARD_MOVED
    assert reader.read() == resident_card()
    reader.remove_all()
    with pytest.raises(CardFault) as caught:
        reader.read()
    assert caught.value.reason is Fault.NO_CARD
    reader.connected = False
    for act in (reader.read, reader.probe):
        with pytest.raises(CardFault) as caught:
            act()
        assert caught.value.reason is Fault.NO_READER


def test_a_damaged_card_file_is_named(tmp_path):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(CardFault, match=r"bad\.json"):
        cards_in(tmp_path)
    with pytest.raises(CardFault) as caught:
        SimulatedReader.from_folder(tmp_path / "missing")
    assert caught.value.reason is Fault.SDK_MISSING


def test_the_shipped_training_cards_are_all_readable():
    cards = cards_in(resources_dir() / "cards")
    assert len(cards) >= 4
    assert all(card.valid_from for card in cards)
