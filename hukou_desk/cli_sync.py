"""Offline sync from the command line.

Station:  hukou-desk station-key | install-centre-key PUBKEY | export --out FILE   [--db PATH]
Centre:   hukou-desk centre-init --dir DIR
          hukou-desk trust-station CODE PUBKEY --into TARGET
          hukou-desk verify FILE --key PEM --into TARGET
          hukou-desk import FILE --key PEM --into TARGET [--files DIR] [--json]
TARGET is `postgresql+psycopg://…` or the path of a case file. A refused bundle: one line,
exit 2, nothing written.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from hukou_desk.cli_cases import _actor, _date, _existing
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Language, text
from hukou_desk.files import write_whole
from hukou_desk.paths import forms_dir
from hukou_desk.slips import signing
from hukou_desk.slips.printing import known_keys
from hukou_desk.storage.models import Setting
from hukou_desk.sync import reference, transfer
from hukou_desk.sync.bundle import open_bundle, x25519_public_text
from hukou_desk.sync.centre import load_centre_key, make_centre_key, open_target

COMMANDS = (
    "station-key",
    "install-centre-key",
    "export",
    "centre-init",
    "trust-station",
    "verify",
    "import",
    "trust-centre",
    "install-reference",
    "reference",
    "conflicts",
    "acknowledge",
)


def add_commands(commands: Any) -> None:
    def db_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--db", type=Path, help="case file (default: the user's data folder)")

    db_option(commands.add_parser("station-key", help="print this station's public key"))
    install = commands.add_parser("install-centre-key", help="install the centre's public key")
    install.add_argument("public_key")
    db_option(install)
    export = commands.add_parser("export", help="export what changed since the last export")
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--since-last", action="store_true", help="the default")
    export.add_argument("--from", dest="received_from", help="re-send cases received from DATE")
    export.add_argument("--to", dest="received_to", help="… to DATE (YYYY-MM-DD)")
    db_option(export)
    trust_centre = commands.add_parser("trust-centre", help="register the centre's signing key")
    trust_centre.add_argument("public_key")
    db_option(trust_centre)
    ack = commands.add_parser("acknowledge", help="record the centre's acknowledgement")
    ack.add_argument("file", type=Path)
    db_option(ack)
    install_ref = commands.add_parser("install-reference", help="install the centre's data")
    install_ref.add_argument("file", type=Path)
    db_option(install_ref)
    make_ref = commands.add_parser("reference", help="make the signed reference file")
    make_ref.add_argument("--out", type=Path, required=True)
    make_ref.add_argument("--keys", type=Path, required=True, help="the centre's key folder")
    make_ref.add_argument("--into", required=True, help="the centre's database")
    make_ref.add_argument("--forms", type=Path, help=argparse.SUPPRESS)
    conflicts = commands.add_parser("conflicts", help="cases kept in two versions, for review")
    conflicts.add_argument("--into", required=True, help="the centre's database")
    conflicts.add_argument("--json", action="store_true")
    init = commands.add_parser("centre-init", help="make the centre's keys")
    init.add_argument("--dir", type=Path, required=True)
    trust = commands.add_parser("trust-station", help="register a station's public key")
    trust.add_argument("code")
    trust.add_argument("public_key")
    trust.add_argument("--into", required=True)
    for name, help_text in (("verify", "check a bundle"), ("import", "import a bundle")):
        parser = commands.add_parser(name, help=help_text)
        parser.add_argument("file", type=Path)
        parser.add_argument("--key", type=Path, required=True, help="the centre's private key")
        parser.add_argument("--into", required=True, help="postgresql+psycopg://… or a file")
        if name == "import":
            parser.add_argument("--files", type=Path, help="where attachments go")
            parser.add_argument("--json", action="store_true")
            parser.add_argument("--ack", type=Path, help="write the station's acknowledgement")


def dispatch(args: argparse.Namespace, lang: Language) -> int:
    if args.command == "centre-init":
        key, signer = make_centre_key(args.dir)
        print(f"bundle key (X25519): {x25519_public_text(key)}")
        print(
            f"signing key (Ed25519, give it to every station): {reference.signing_public(signer)}"
        )
        return 0
    if args.command in ("trust-station", "verify", "import", "reference", "conflicts"):
        return _centre(args, lang)
    database = _existing(args.db)
    try:
        if args.command == "station-key":
            print(signing.public_text(signing.station_key(database.keys_dir)))
        elif args.command == "trust-centre":
            with database.write() as session:
                reference.trust_centre(session, public_key=args.public_key, actor=_actor())
            print(text("已登记中心签名公钥。", "The centre's signing key is registered.")(lang))
        elif args.command == "acknowledge":
            with database.write() as session:
                trusted = session.get(Setting, reference.CENTRE_SIGNING)
                if trusted is None:
                    raise HukouDeskError(
                        text(
                            "本机尚未登记中心的签名公钥（trust-centre）。",
                            "This PC does not know the centre's signing key yet (trust-centre).",
                        )
                    )
                upto = transfer.acknowledge(
                    session, args.file.read_bytes(), centre_key=trusted.value, actor=_actor()
                )
            print(
                text(
                    f"中心已确认收到第 {upto} 号变更为止。",
                    f"The centre holds changes up to {upto}.",
                )(lang)
            )
        elif args.command == "install-reference":
            with database.write() as session:
                done = reference.install(
                    session,
                    args.file.read_bytes(),
                    forms_target=database.path.parent / "forms",
                    actor=_actor(),
                )
            print(
                text("已安装中心参考数据：", "Reference data installed: ")(lang)
                + ", ".join(f"{k} {v}" for k, v in done.items())
            )
        elif args.command == "install-centre-key":
            with database.write() as session:
                transfer.install_centre_key(session, public_key=args.public_key, actor=_actor())
            print(text("已安装中心公钥。", "The centre's key is installed.")(lang))
        else:
            received = None
            if args.received_from or args.received_to:
                if not (args.received_from and args.received_to) or args.since_last:
                    raise HukouDeskError(
                        text(
                            "--from 与 --to 须同时给出，且不能与 --since-last 同用。",
                            "Give both --from and --to, and not with --since-last.",
                        )
                    )
                start, end = _date(args.received_from), _date(args.received_to)
                assert start is not None and end is not None
                received = (start, end)
            exported = transfer.export(database, actor=_actor(), received=received)
            write_whole(args.out, exported.data)
            manifest = exported.manifest
            print(
                f"{args.out}: {manifest['station']} {manifest['seq_from']}–{manifest['seq_to']}, "
                f"{manifest['counts']['cases']} cases, {len(exported.data)} bytes"
            )
        return 0
    finally:
        database.close()


def _centre(args: argparse.Namespace, lang: Language) -> int:
    target = open_target(args.into)
    try:
        if args.command == "conflicts":
            with target.read() as session:
                rows = transfer.open_conflicts(session)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            else:
                for row in rows:
                    print(
                        f"{row['case']}  {row['station']}  centre r{row['centre_revision']}"
                        f" / station r{row['incoming_revision']}  {row['detected_at']}"
                    )
                print(text(f"共 {len(rows)} 件待核对。", f"{len(rows)} to review.")(lang))
            return 0
        if args.command == "reference":
            signer = reference.centre_signing_key(args.keys)
            bundle_key = x25519_public_text(load_centre_key(args.keys / "centre-x25519.pem"))
            with target.read() as session:
                data = reference.build(
                    session,
                    forms=args.forms or forms_dir(),
                    signing_key=signer,
                    bundle_key=bundle_key,
                )
            args.out.write_bytes(data)
            print(f"{args.out}: {len(data)} bytes")
            return 0
        if args.command == "trust-station":
            with target.write() as session:
                transfer.trust(
                    session, station=args.code, public_key=args.public_key, actor=_actor()
                )
            print(text(f"已登记派出所 {args.code}。", f"Station {args.code} registered.")(lang))
            return 0
        key = load_centre_key(args.key)
        data = args.file.read_bytes()
        if args.command == "verify":
            with target.read() as session:
                keys = known_keys(session)
            contents = open_bundle(data, centre_key=key, station_keys=keys)
            manifest = contents.manifest
            counts = ", ".join(f"{k} {v}" for k, v in manifest["counts"].items())
            print(
                text("有效：", "valid: ")(lang)
                + f"{manifest['station']} {manifest['seq_from']}–{manifest['seq_to']} ({counts})"
            )
            return 0
        files = args.files or Path(str(target.attachments_dir))
        report = transfer.import_bundle(
            target, data, centre_key=key, files_dir=files, actor=_actor()
        )
        if args.ack is not None:
            signer = reference.centre_signing_key(args.key.parent)
            with target.read() as session:
                audit_to = int(transfer._setting(session, f"sync.{report.station}.audit") or 0)
            args.ack.write_bytes(transfer.acknowledgement(report, audit_to, signer))
        print(json.dumps(report.as_json(), ensure_ascii=False) if args.json else report.as_text())
        return 0
    finally:
        target.close()
