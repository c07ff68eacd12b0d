"""The desk's update package, centre → station on a stick: a new release of the frozen bundle,
signed by the centre's signing key (the same trust as the reference data).

A ZIP holding the release's files under `files/`, a manifest naming each file with its size,
mode and SHA-256, and the centre's Ed25519 signature over the manifest (with a context string,
so no other signed document of the centre's can pass for one). Nothing of a package is used
before its signature is checked against the key this station trusts; each file is checked
against the manifest as it is unpacked, and a package with a file the manifest does not name is
refused. The layout on the PC (versions kept side by side, the switch, rolling back) is
`services/updates.py`'s.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hukou_desk import keys
from hukou_desk.domain.errors import where_invalid
from hukou_desk.domain.text import text
from hukou_desk.storage.models import utc_now
from hukou_desk.sync.bundle import BundleRefused

FORMAT = 1
MANIFEST = "hukou-desk-update.json"
SIGNATURE = "hukou-desk-update.sig"
FILES = "files/"
CONTEXT = b"hukou-desk update package v1\0"
VERSION_PATTERN = r"^[0-9]{1,4}(\.[0-9]{1,4}){1,3}$"
_CHUNK = 1 << 20


def _refused(zh: str, en: str) -> BundleRefused:
    return BundleRefused(text(zh, en))


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    executable: bool = False


class Release(BaseModel):
    """What the manifest says, checked before anything is unpacked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int
    kind: str = Field(pattern=r"^hukou-desk update$")
    version: str = Field(pattern=VERSION_PATTERN)
    platform: str = Field(pattern=r"^[a-z0-9_.-]{1,40}$")
    schema_head: str = Field(pattern=r"^[0-9]{4}$")
    executable: str
    created_at: str
    files: dict[str, Entry] = Field(min_length=1)

    @property
    def size(self) -> int:
        return sum(entry.size for entry in self.files.values())


RELEASE_FILE = "release.json"


