"""Offline sync from the command line.

Station (signed in with --user): station-key | trust-centre KEY | install-centre-key KEY |
          install-reference FILE | export --out FILE | acknowledge FILE     [--db PATH]
          enrolment-requests --out FILE   (deciders' keys for the centre to enrol)
          update FILE [--root DIR] | rollback [--root DIR]   (a release of the desk itself)
Centre:   hukou-desk centre-init --dir DIR
          hukou-desk trust-station --file REGISTRATION --into TARGET (or CODE PUBKEY)
          hukou-desk enrol FILE --into TARGET      (a station's enrolment requests)
          hukou-desk verify FILE --key PEM --into TARGET
          hukou-desk import FILE --key PEM --into TARGET [--files DIR] [--ack FILE] [--json]
          hukou-desk calendar-year FILE | --from-chinese-calendar YEAR [--forms DIR]
          hukou-desk reference --out FILE --keys DIR --into TARGET [--remind-after DAYS]
          hukou-desk conflicts --into TARGET [--json]
          hukou-desk centre-status --into TARGET [--json]
          hukou-desk make-update --bundle DIR --keys DIR [--version V] --out FILE
TARGET is `postgresql+psycopg://…` or the path of a case file. A refused bundle: one line,
exit 2, nothing written.
"""

from __future__ import annotations

import argparse
import json
import mmap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hukou_desk.cli.session import add_case_file_options, open_counter, path_arg, sign_in
from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import Language, text
from hukou_desk.files import write_whole

STATION = (
    "station-key",
    "new-station-key",
    "install-centre-key",
    "export",
    "trust-centre",
    "install-reference",
    "acknowledge",
    "enrolment-requests",
    "update",
    "rollback",
)
CENTRE = (
    "centre-init",
    "trust-station",
    "enrol",
    "revoke-station",
    "verify",
    "import",
    "reference",
    "conflicts",
    "centre-status",
    "make-update",
    "calendar-year",
)
COMMANDS = STATION + CENTRE
KEY_HELP = "the key as printed (base64url); after -- if it starts with -"
MAX_FILE = 2 * 1024 * 1024 * 1024  # a bundle or reference file larger than this is not ours


