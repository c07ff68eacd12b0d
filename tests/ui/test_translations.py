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


def test_the_chinese_names_a_key_as_the_rest_of_the_desk_does() -> None:
    """A key named on a button, in Chinese: in full-width brackets, Enter as 回车 — the way
    下一步（回车）and 保存草稿（Ctrl+S）say it; the counter saw 核验无误 (Ctrl+Enter) beside them."""
    import re

    text = (ROOT / "resources" / "i18n" / "hukou_desk_zh_CN.ts").read_text(encoding="utf-8")
    translations = re.findall(r"<translation>(.*?)</translation>", text, flags=re.S)
    key = r"(?:Ctrl|Shift|Alt)\+[^)）]+|F\d{1,2}|回车|Enter"
    half_width = [t for t in translations if re.search(rf"\((?:{key})\)", t)]
    english_enter = [t for t in translations if re.search(r"[（(][^)）]*\bEnter\b", t)]
    assert half_width == [] and english_enter == []
