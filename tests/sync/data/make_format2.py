"""How `format2.hkb` was made, run once at commit 68e6bd5 (the format-2 exporter), from the
repository's root: `python tests/sync/data/make_format2.py`. Run at a later commit it would make
a bundle of that commit's format, so it is kept as the record, not to be run again."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlmodel import select

sys.path.insert(0, ".")

from hukou_desk import keys
from hukou_desk.storage import attachments, cases
from hukou_desk.storage.models import Case
from hukou_desk.sync import exporting
from tests.sync.conftest import PDF, _station


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    centre = X25519PrivateKey.generate()
    station = _station(tmp / "station" / "cases.db", centre, count=20)
    with station.write() as session:
        case = next(
            c
            for c in session.exec(select(Case).order_by(Case.serial))
            if c.status in ("draft", "needs_documents") and cases.checks_of(session, c)
        )
        clerk = cases.user_named(session, "liwen")
        for i, check in enumerate(cases.checks_of(session, case)[:2]):
            attachments.attach(
                session,
                folder=station.attachments_dir,
                actor=clerk,
                case=case,
                check=check,
                file_name=f"scan{i}.pdf",
                content=PDF + f"% {i}\n".encode(),
            )
    exported = exporting.export(station, actor="t")
    out = Path("tests/sync/data")
    shutil.copy(exported.path, out / "format2.hkb")
    with station.read() as session:
        code = cases.station(session).code
    raw = centre.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    about = {
        "made_by": "hukou-desk at 68e6bd5, the format-2 exporter (one ZIP member a scan)",
        "station": code,
        "station_public_key": keys.public_text(keys.station_key(station.keys_dir)),
        "centre_private_key_hex": raw.hex(),
        "counts": dict(exported.manifest.counts),
        "scans": 2,
    }
    (out / "format2.json").write_text(json.dumps(about, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