def add_commands(commands: Any) -> None:
    key = commands.add_parser(
        "station-key",
        help="print this station's public key; with --registration-file, write its signed "
        "registration for the centre (trust-station --file)",
    )
    key.add_argument("--registration-file", type=path_arg, help="write the signed file here")
    add_case_file_options(key)
    add_case_file_options(
        commands.add_parser(
            "new-station-key",
            help="a new signing key when this PC lost the station's (the old one stays trusted)",
        )
    )
    install = commands.add_parser("install-centre-key", help="install the centre's public key")
    install.add_argument("public_key", help=KEY_HELP)
    add_case_file_options(install)
    export = commands.add_parser("export", help="export what changed since the last export")
    export.add_argument("--out", type=path_arg, required=True)
    export.add_argument("--since-last", action="store_true", help="the default")
    export.add_argument("--from", dest="received_from", help="re-send cases received from DATE")
    export.add_argument("--to", dest="received_to", help="… to DATE (YYYY-MM-DD)")
    add_case_file_options(export)
    trust_centre = commands.add_parser("trust-centre", help="register the centre's signing key")
    trust_centre.add_argument("public_key", help=KEY_HELP)
    add_case_file_options(trust_centre)
    ack = commands.add_parser("acknowledge", help="record the centre's acknowledgement")
    ack.add_argument("file", type=path_arg)
    add_case_file_options(ack)
    requests = commands.add_parser(
        "enrolment-requests", help="write the deciders' enrolment requests for the centre"
    )
    requests.add_argument("--out", type=path_arg, required=True)
    add_case_file_options(requests)
    enrol = commands.add_parser("enrol", help="enrol the persons' keys a station asks for")
    enrol.add_argument("file", type=path_arg)
    enrol.add_argument("--into", required=True, help="the centre's database")
    install_ref = commands.add_parser("install-reference", help="install the centre's data")
    install_ref.add_argument("file", type=path_arg)
    add_case_file_options(install_ref)
    make_ref = commands.add_parser("reference", help="make the signed reference file")
    make_ref.add_argument("--out", type=path_arg, required=True)
    make_ref.add_argument("--keys", type=path_arg, required=True, help="the centre's key folder")
    make_ref.add_argument("--into", required=True, help="the centre's database")
    make_ref.add_argument("--forms", type=path_arg, help=argparse.SUPPRESS)
    make_ref.add_argument(
        "--remind-after",
        type=int,
        metavar="DAYS",
        help="remind a station's desk after DAYS without the centre's acknowledgement (kept)",
    )
    year = commands.add_parser(
        "calendar-year", help="add a year's holiday arrangement to the centre's reference forms"
    )
    source = year.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "file", type=path_arg, nargs="?", help="year, source, holidays, workdays (TOML)"
    )
    source.add_argument(
        "--from-chinese-calendar",
        type=int,
        metavar="YEAR",
        help="take the year from the chinese-calendar package (centre extra)",
    )
    year.add_argument("--forms", type=path_arg, help="the centre's forms (as `reference` uses)")
    conflicts = commands.add_parser("conflicts", help="cases kept in two versions, for review")
    conflicts.add_argument("--into", required=True, help="the centre's database")
    conflicts.add_argument("--json", action="store_true")
    overview = commands.add_parser(
        "centre-status", help="every station: last bundle, acknowledgement, overdue, refused"
    )
    overview.add_argument("--into", required=True, help="the centre's database")
    overview.add_argument("--json", action="store_true")
    upgrade = commands.add_parser("update", help="install a new release of the desk (signed)")
    upgrade.add_argument("file", type=path_arg)
    add_root_option(upgrade)
    add_case_file_options(upgrade)
    back = commands.add_parser("rollback", help="go back to the previous release of the desk")
    add_root_option(back)
    add_case_file_options(back)
    make_update = commands.add_parser("make-update", help="sign a bundle as an update package")
    make_update.add_argument("--bundle", type=path_arg, required=True, help="dist/hukou-desk")
    make_update.add_argument("--keys", type=path_arg, required=True, help="the centre's keys")
    make_update.add_argument(
        "--version", dest="release", help="confirm the version (the bundle says its own)"
    )
    make_update.add_argument("--platform", help="confirm the platform (the bundle says its own)")
    make_update.add_argument("--out", type=path_arg, required=True)
    init = commands.add_parser("centre-init", help="make the centre's keys")
    init.add_argument("--dir", type=path_arg, required=True)
    trust = commands.add_parser(
        "trust-station", help="register a station: its registration file, or CODE PUBKEY"
    )
    trust.add_argument("code", nargs="?")
    trust.add_argument("public_key", nargs="?", help=KEY_HELP)
    trust.add_argument("--file", type=path_arg, help="the station's signed registration file")
    trust.add_argument(
        "--replaces",
        metavar="OLDKEY",
        help="replace the key held for this counter (a lost PC): name the old key, audited",
    )
    trust.add_argument("--into", required=True)
    revoke = commands.add_parser(
        "revoke-station",
        help="withdraw a station's key, or one counter's (440703001-02: a lost PC): bundles "
        "refused, slips issued from then on revoked",
    )
    revoke.add_argument("code", help="a station's code, or one counter's identity")
    revoke.add_argument("--reason", required=True)
    revoke.add_argument(
        "--since",
        help="from when, China's clock, 'YYYY-MM-DD HH:MM' (when the PC was lost; now if not "
        "given): papers signed from then on are refused",
    )
    revoke.add_argument("--into", required=True)
    for name, help_text in (("verify", "check a bundle"), ("import", "import a bundle")):
        parser = commands.add_parser(name, help=help_text)
        parser.add_argument("file", type=path_arg)
        parser.add_argument("--key", type=path_arg, required=True, help="the centre's private key")
        parser.add_argument("--into", required=True, help="postgresql+psycopg://… or a file")
        if name == "import":
            parser.add_argument("--files", type=path_arg, help="where attachments go")
            parser.add_argument("--json", action="store_true")
            parser.add_argument("--ack", type=path_arg, help="write the station's acknowledgement")


