"""`hukou-desk` starts the GUI (`--training`: on the training file, `--lang en|zh`: in that
language, as its menu would choose it); `hukou-desk <command>` runs the command line;
`--version` and `--self-test` say what is installed and whether it works; `--help` lists all."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    # Every file the desk and the command line write — the case file and its companions,
    # backups, the log, exports — readable by this account only (a shared PC's other users
    # are nobody's business of these); the few that matter most are also made so explicitly.
    os.umask(0o077)
    args = sys.argv[1:] if argv is None else argv
    if args == ["--version"]:
        from hukou_desk.services.selftest import version_line

        print(version_line())
        return 0
    if args == ["--self-test"]:
        return self_test()
    desk = desk_options(args)
    if desk is None:
        from hukou_desk.cli import run

        return run(args)
    # The sign-in window first; the rest of the desk loads behind it.
    from hukou_desk.start import run as run_desk

    training, lang = desk
    return run_desk(training=training, lang=lang)


def desk_options(args: list[str]) -> tuple[bool, str | None] | None:
    """The desk's own options (`--training`, `--lang en|zh`), or None when `args` ask for
    something else: a command, or options of the command line's (which then explains them)."""
    training = False
    lang: str | None = None
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--training" and not training:
            training = True
        elif arg == "--lang" and lang is None and rest and rest[0] in ("zh", "en"):
            lang = rest.pop(0)
        elif arg in ("--lang=zh", "--lang=en") and lang is None:
            lang = arg.split("=", 1)[1]
        else:
            return None
    return training, lang


def self_test() -> int:
    """`hukou-desk --self-test`: a line per check; exit 0 only if every check passed."""
    from hukou_desk.paths import data_dir
    from hukou_desk.services import selftest
    from hukou_desk.ui.platform_check import checks

    print(selftest.version_line())
    results = [*selftest.run(data_dir()), *checks()]
    for check in results:
        print(f"{'ok  ' if check.passed else 'FAIL'}  {check.name}: {check.detail}")
    failed = [c.name for c in results if not c.passed]
    print("all checks passed" if not failed else f"failed: {', '.join(failed)}")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
