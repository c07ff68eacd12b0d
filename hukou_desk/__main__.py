"""`hukou-desk` starts the GUI (`--training`: on the training file); `hukou-desk <command>`
runs the command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--training"]:  # the desk on the training file
        from hukou_desk.app import run_gui

        return run_gui(training=True)
    if args:
        from hukou_desk.cli import run

        return run(args)
    from hukou_desk.app import run_gui

    return run_gui()


if __name__ == "__main__":
    sys.exit(main())