def add_root_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root", type=path_arg, help="the installation's folder (default: this desk's own)"
    )


def _installation(args: argparse.Namespace) -> Any:
    from hukou_desk.services.updates import Installation

    if args.root is not None:
        return Installation(args.root)
    found = Installation.running()
    if found is None:
        raise HukouDeskError(
            text(
                "此程序不是从安装目录运行的；请用 --root 指明安装目录。",
                "This desk is not running from an installation: name it with --root.",
            )
        )
    return found


def _read(path: Path) -> bytes:
    if path.is_file() and path.stat().st_size > MAX_FILE:
        raise HukouDeskError(
            text(f"{path.name} 过大，不是本系统的文件。", f"{path.name} is too large to be ours.")
        )
    return path.read_bytes()


def dispatch(args: argparse.Namespace, lang: Language) -> int:
    if args.command in CENTRE:
        return _centre(args, lang)
    if args.command == "export":
        received = _period(args)
    counter = open_counter(args)
    try:
        from hukou_desk.services import exchange

        if args.command == "station-key" and args.registration_file is None:
            print(exchange.station_key(counter))
            return 0
        user = sign_in(counter, args)
        if args.command == "station-key":
            from hukou_desk.services import registration

            made = registration.registration(counter, user)
            write_whole(args.registration_file, made.file)
            print(made.as_text())
            print(
                text(
                    f"登记文件已写入 {args.registration_file}："
                    "交中心登记（trust-station --file）。",
                    f"Registration written to {args.registration_file}: the centre registers "
                    "it (trust-station --file).",
                )(lang)
            )
            return 0
        if args.command == "new-station-key":
            print(exchange.new_station_key(counter, user))
            said = text(
                "已新建签名密钥；请将上行公钥交中心登记（trust-station）。旧公钥仍用于核验此前的文书。",
                "New signing key made; give the key above to the centre (trust-station). The "
                "old key still verifies earlier papers.",
            )
            print(said(lang))
            return 0
        if args.command == "trust-centre":
            exchange.trust_centre(counter, user, public_key=args.public_key)
            print(text("已登记中心签名公钥。", "The centre's signing key is registered.")(lang))
        elif args.command == "acknowledge":
            upto = exchange.acknowledge(counter, user, data=_read(args.file))
            print(
                text(
                    f"中心已确认收到第 {upto} 号变更为止。",
                    f"The centre holds changes up to {upto}.",
                )(lang)
            )
        elif args.command == "enrolment-requests":
            data = exchange.enrolment_requests(counter, user)
            write_whole(args.out, data)
            count = len(json.loads(data)["requests"])
            print(
                text(
                    f"{args.out}：{count} 份登记申请，请交中心登记（enrol）。",
                    f"{args.out}: {count} enrolment requests; the centre enrols them (enrol).",
                )(lang)
            )
        elif args.command == "install-reference":
            done = exchange.install_reference(counter, user, data=_read(args.file))
            print(
                text("已安装中心参考数据：", "Reference data installed: ")(lang)
                + ", ".join(f"{k} {v}" for k, v in done.items())
            )
        elif args.command == "update":
            from hukou_desk.services import updates

            installed = updates.install(counter, user, args.file, installation=_installation(args))
            print(
                text(
                    f"已安装版本 {installed.version}（上一版本 {installed.previous or '无'} "
                    f"保留以便回退；案件数据库已备份：{installed.backup.name}）。请重新启动本系统，"
                    "首次启动时将升级案件数据库。",
                    f"Release {installed.version} installed (the previous one, "
                    f"{installed.previous or 'none'}, is kept to roll back to; the case file was "
                    f"backed up: {installed.backup.name}). Start the desk again: its first start "
                    "upgrades the case file.",
                )(lang)
            )
        elif args.command == "rollback":
            from hukou_desk.services import updates

            back = updates.rollback(counter, user, installation=_installation(args))
            print(
                text(
                    f"已回退到版本 {back.version}（案件数据库为版本 {back.schema}）。"
                    "请重新启动本系统。",
                    f"Rolled back to release {back.version} (the case file is at schema "
                    f"{back.schema}). Start the desk again.",
                )(lang)
            )
        elif args.command == "install-centre-key":
            exchange.install_centre_key(counter, user, public_key=args.public_key)
            print(text("已安装中心公钥。", "The centre's key is installed.")(lang))
        else:
            exported = exchange.export(counter, user, out=args.out, received=received)
            manifest = exported.manifest
            print(
                f"{args.out}: {manifest.station} {manifest.seq_from}–{manifest.seq_to}, "
                f"{manifest.counts['cases']} cases, {exported.size} bytes"
            )
        return 0
    finally:
        counter.database.close()


