"""Every string the UI shows goes through Qt's translator and has a Chinese translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_ui_string_is_translated(tmp_path: Path) -> None:
    ts = tmp_path / "zh.ts"
    shutil.copy(ROOT / "resources" / "i18n" / "hukou_desk_zh_CN.ts", ts)
    sources = [
        str(ROOT / "hukou_desk" / "app.py"),
        *map(str, (ROOT / "hukou_desk" / "ui").glob("*.py")),
    ]
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run(
        [str(lupdate), *sources, "-no-obsolete", "-locations", "none", "-ts", str(ts)],
        check=True,
        capture_output=True,
    )
    text = ts.read_text(encoding="utf-8")
    assert text.count("<source>") > 100
    assert 'type="unfinished"' not in text, "run `make i18n-update` and translate the new strings"