class BundleRelease(BaseModel):
    """What a frozen bundle says of itself, in its `release.json` (written by its build): the
    version, the platform, the case file's schema head and the executable. The update package,
    a manual install and a rollback all read it from the bundle, never from a label typed at
    the centre."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    version: str = Field(pattern=VERSION_PATTERN)
    schema_head: str = Field(pattern=r"^[0-9]{4}$")
    executable: str = Field(pattern=r"^hukou-desk(\.exe)?$")
    platform: str = Field(default="", pattern=r"^[a-z0-9_.-]{0,40}$")


def write_release_file(
    folder: Path, *, version: str, schema_head: str, executable: str, platform: str
) -> None:
    """The build's (and an unpacked release's) `release.json`."""
    BundleRelease(
        version=version, schema_head=schema_head, executable=executable, platform=platform
    )  # checked before it is written
    (folder / RELEASE_FILE).write_text(
        json.dumps(
            {
                "version": version,
                "schema_head": schema_head,
                "executable": executable,
                "platform": platform,
            }
        ),
        encoding="utf-8",
    )


def bundle_release(folder: Path) -> BundleRelease:
    """The release a bundle (or a kept release's folder) says it is, or a refusal in words."""
    try:
        return BundleRelease.model_validate_json((folder / RELEASE_FILE).read_bytes())
    except (OSError, ValidationError):
        raise _refused(
            f"{folder} 不是完整的程序包（缺少或损坏的 {RELEASE_FILE}）：请复制 make package "
            "生成的整个文件夹。",
            f"{folder} is not a whole bundle (its {RELEASE_FILE} is missing or damaged): copy "
            "the whole folder `make package` made.",
        ) from None


def version_key(version: str) -> tuple[int, ...]:
    """Releases in order: 0.10.0 after 0.9.2."""
    return tuple(int(part) for part in version.split("."))


def this_platform() -> str:
    """The platform a bundle is built for: `linux-x86_64`, `win-amd64`…"""
    import platform
    import sys

    system = "win" if sys.platform == "win32" else sys.platform
    return f"{system}-{platform.machine().lower()}"


_BAD_PART = re.compile(r'[\\:*?"<>|\x00-\x1f]')


def _safe(name: str) -> bool:
    """A relative path that stays inside the target on every OS."""
    path = PurePosixPath(name)
    return (
        bool(name)
        and not path.is_absolute()
        and all(part not in ("", ".", "..") and not _BAD_PART.search(part) for part in path.parts)
        and name == path.as_posix()
    )


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def build(
    folder: Path,
    *,
    out: Path,
    version: str,
    schema_head: str,
    signing_key: Ed25519PrivateKey,
    platform: str | None = None,
    executable: str = "hukou-desk",
    compress: bool = True,
) -> Release:
    """At the centre (or the release build): the frozen bundle in `folder` as a signed package."""
    if not (folder / executable).is_file():
        raise _refused(
            f"{folder} 中没有可执行文件 {executable}。", f"{folder} holds no {executable}."
        )
    files: dict[str, Entry] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        if not _safe(name):
            raise _refused(f"文件名不可用：{name}", f"A file name that cannot be shipped: {name}")
        files[name] = Entry(
            size=path.stat().st_size,
            sha256=_digest(path),
            executable=bool(path.stat().st_mode & stat.S_IXUSR),
        )
    release = Release(
        format=FORMAT,
        kind="hukou-desk update",
        version=version,
        platform=platform or this_platform(),
        schema_head=schema_head,
        executable=executable,
        created_at=utc_now().isoformat(),
        files=files,
    )
    manifest = release.model_dump_json().encode("utf-8")
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    partial = out.with_name(out.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=method, compresslevel=6) as archive:
            archive.writestr(MANIFEST, manifest)
            archive.writestr(SIGNATURE, signing_key.sign(CONTEXT + manifest))
            for name in files:
                archive.write(folder / name, FILES + name)
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return release


def read(path: Path, *, centre_key: str) -> Release:
    """The package's release, once its signature by the trusted centre key is checked."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names or SIGNATURE not in names:
                raise _refused(
                    "这不是系统更新包，或更新包未经签名；未作任何更改。",
                    "This is not an update package, or it is not signed; nothing was changed.",
                )
            manifest = archive.read(MANIFEST)
            signature = archive.read(SIGNATURE)
            try:
                public = Ed25519PublicKey.from_public_bytes(keys.unb64url(centre_key))
                public.verify(signature, CONTEXT + manifest)
            except (InvalidSignature, ValueError):
                raise _refused(
                    "更新包不是中心签发的（签名无效），未作任何更改。",
                    "The update package is not signed by the centre; nothing was changed.",
                ) from None
            release = _release(manifest)
            members = {n for n in names if not n.endswith("/")} - {MANIFEST, SIGNATURE}
            if members != {FILES + name for name in release.files}:
                raise _refused(
                    "更新包的内容与其签名清单不符，未作任何更改。",
                    "The update package's contents differ from its signed list; "
                    "nothing was changed.",
                )
    except (zipfile.BadZipFile, EOFError, KeyError):
        raise _refused(
            "更新包已损坏（不完整或被改动），未作任何更改。",
            "The update package is damaged (cut short or altered); nothing was changed.",
        ) from None
    return release


def _release(manifest: bytes) -> Release:
    try:
        release = Release.model_validate_json(manifest)
    except ValidationError as exc:
        where, _what = where_invalid(exc)
        raise _refused(
            f"更新包清单有误（{where}），未作任何更改。",
            f"The update package's list is malformed ({where}); nothing was changed.",
        ) from None
    if release.format != FORMAT:
        raise _refused("更新包格式版本不受支持。", "The update package's format is not supported.")
    folded = {name.casefold() for name in release.files}
    if (
        not all(_safe(name) for name in release.files)
        or len(folded) != len(release.files)
        or release.executable not in release.files
    ):
        raise _refused(
            "更新包清单中有不可用的文件名，未作任何更改。",
            "The update package names a file that cannot be unpacked; nothing was changed.",
        )
    return release


def unpack(
    path: Path,
    release: Release,
    target: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Unpack a package `read` has accepted into the new folder `target`, checking each file's
    size and digest against the signed manifest. Any difference: `target` removed, refused."""
    needed = release.size + 64 * 1024 * 1024
    free = shutil.disk_usage(target.parent).free
    if free < needed:
        raise _no_space(needed, free)
    target.mkdir(mode=0o755)
    done = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for name, entry in release.files.items():
                destination = target / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                sha = hashlib.sha256()
                size = 0
                mode = 0o755 if entry.executable else 0o644
                with (
                    archive.open(FILES + name) as source,
                    open(destination, "xb", opener=_opener(mode)) as sink,
                ):
                    while chunk := source.read(_CHUNK):
                        size += len(chunk)
                        if size > entry.size:
                            break
                        sha.update(chunk)
                        sink.write(chunk)
                    sink.flush()
                    os.fsync(sink.fileno())
                if size != entry.size or sha.hexdigest() != entry.sha256:
                    raise _refused(
                        f"更新包中的文件 {name} 与签名清单不符，未作任何更改。",
                        f"The file {name} in the update package differs from the signed list; "
                        "nothing was changed.",
                    )
                done += entry.size
                if progress is not None:
                    progress(done, release.size)
        (target / RELEASE_FILE).unlink(missing_ok=True)  # the bundle's own, if it had one
        write_release_file(
            target,
            version=release.version,
            schema_head=release.schema_head,
            executable=release.executable,
            platform=release.platform,
        )
    except (zipfile.BadZipFile, EOFError, KeyError, zipfile.LargeZipFile):
        shutil.rmtree(target, ignore_errors=True)
        raise _refused(
            "更新包已损坏（不完整或被改动），未作任何更改。",
            "The update package is damaged (cut short or altered); nothing was changed.",
        ) from None
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        if exc.errno == errno.ENOSPC:
            raise _no_space(needed, shutil.disk_usage(target.parent).free) from None
        raise
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise


def _no_space(needed: int, free: int) -> BundleRefused:
    mb = 1024 * 1024
    return _refused(
        f"磁盘空间不足：安装更新需要 {needed // mb} MB，现有 {free // mb} MB；未作任何更改。",
        f"Not enough disk space: the update needs {needed // mb} MB, {free // mb} MB are free; "
        "nothing was changed.",
    )


def _opener(mode: int) -> Callable[[str, int], int]:
    def opener(path: str, flags: int) -> int:
        return os.open(path, flags, mode)

    return opener