def _period(args: argparse.Namespace) -> Any:
    from hukou_desk.cli.cases import parse_date

    if not (args.received_from or args.received_to):
        return None
    if not (args.received_from and args.received_to) or args.since_last:
        raise HukouDeskError(
            text(
                "--from 与 --to 须同时给出，且不能与 --since-last 同用。",
                "Give both --from and --to, and not with --since-last.",
            )
        )
    return parse_date(args.received_from), parse_date(args.received_to)


def _centre(args: argparse.Namespace, lang: Language) -> int:
    from hukou_desk.services import centre

    if args.command == "centre-init":
        bundle_key, signing_key = centre.init_keys(args.dir)
        print(f"bundle key (X25519): {bundle_key}")
        print(f"signing key (Ed25519, give it to every station): {signing_key}")
        return 0
    if args.command == "conflicts":
        rows = centre.conflicts(args.into)
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
    if args.command == "calendar-year":
        from hukou_desk.paths import forms_dir
        from hukou_desk.services import workdays

        entry = (
            workdays.year_from_chinese_calendar(args.from_chinese_calendar)
            if args.from_chinese_calendar
            else args.file
        )
        calendar = workdays.publish_year(entry, forms=args.forms or forms_dir())
        years = ", ".join(str(y) for y in calendar.covered_years)
        print(
            text(
                f"工作日历已更新，含 {years} 年；请用 reference 生成新的参考数据下发各所。",
                f"Working-day calendar updated, holding {years}; make the reference file "
                "(reference) to send it to the stations.",
            )(lang)
        )
        return 0
    if args.command == "centre-status":
        return _centre_status(args, lang)
    if args.command == "reference":
        if args.remind_after is not None:
            centre.set_reminder_days(args.into, args.remind_after)
        data = centre.make_reference(args.into, folder=args.keys, forms=args.forms)
        write_whole(args.out, data)
        print(f"{args.out}: {len(data)} bytes")
        return 0
    if args.command == "make-update":
        release = centre.make_update(
            args.bundle,
            folder=args.keys,
            out=args.out,
            version=args.release,
            platform=args.platform,
        )
        print(f"{args.out}: {release.version} {release.platform}, {len(release.files)} files")
        return 0
    if args.command == "revoke-station":
        centre.revoke_station(args.into, station=args.code, reason=args.reason, since=args.since)
        if "-" in args.code:
            said = text(
                f"已撤销柜台 {args.code} 的密钥（本所其他柜台不受影响）。",
                f"Counter {args.code}'s key revoked (the station's other counters untouched).",
            )
        else:
            said = text(f"已撤销派出所 {args.code} 的密钥。", f"Station {args.code} revoked.")
        print(said(lang))
        return 0
    if args.command == "trust-station":
        if (args.file is None) == (args.code is None or args.public_key is None):
            raise HukouDeskError(
                text(
                    "请给出登记文件（--file），或派出所代码和公钥（二者之一）。",
                    "Give the registration file (--file), or the station's code and key "
                    "(one of the two).",
                )
            )
        if args.file is not None:
            body = centre.trust_station_file(
                args.into, data=_read(args.file), replaces_key=args.replaces
            )
            code, replaces = body["station"]["code"], body.get("replaces") or args.replaces
            counter = body["station"].get("counter")
            which = f"{code} 第 {counter} 号柜台" if counter else code
            which_en = f"{code}, counter {counter}" if counter else code
            said = (
                text(
                    f"已登记派出所 {which} 的新密钥，替换 {replaces}。",
                    f"Station {which_en} registered: its new key replaces {replaces}.",
                )
                if replaces
                else text(
                    f"已登记派出所 {which}（本所其他柜台的密钥不变）。",
                    f"Station {which_en} registered (the station's other counters' keys are "
                    "unchanged).",
                )
            )
            print(said(lang))
            return 0
        centre.trust_station(
            args.into, station=args.code, public_key=args.public_key, replaces_key=args.replaces
        )
        print(text(f"已登记派出所 {args.code}。", f"Station {args.code} registered.")(lang))
        return 0
    if args.command == "enrol":
        enrolled = centre.enrol(args.into, data=_read(args.file))
        for one in enrolled:
            print(f"{one['station']}/{one['username']} {one['role']} {one['key_id']}")
        print(
            text(
                f"已登记 {len(enrolled)} 把密钥；请用 reference 生成新的参考数据下发该所。",
                f"{len(enrolled)} keys enrolled; make the reference file (reference) for the "
                "station.",
            )(lang)
        )
        return 0
    with _mapped(args.file) as data:
        if args.command == "verify":
            manifest = centre.verify_bundle(args.into, data=data, key_file=args.key)
            counts = ", ".join(f"{k} {v}" for k, v in manifest.counts.items())
            print(
                text("有效：", "valid: ")(lang)
                + f"{manifest.station} {manifest.seq_from}–{manifest.seq_to} ({counts})"
            )
            return 0
        report = centre.import_bundle(
            args.into, data=data, key_file=args.key, files=args.files, acknowledgement=args.ack
        )
    print(json.dumps(report.as_json(), ensure_ascii=False) if args.json else report.as_text())
    return 0


