"""The SAM interface family: sdtapi.dll / libsdtapi.so (several makers ship it).

    int SDT_OpenPort(int iPort);                                   0x90: opened
    int SDT_ClosePort(int iPort);
    int SDT_StartFindIDCard(int iPort, unsigned char *pucIIN, int iIfOpen);   0x9f: a card
    int SDT_SelectIDCard(int iPort, unsigned char *pucSN, int iIfOpen);       0x90: selected
    int SDT_ReadBaseMsg(int iPort, unsigned char *pucCHMsg, unsigned int *puiCHMsgLen,
                        unsigned char *pucPHMsg, unsigned int *puiPHMsgLen, int iIfOpen);
                                                                   0x90: 256 B text, 1024 B WLT
The WLT photo is decoded only by the vendor's decoder (libwlt.so:
`int unpack(char *src, char *dst, int bmpSave)`, 1: a 38,862-byte BMP); without it the card is
read without its photo.
"""

from __future__ import annotations

import ctypes

from hukou_desk.devices import library
from hukou_desk.devices.cards import PHOTO_BYTES, Card, CardFault, Fault, parse_base_message

OK = 0x90
FOUND = 0x9F
NO_CARD = 0x80
SELECT_FAILED = 0x81
READ_FAILED = 0x41
AUTHENTICATION = {0x31, 0x32, 0x33}  # card ↔ SAM authentication, information check
BMP_BYTES = 38862


class SdtapiReader:
    """A reader behind the SAM interface library at `where` (a file or its folder)."""

    family = "sdtapi"

    def __init__(self, where: str, *, port: int = 0, photo_library: str = "") -> None:
        self.where, self.port, self.photo_library = where, port, photo_library
        self._found_port = 0

    def _api(self) -> dict[str, library.Function]:
        lib = library.load(self.where, self.family)
        uchar_p, uint_p, c_int = ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint), ctypes.c_int
        return {
            "open": library.function(lib, "SDT_OpenPort", [c_int]),
            "close": library.function(lib, "SDT_ClosePort", [c_int]),
            "find": library.function(lib, "SDT_StartFindIDCard", [c_int, uchar_p, c_int]),
            "select": library.function(lib, "SDT_SelectIDCard", [c_int, uchar_p, c_int]),
            "read": library.function(
                lib, "SDT_ReadBaseMsg", [c_int, uchar_p, uint_p, uchar_p, uint_p, c_int]
            ),
        }

    def _open(self, api: dict[str, library.Function]) -> int:
        for port in (self.port,) if self.port else library.USB_PORTS:
            if api["open"](port) == OK:
                self._found_port = port
                return port
        raise CardFault(Fault.NO_READER)

    def probe(self) -> str:
        """Which reader answers, in a line (the library is loaded, the port opened, closed)."""
        api = self._api()
        port = self._open(api)
        api["close"](port)
        return f"sdtapi · {library.locate(self.where, self.family).name} · port {port}"

    def read(self) -> Card:
        api = self._api()
        port = self._open(api)
        try:
            scratch = ctypes.create_string_buffer(16)
            found = api["find"](port, scratch, 0)
            if found != FOUND:
                raise CardFault(Fault.NO_CARD)
            if api["select"](port, scratch, 0) != OK:
                raise CardFault(Fault.CARD_MOVED)
            text_buffer = ctypes.create_string_buffer(256 + 16)
            photo_buffer = ctypes.create_string_buffer(PHOTO_BYTES + 16)
            text_length, photo_length = ctypes.c_uint(0), ctypes.c_uint(0)
            answer = api["read"](
                port,
                text_buffer,
                ctypes.byref(text_length),
                photo_buffer,
                ctypes.byref(photo_length),
                0,
            )
            if answer in AUTHENTICATION:
                raise CardFault(Fault.AUTHENTICATION_FAILED)
            if answer in (READ_FAILED, NO_CARD):
                raise CardFault(Fault.CARD_MOVED)
            if answer != OK:
                raise CardFault(Fault.UNREADABLE, f"0x{answer:02x}")
            raw = text_buffer.raw[: min(text_length.value, 256)]
            wlt = photo_buffer.raw[: min(photo_length.value, PHOTO_BYTES)]
        finally:
            api["close"](port)
        return parse_base_message(raw, self._decode(wlt))

    def _decode(self, wlt: bytes) -> bytes | None:
        if not self.photo_library or not wlt:
            return None
        lib = library.load(self.photo_library, "wlt")
        unpack = library.function(lib, "unpack", [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int])
        bmp = ctypes.create_string_buffer(BMP_BYTES)
        if unpack(wlt, bmp, 1) != 1:
            return None  # the card is read; only its photo is not shown
        return bmp.raw
