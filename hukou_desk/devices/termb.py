"""The termb family (华视 CVR-100 and the readers that copy its interface):
termb.dll / libtermb.so.

    int CVR_InitComm(int Port);        1: the reader answers
    int CVR_Authenticate(void);        1: a card found and selected; 2 none found, 3 not selected
    int CVR_Read_Content(int Active);  1: read (Active 4: text and photo, nothing written)
    int CVR_CloseComm(void);
    int GetPeopleName(char *s, int *len);  GetPeopleSex, GetPeopleNation, GetPeopleBirthday,
        GetPeopleAddress, GetPeopleIDCode, GetDepartment, GetStartDate, GetEndDate: text (GBK)
    int GetBMPData(unsigned char *p, int *len);   the photo the library decoded (BMP)
"""

from __future__ import annotations

import ctypes

from hukou_desk.devices import library
from hukou_desk.devices.cards import Card, CardFault, CardKind, Fault, date_of, sex_of
from hukou_desk.domain.codes import ETHNICITIES

OK = 1
NONE_FOUND = {2, 3}
NOT_CONNECTED = 4
ACCESSORS = (
    "GetPeopleName",
    "GetPeopleSex",
    "GetPeopleNation",
    "GetPeopleBirthday",
    "GetPeopleAddress",
    "GetPeopleIDCode",
    "GetDepartment",
    "GetStartDate",
    "GetEndDate",
)
_BY_NAME = {name: code for code, name in ETHNICITIES.items()}


def _decode(raw: bytes) -> str:
    raw = raw.split(b"\x00", 1)[0]
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("gb18030", "replace").strip()


def ethnicity_code(value: str) -> str:
    """GB 3304 code from what the library gives: "汉", "汉族" or "01"."""
    value = value.strip()
    if value in ETHNICITIES:
        return value
    return _BY_NAME.get(value) or _BY_NAME.get(value + "族", "")


class TermbReader:
    family = "termb"

    def __init__(self, where: str, *, port: int = 0) -> None:
        self.where, self.port = where, port

    def _lib(self) -> ctypes.CDLL:
        return library.load(self.where, self.family)

    def _open(self, lib: ctypes.CDLL) -> int:
        init = library.function(lib, "CVR_InitComm", [ctypes.c_int])
        for port in (self.port,) if self.port else library.USB_PORTS:
            if init(port) == OK:
                return port
        raise CardFault(Fault.NO_READER)

    def probe(self) -> str:
        lib = self._lib()
        port = self._open(lib)
        library.function(lib, "CVR_CloseComm", [])()
        return f"termb · {library.locate(self.where, self.family).name} · port {port}"

    def read(self) -> Card:
        lib = self._lib()
        self._open(lib)
        close = library.function(lib, "CVR_CloseComm", [])
        try:
            found = library.function(lib, "CVR_Authenticate", [])()
            if found == NOT_CONNECTED:
                raise CardFault(Fault.NO_READER)
            if found in NONE_FOUND:
                raise CardFault(Fault.NO_CARD)
            if found != OK:
                raise CardFault(Fault.AUTHENTICATION_FAILED)
            answer = library.function(lib, "CVR_Read_Content", [ctypes.c_int])(4)
            if answer == NOT_CONNECTED:
                raise CardFault(Fault.NO_READER)
            if answer != OK:
                raise CardFault(Fault.CARD_MOVED)
            values = {name: self._text(lib, name) for name in ACCESSORS}
            photo = self._photo(lib)
        finally:
            close()
        return self._card(values, photo)

    def _text(self, lib: ctypes.CDLL, name: str) -> str:
        get = library.function(lib, name, [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)])
        buffer = ctypes.create_string_buffer(256)
        length = ctypes.c_int(256)
        if get(buffer, ctypes.byref(length)) != OK:
            raise CardFault(Fault.CARD_MOVED)
        return _decode(buffer.raw[: max(0, min(length.value, 256))])

    def _photo(self, lib: ctypes.CDLL) -> bytes | None:
        try:
            get = library.function(
                lib, "GetBMPData", [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
            )
        except CardFault:
            return None  # an older library without the photo accessor
        buffer = ctypes.create_string_buffer(65536)
        length = ctypes.c_int(65536)
        if get(buffer, ctypes.byref(length)) != OK or length.value <= 0:
            return None
        return buffer.raw[: min(length.value, 65536)]

    @staticmethod
    def _card(values: dict[str, str], photo: bytes | None) -> Card:
        number = values["GetPeopleIDCode"].upper()
        end = values["GetEndDate"]
        valid_from = date_of(values["GetStartDate"])
        valid_until = None if end.startswith("长期") else date_of(end)
        if valid_from is None or (valid_until is None and not end.startswith("长期")):
            raise CardFault(Fault.UNREADABLE, "validity")
        # The accessors carry the resident layout; a residence permit is told by its number.
        permit = number[:2] in ("81", "82", "83")
        return Card(
            kind=CardKind.HMT_RESIDENCE if permit else CardKind.RESIDENT,
            name=values["GetPeopleName"],
            sex=sex_of(values["GetPeopleSex"]),
            ethnicity="" if permit else ethnicity_code(values["GetPeopleNation"]),
            birth_date=date_of(values["GetPeopleBirthday"]),
            address=values["GetPeopleAddress"],
            number=number,
            authority=values["GetDepartment"],
            valid_from=valid_from,
            valid_until=valid_until,
            photo=photo,
        )