@contextmanager
def _mapped(path: Path) -> Iterator[Any]:
    """A bundle's file mapped, not read: the centre's memory does not hold the file whole
    (the operating system pages it in as the chunks are read)."""
    if path.is_file() and path.stat().st_size > MAX_FILE:
        raise HukouDeskError(
            text(f"{path.name} 过大，不是本系统的文件。", f"{path.name} is too large to be ours.")
        )
    with path.open("rb") as handle:
        if path.stat().st_size == 0:
            yield b""
            return
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            yield mapped


def _centre_status(args: argparse.Namespace, lang: Language) -> int:
    """One line a station, the overdue and the refused marked; `--json` for tools."""
    from hukou_desk.services import centre

    stations = centre.centre_status(args.into)
    if args.json:
        print(json.dumps([s.as_json() for s in stations], ensure_ascii=False))
        return 0
    never = text("从未", "never")(lang)
    for station in stations:
        bundle = station.last_bundle or {}
        ack = station.last_acknowledgement or {}
        said = [
            station.station,
            text("最近导入：", "last bundle: ")(lang)
            + (
                f"{str(bundle['at'])[:16]} ({bundle.get('seq_from')}–{bundle.get('seq_to')}, "
                + text(f"{bundle.get('cases', 0)} 件", f"{bundle.get('cases', 0)} cases")(lang)
                + ")"
                if bundle
                else never
            ),
            text("最近回执：", "last acknowledgement: ")(lang)
            + (str(ack["at"])[:16] if ack else never),
        ]
        if station.revoked:
            said.append(text("密钥已撤销", "revoked")(lang))
        elif station.overdue:
            days = station.waiting_days
            said.append(
                text("逾期：从未报送", "OVERDUE: never sent")(lang)
                if days is None
                else text(f"逾期：已 {days} 天未报送", f"OVERDUE: {days} days since")(lang)
            )
        if station.held:
            said.append(text(f"待核对 {station.held} 件", f"{station.held} held for review")(lang))
        if station.refused_since and station.last_refusal is not None:
            reason = station.last_refusal.get("zh" if lang == "zh" else "en", "")
            said.append(text("最近一次被拒收：", "last bundle refused: ")(lang) + str(reason))
        print("  ".join(said))
    overdue = sum(1 for s in stations if s.overdue)
    print(
        text(
            f"共 {len(stations)} 个派出所，{overdue} 个逾期未报送。",
            f"{len(stations)} stations, {overdue} overdue.",
        )(lang)
    )
    return 0
