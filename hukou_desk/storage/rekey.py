"""A new key for the case file, its scans, the station's signing key and the keyring at once.

Taking a person's access away (a user disabled, the recovery sheet lost) must take it away: a
copy of the old keyring and the old password must open nothing the station writes from then
on. So everything sealed under the old key is sealed again under a new one, in one step a
power cut cannot leave half done:

1. the new parts are written beside the live ones — the case file copied under the new key
   (`hukou-desk.db.rekeying`), every scan sealed again (`attachments.next/`), each station key
   file wrapped again (`keys/*.pem.next`), the backups' recovery sidecars if the recovery slot
   changed (`backups/*.keyring.next`) — each flushed to the disk;
2. the new keyring is written last beside the old one (`hukou-desk.db.keyring.next`): its
   presence says every new part is complete;
3. the commit: the new case file renamed over the old one (one rename);
4. the new parts put in place, the keyring last.

`settle` puts a file interrupted anywhere back in one consistent state, before it is opened:
a new keyring without the commit (the copy still beside the file) is rolled back — the old
file, old keyring, old scans, as if nothing had begun; after the commit it is rolled forward.
Either way exactly one keyring is left, and it opens the file beside it.

Backups taken before keep the key they were taken under (and their sidecar): whoever held the
old key could already read what they hold. Backups from now on are under the new key.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hukou_desk.storage import attachments, backup, driver, keyring, seals
from hukou_desk.storage.keyring import Keyring

STAGES = ("copy", "scans", "keys", "sidecars", "keyring", "switch", "finish")


def _copy(path: Path) -> Path:
    return path.with_name(path.name + ".rekeying")


def _next(part: Path) -> Path:
    return part.with_name(part.name + ".next")


def _scans(path: Path) -> Path:
    return path.parent / "attachments"


def _keys(path: Path) -> Path:
    return path.parent / "keys"


def _backups(path: Path) -> Path:
    return path.parent / "backups"


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "posix" and folder.is_dir():
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def rekey(
    path: Path,
    *,
    old_key: bytes,
    new_key: bytes,
    new_ring: Keyring,
    resealed_sidecars: bool,
    progress: Callable[[str], None] | None = None,
) -> None:
    """The case file at `path` (closed, its engine disposed, claimed by the caller) and
    everything sealed under `old_key` sealed under `new_key`; `new_ring` becomes its keyring.
    `resealed_sidecars`: the recovery slot changed, so the sidecars of the backups under the
    old key are sealed to the new one (the old secret then opens none of them)."""
    say = progress or (lambda _stage: None)
    settle(path)  # whatever an earlier one left, first
    say("copy")
    copy = _copy(path)
    copy.unlink(missing_ok=True)
    os.close(os.open(copy, os.O_CREAT | os.O_WRONLY, 0o600))
    live = driver.connect(path, old_key)
    try:
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        live.execute(f"ATTACH DATABASE ? AS sealed KEY \"x'{new_key.hex()}'\"", (str(copy),))
        live.execute("SELECT sqlcipher_export('sealed')")
        version = live.execute("PRAGMA user_version").fetchone()[0]
        live.execute(f"PRAGMA sealed.user_version = {int(version)}")
        live.execute("DETACH DATABASE sealed")
        digests = [row[0] for row in live.execute("SELECT sha256 FROM attachment")]
    finally:
        live.close()
    _fsync_file(copy)
    say("scans")
    scans, fresh = _scans(path), _next(_scans(path))
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(mode=0o700)
    for sha256 in digests:
        content = attachments.load(scans, sha256, old_key)
        if content:  # a missing or damaged scan stays missing (its check says so)
            attachments.store(fresh, sha256, content, new_key)
    say("keys")
    for pem in sorted(_keys(path).glob("station-ed25519*.pem")):
        _rewrap(pem, old_key, new_key)
    say("sidecars")
    if resealed_sidecars:
        old_id = keyring.key_id(old_key)
        for made in backup.backups(_backups(path)):
            side = keyring.path_for(made)
            if side.exists() and Keyring.load(side).key_id == old_id:
                resealed = new_ring.sidecar(made, old_key)
                if resealed is not None:
                    resealed.save(_next(side))
    say("keyring")
    new_ring.save(_next(keyring.path_for(path)))  # the last new part: all are complete
    say("switch")
    for suffix in ("-wal", "-shm"):  # the old file's, checkpointed: never beside the new one
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    copy.replace(path)  # the commit
    _fsync_folder(path.parent)
    say("finish")
    _finish(path)


def _rewrap(pem: Path, old_key: bytes, new_key: bytes) -> None:
    """A station key file, encrypted under the new key beside the old one."""
    loaded = seals.load_station_key(pem.read_bytes(), old_key)
    if not isinstance(loaded, Ed25519PrivateKey):
        return
    data = loaded.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(seals.key_file_password(new_key)),
    )
    target = _next(pem)
    descriptor = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def settle(path: Path) -> str | None:
    """A re-key a power cut interrupted, finished or undone (see the module's note): "back"
    (rolled back to the old key), "forward" (the new key in place), or None (nothing to do)."""
    ring = _next(keyring.path_for(path))
    leftovers = [
        _copy(path),
        _next(_scans(path)),
        *_keys(path).glob("*.pem.next"),
        *_backups(path).glob("*.keyring.next"),
    ]
    if ring.exists() and not _copy(path).exists():
        _finish(path)
        return "forward"
    if not ring.exists() and not any(p.exists() for p in leftovers):
        return None
    # Not committed: the new keyring goes first (so an interruption here is never taken for
    # a commit), then every new part; the old ones stay.
    ring.unlink(missing_ok=True)
    _fsync_folder(path.parent)
    for part in leftovers:
        if part.is_dir():
            shutil.rmtree(part)
        else:
            part.unlink(missing_ok=True)
    return "back"


def _finish(path: Path) -> None:
    """After the commit: each new part over the old one, the keyring last (idempotent)."""
    for pem in _keys(path).glob("*.pem.next"):
        pem.replace(pem.with_name(pem.name.removesuffix(".next")))
    scans, fresh, old = _scans(path), _next(_scans(path)), path.parent / "attachments.old"
    if fresh.exists():
        if scans.exists():
            if old.exists():
                shutil.rmtree(old)
            scans.rename(old)
        fresh.rename(scans)
    if old.exists():
        shutil.rmtree(old)
    for side in _backups(path).glob("*.keyring.next"):
        side.replace(side.with_name(side.name.removesuffix(".next")))
    _fsync_folder(path.parent)
    _next(keyring.path_for(path)).replace(keyring.path_for(path))
    _fsync_folder(path.parent)
