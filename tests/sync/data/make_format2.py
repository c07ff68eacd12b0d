"""Made once with the format-2 exporter (commit 68e6bd5): a station's bundle with two scans."""
import sys, shutil, tempfile, json
from pathlib import Path
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives import serialization
from sqlmodel import select
sys.path.insert(0, ".")
from tests.sync.conftest import _station, PDF
from hukou_desk import keys
from hukou_desk.storage import attachments, cases
from hukou_desk.storage.models import Case
from hukou_desk.sync import exporting
tmp = Path(tempfile.mkdtemp())
centre = X25519PrivateKey.generate()
station = _station(tmp / "station" / "cases.db", centre, count=20)
with station.write() as session:
    found = [c for c in session.exec(select(Case).order_by(Case.serial)) if c.status in ("draft", "needs_documents") and cases.checks_of(session, c)]
    clerk = cases.user_named(session, "liwen")
    case = found[0]
    for i, check in enumerate(cases.checks_of(session, case)[:2]):
        attachments.attach(session, folder=station.attachments_dir, actor=clerk, case=case, check=check,
                           file_name=f"scan{i}.pdf", content=PDF + f"% {i}\n".encode())
exported = exporting.export(station, actor="t")
out = Path("tests/sync/data")
shutil.copy(exported.path, out / "format2.hkb")
with station.read() as session:
    code = cases.station(session).code
raw = centre.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
(out / "format2.json").write_text(json.dumps({
    "made_by": "hukou-desk 68e6bd5 (format 2: one ZIP member a scan), tests/sync/data/README",
    "station": code,
    "station_public_key": keys.public_text(keys.station_key(station.keys_dir)),
    "centre_private_key_hex": raw.hex(),
    "counts": dict(exported.manifest.counts),
    "scans": 2,
}, indent=2) + "\n")
print(exported.manifest.counts, exported.size, exported.manifest.format_version)
