"""`hukou-desk` starts the GUI (`--training`: on the training file); `hukou-desk <command>`
runs the command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--training"]:  # the desk on the training file
        from hukou_desk.start import run as run_desk

        return run_desk(training=True)
    if args:
        from hukou_desk.cli import run

        return run(args)
    # The sign-in window first; the rest of the desk loads behind it.
    from hukou_desk.start import run as run_desk

    return run_desk()


if __name__ == "__main__":
    sys.exit(main())
