"""Stand-ins for the vendors' reader libraries: a few lines of C exporting the SDK functions
with the published signatures, built by the system's compiler, answering from sample buffers
in the published layout (a file named by STANDIN_CARD) with faults on demand (STANDIN_*)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from hukou_desk.devices.cards import Card, CardKind
from hukou_desk.domain.identity import check_character

COMMON = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int env(const char *name, int fallback) {
    const char *v = getenv(name);
    return v ? (int)strtol(v, 0, 0) : fallback;
}
"""

SDTAPI = (
    COMMON
    + r"""
static int opened = 0;
int SDT_OpenPort(int port) {
    if (env("STANDIN_PORT", 1001) != port) return 0x01;
    opened = port; return 0x90;
}
int SDT_ClosePort(int port) { opened = 0; return 0x90; }
int SDT_StartFindIDCard(int port, unsigned char *iin, int if_open) {
    if (port != opened) return 0x01;
    memset(iin, 0, 4); return env("STANDIN_FIND", 0x9f);
}
int SDT_SelectIDCard(int port, unsigned char *sn, int if_open) {
    memset(sn, 0, 8); return env("STANDIN_SELECT", 0x90);
}
int SDT_ReadBaseMsg(int port, unsigned char *text, unsigned int *text_len,
                    unsigned char *photo, unsigned int *photo_len, int if_open) {
    int answer = env("STANDIN_READ", 0x90);
    if (answer != 0x90) return answer;
    FILE *f = fopen(getenv("STANDIN_CARD"), "rb");
    if (!f) return 0x41;
    *text_len = fread(text, 1, 256, f);
    *photo_len = fread(photo, 1, 1024, f);
    fclose(f); return 0x90;
}
"""
)

WLT = r"""
#include <string.h>
int unpack(char *src, char *dst, int bmp_save) {
    memset(dst, 0, 38862); dst[0] = 'B'; dst[1] = 'M'; memcpy(dst + 54, src, 16);
    return 1;
}
"""

TERMB = (
    COMMON
    + r"""
int CVR_InitComm(int port) { return env("STANDIN_PORT", 1001) == port ? 1 : 2; }
int CVR_Authenticate(void) { return env("STANDIN_AUTH", 1); }
int CVR_Read_Content(int active) { return active == 4 ? env("STANDIN_READ", 1) : 0; }
int CVR_CloseComm(void) { return 1; }
static int line(int wanted, char *out, int *len) {
    char text[4096]; FILE *f = fopen(getenv("STANDIN_CARD"), "rb");
    if (!f) return 0;
    size_t n = fread(text, 1, sizeof text - 1, f); fclose(f); text[n] = 0;
    char *at = text;
    for (int i = 0; i < wanted && at; i++) { at = strchr(at, '\n'); if (at) at++; }
    if (!at) return 0;
    char *end = strchr(at, '\n'); int size = end ? (int)(end - at) : (int)strlen(at);
    memcpy(out, at, size); out[size] = 0; *len = size; return 1;
}
int GetPeopleName(char *s, int *l) { return line(0, s, l); }
int GetPeopleSex(char *s, int *l) { return line(1, s, l); }
int GetPeopleNation(char *s, int *l) { return line(2, s, l); }
int GetPeopleBirthday(char *s, int *l) { return line(3, s, l); }
int GetPeopleAddress(char *s, int *l) { return line(4, s, l); }
int GetPeopleIDCode(char *s, int *l) { return line(5, s, l); }
int GetDepartment(char *s, int *l) { return line(6, s, l); }
int GetStartDate(char *s, int *l) { return line(7, s, l); }
int GetEndDate(char *s, int *l) { return line(8, s, l); }
int GetBMPData(unsigned char *p, int *l) {
    const char *name = getenv("STANDIN_PHOTO"); if (!name) return 0;
    FILE *f = fopen(name, "rb"); if (!f) return 0;
    *l = (int)fread(p, 1, 65536, f); fclose(f); return 1;
}
"""
)


def build(folder: Path, name: str, source: str) -> Path:
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        pytest.skip("no C compiler to build the stand-in reader library")
    c_file = folder / f"{name}.c"
    c_file.write_text(source)
    out = folder / f"{name}.so"
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-o", str(out), str(c_file)], check=True, timeout=120
    )
    return out


@pytest.fixture(scope="session")
def standins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("vendor")
    return {
        "sdtapi": build(folder, "libsdtapi", SDTAPI),
        "termb": build(folder, "libtermb", TERMB),
        "wlt": build(folder, "libwlt", WLT),
    }


def number(first17: str) -> str:
    return first17 + check_character(first17)


def resident_card(**changes: object) -> Card:
    values: dict[str, object] = {
        "kind": CardKind.RESIDENT,
        "name": "陈小明",
        "sex": "male",
        "ethnicity": "01",
        "birth_date": date(1990, 1, 1),
        "address": "广东省恩平市恩城街道新平路3号",
        "number": number("44078519900101123"),
        "authority": "恩平市公安局",
        "valid_from": date(2015, 3, 1),
        "valid_until": date(2035, 3, 1),
    }
    values.update(changes)
    return Card(**values)  # type: ignore[arg-type]
