"""Each SDK family's ctypes adapter end to end against a stand-in library (conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hukou_desk.devices import library
from hukou_desk.devices.cards import CardFault, Fault, base_message
from hukou_desk.devices.readers import ReaderChoice, open_reader
from hukou_desk.devices.sdtapi import SdtapiReader
from hukou_desk.devices.simulated import SimulatedReader
from hukou_desk.devices.termb import TermbReader, ethnicity_code
from tests.devices.conftest import resident_card


@pytest.fixture
def sample(tmp_path: Path, monkeypatch) -> Path:
    card = tmp_path / "card.bin"
    card.write_bytes(base_message(resident_card()) + bytes(range(256)) * 4)
    monkeypatch.setenv("STANDIN_CARD", str(card))
    return card


def test_the_sam_interface_reads_a_card_from_the_published_buffers(standins, sample):
    reader = SdtapiReader(str(standins["sdtapi"]))
    assert reader.read() == resident_card()
    assert "port 1001" in reader.probe()


def test_the_sam_interface_finds_the_reader_on_a_later_usb_port(standins, sample, monkeypatch):
    monkeypatch.setenv("STANDIN_PORT", "1004")
    assert SdtapiReader(str(standins["sdtapi"])).read().name == "陈小明"
    monkeypatch.setenv("STANDIN_PORT", "3")  # a serial reader: only where it is set
    assert SdtapiReader(str(standins["sdtapi"]), port=3).read().name == "陈小明"


def test_the_vendors_decoder_gives_the_photo(standins, sample):
    reader = SdtapiReader(str(standins["sdtapi"]), photo_library=str(standins["wlt"]))
    photo = reader.read().photo
    assert photo is not None and len(photo) == 38862 and photo[:2] == b"BM"
    assert photo[54:70] == bytes(range(16))  # the WLT bytes went through the decoder


@pytest.mark.parametrize(
    ("variable", "value", "fault"),
    [
        ("STANDIN_PORT", "1099", Fault.NO_READER),
        ("STANDIN_FIND", "0x80", Fault.NO_CARD),
        ("STANDIN_SELECT", "0x81", Fault.CARD_MOVED),
        ("STANDIN_READ", "0x41", Fault.CARD_MOVED),
        ("STANDIN_READ", "0x31", Fault.AUTHENTICATION_FAILED),
        ("STANDIN_READ", "0x33", Fault.AUTHENTICATION_FAILED),
        ("STANDIN_READ", "0x24", Fault.UNREADABLE),
    ],
)
def test_the_sam_interfaces_faults_are_said_in_words(
    standins, sample, monkeypatch, variable, value, fault
):
    monkeypatch.setenv(variable, value)
    with pytest.raises(CardFault) as caught:
        SdtapiReader(str(standins["sdtapi"])).read()
    assert caught.value.reason is fault
    assert caught.value.describe("zh")


def termb_sample(tmp_path: Path, monkeypatch, end: str = "20350301") -> None:
    lines = ["陈小明", "男", "汉", "19900101", "广东省恩平市恩城街道新平路3号"]
    lines += [resident_card().number, "恩平市公安局", "20150301", end]
    card = tmp_path / "wz.txt"
    card.write_bytes("\n".join(lines).encode("gbk"))  # the Windows libraries speak GBK
    monkeypatch.setenv("STANDIN_CARD", str(card))


def test_the_termb_family_reads_a_card_through_its_accessors(standins, tmp_path, monkeypatch):
    termb_sample(tmp_path, monkeypatch)
    photo = tmp_path / "zp.bmp"
    photo.write_bytes(b"BM" + b"\x00" * 100)
    monkeypatch.setenv("STANDIN_PHOTO", str(photo))
    read = TermbReader(str(standins["termb"].parent)).read()  # the folder: the usual name
    assert read == resident_card(photo=photo.read_bytes())
    assert "libtermb.so" in TermbReader(str(standins["termb"])).probe()


def test_a_long_term_card_read_by_termb(standins, tmp_path, monkeypatch):
    termb_sample(tmp_path, monkeypatch, end="长期")
    read = TermbReader(str(standins["termb"])).read()
    assert read.valid_until is None and read.photo is None


@pytest.mark.parametrize(
    ("variable", "value", "fault"),
    [
        ("STANDIN_PORT", "1099", Fault.NO_READER),
        ("STANDIN_AUTH", "2", Fault.NO_CARD),
        ("STANDIN_AUTH", "4", Fault.NO_READER),
        ("STANDIN_AUTH", "0", Fault.AUTHENTICATION_FAILED),
        ("STANDIN_READ", "0", Fault.CARD_MOVED),
        ("STANDIN_READ", "99", Fault.CARD_MOVED),
        ("STANDIN_CARD", "/nonexistent", Fault.CARD_MOVED),  # the accessors answer nothing
    ],
)
def test_the_termb_familys_faults_are_said_in_words(
    standins, tmp_path, monkeypatch, variable, value, fault
):
    termb_sample(tmp_path, monkeypatch)
    monkeypatch.setenv(variable, value)
    with pytest.raises(CardFault) as caught:
        TermbReader(str(standins["termb"])).read()
    assert caught.value.reason is fault


def test_a_missing_library_or_function_is_sdk_missing(standins, tmp_path):
    for reader in (
        SdtapiReader(str(tmp_path / "nowhere.so")),
        TermbReader(str(tmp_path)),  # a folder without libtermb.so
        TermbReader(str(standins["sdtapi"])),  # a library without the CVR_ functions
    ):
        with pytest.raises(CardFault) as caught:
            reader.read()
        assert caught.value.reason is Fault.SDK_MISSING
    not_a_library = tmp_path / "libsdtapi.so"
    not_a_library.write_text("not a library")
    with pytest.raises(CardFault) as caught:
        SdtapiReader(str(tmp_path)).probe()
    assert caught.value.reason is Fault.SDK_MISSING


def test_the_ethnicity_is_coded_as_the_library_names_it():
    assert ethnicity_code("汉") == "01"
    assert ethnicity_code("壮族") == "08"
    assert ethnicity_code("01") == "01"
    assert ethnicity_code("?") == ""


def test_the_administrators_choice_opens_the_reader(standins, tmp_path):
    (tmp_path / "a.json").write_text(
        '{"name": "李华", "number": "x", "sex": "female", "ethnicity": "01", '
        '"birth_date": "1988-05-05", "address": "", "authority": "", '
        '"valid_from": "2020-01-01", "valid_until": null}',
        encoding="utf-8",
    )
    simulated = open_reader(ReaderChoice("simulated", str(tmp_path)), tmp_path / "none")
    assert isinstance(simulated, SimulatedReader) and simulated.read().name == "李华"
    assert isinstance(open_reader(ReaderChoice("termb", "x"), tmp_path), TermbReader)
    assert isinstance(open_reader(ReaderChoice("sdtapi", "x"), tmp_path), SdtapiReader)
    nothing = open_reader(ReaderChoice(), tmp_path)
    for act in (nothing.read, nothing.probe):
        with pytest.raises(CardFault) as caught:
            act()
        assert caught.value.reason is Fault.NO_READER
    assert library.NAMES["sdtapi"] == ("libsdtapi.so",)
