"""Who is acting at the command line: the case file opened, the user signed in.

Commands that read or change a case file take `--user NAME`; the password is asked on the
terminal, or read from a file descriptor for scripts (`--password-fd N`, first line). It is
checked with argon2id like the desk's sign-in, with the same lockout, and every action the
command does is then audited under that user, with that user's rights.

An encrypted case file opens with the same password: its keyring slot gives the file's key.

Only the light modules are imported here: a subcommand that needs no case file never loads
SQLAlchemy, reportlab or cryptography.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text

if TYPE_CHECKING:
    from hukou_desk.domain.staff import Clerk
    from hukou_desk.services.counter import Counter

MAX_PASSWORD = 1024


def path_arg(raw: str) -> Path:
    """A path argument; one no file system accepts (a NUL inside) is refused by argparse."""
    if "\0" in raw:
        raise argparse.ArgumentTypeError("a path cannot contain a NUL character")
    return Path(raw)


def add_case_file_options(parser: argparse.ArgumentParser, *, user: bool = True) -> None:
    parser.add_argument("--db", type=path_arg, help="case file (default: the user's data folder)")
    if user:
        parser.add_argument("--user", help="who acts (the password is asked)")
        parser.add_argument(
            "--password-fd", type=int, help="read the password from this file descriptor"
        )
    parser.add_argument("--forms", type=path_arg, help=argparse.SUPPRESS)


def case_file(args: argparse.Namespace) -> Path:
    from hukou_desk.paths import database_path

    path: Path = args.db or database_path()
    return path


def open_counter(args: argparse.Namespace) -> Counter:
    """The existing case file at `--db` with the plan in force (`--forms` or shipped)."""
    from hukou_desk.domain.loader import load_calendar, load_policy
    from hukou_desk.paths import forms_dir
    from hukou_desk.services.counter import Counter, open_case_file

    path = case_file(args)
    if not path.exists() or path.stat().st_size == 0:
        raise HukouDeskError(text(f"没有案件数据库：{path}", f"No case file at {path}"))
    forms = args.forms or forms_dir()
    policy, calendar = load_policy(forms), load_calendar(forms)
    from hukou_desk.services import vault

    if vault.is_encrypted(path):
        # The password opens the file (its keyring slot) and signs the user in, in one go.
        database, user = vault.sign_in(
            path, username=require_user(args), password=read_password(args)
        )
        args.signed_in = user
        return Counter(database, policy, calendar, forms=forms)
    return Counter(open_case_file(path), policy, calendar, forms=forms)


def read_password(args: argparse.Namespace) -> str:
    """The password, asked (or read from `--password-fd`) once per command: a command that
    checks it twice (opening an encrypted file, then acting) gets the same one."""
    already: str | None = getattr(args, "password_given", None)
    if already is not None:
        return already
    args.password_given = _read_password(args)
    return str(args.password_given)


def read_new_password(args: argparse.Namespace) -> str:
    """A password being chosen: from `--password-fd`, or asked twice on the terminal (the
    station's rule then judges it, below the command line)."""
    chosen = read_password(args)
    if getattr(args, "password_fd", None) is None:
        again = getpass.getpass(text("再输入一次：", "Again: ")(_lang(args)))
        if again != chosen:
            raise HukouDeskError(text("两次输入的密码不同。", "The two passwords differ."))
    return chosen


def _read_password(args: argparse.Namespace) -> str:
    fd: int | None = getattr(args, "password_fd", None)
    if fd is not None:
        try:
            with os.fdopen(os.dup(fd), "rb") as handle:
                raw = handle.readline(MAX_PASSWORD + 2)
        except OSError:
            raise HukouDeskError(
                text(
                    f"无法从文件描述符 {fd} 读取密码。",
                    f"No password can be read from file descriptor {fd}.",
                )
            ) from None
        try:
            return raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise HukouDeskError(
                text("密码不是 UTF-8 文本。", "The password is not UTF-8 text.")
            ) from None
    if not sys.stdin.isatty():
        raise HukouDeskError(
            text(
                "没有终端可以输入密码：请在终端运行，或用 --password-fd 提供密码。",
                "There is no terminal to ask the password on: run this in a terminal, or "
                "give the password with --password-fd.",
            )
        )
    return getpass.getpass(text("密码：", "Password: ")(_lang(args)))


def _lang(args: argparse.Namespace) -> Any:
    return getattr(args, "lang", "zh")


def sign_in(counter: Counter, args: argparse.Namespace) -> Clerk:
    """The user named by `--user`, signed in with their password, or a refusal."""
    from hukou_desk.services import staff

    already: Clerk | None = getattr(args, "signed_in", None)
    if already is not None:  # the password that opened the encrypted file
        return already
    username = require_user(args)
    return staff.sign_in(counter.file, username=username, password=read_password(args))


def require_user(args: argparse.Namespace) -> str:
    username: str | None = getattr(args, "user", None)
    if not username:
        raise HukouDeskError(
            text(
                "此命令需要登录：请加上 --user 用户名（随后输入密码）。",
                "This command needs a user: add --user NAME (the password is then asked).",
            )
        )
    return username
