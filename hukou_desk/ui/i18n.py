"""Language and font: Chinese by default, English selectable, the shipped CJK font registered."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hukou_desk.domain.text import Language
from hukou_desk.paths import resources_dir

FONT_FILE = "fonts/DroidSansFallbackFull.ttf"
_translators: list[QTranslator] = []
_system_cjk: list[bool] = []
log = logging.getLogger("hukou_desk")


def system_has_cjk_font() -> bool:
    """Whether the desktop itself has a font for Chinese (asked of Qt's font database before
    the shipped font is registered, so only the system's own fonts count)."""
    if not _system_cjk:
        families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
        _system_cjk.append(bool(families))
    return _system_cjk[0]


def share_font_with_desktop() -> Path | None:
    """Window titles, the taskbar and the window list are drawn by the desktop, not by Qt, with
    the system's fonts: on a Linux PC with none for Chinese they would show empty boxes. The
    shipped font is then copied into the user's own fonts folder ($XDG_DATA_HOME/fonts, read by
    fontconfig and so by the window manager), once. Windows ships Chinese fonts: nothing to do.
    Returns the shared font's path, if shared."""
    if not sys.platform.startswith("linux") or system_has_cjk_font():
        return None
    source = resources_dir() / FONT_FILE
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    folder = base / "fonts" / "hukou-desk"
    target = folder / source.name
    try:
        if target.is_file() and target.stat().st_size == source.stat().st_size:
            return target
        folder.mkdir(parents=True, exist_ok=True)
        licence = source.with_name(source.stem + ".LICENSE.txt")
        if licence.is_file():
            shutil.copyfile(licence, folder / licence.name)
        partial = folder / (source.name + ".partial")
        shutil.copyfile(source, partial)
        partial.replace(target)
    except OSError as exc:  # a read-only home: titles stay as the desktop draws them
        log.warning("font not shared with the desktop: errno %s", exc.errno)
        return None
    log.info("shipped font shared with the desktop (no system font for Chinese)")
    return target


TEXT_SIZES = (1.0, 1.25, 1.5)  # the large-text setting: normal, larger, largest
_system_point_size: list[float] = []


def system_point_size(app: QApplication) -> float:
    """The system's own text size (its display scaling and font setting), read once."""
    if not _system_point_size:
        _system_point_size.append(app.font().pointSizeF() or 10.0)
    return _system_point_size[0]


def text_scale() -> float:
    value = QSettings().value("ui/text_scale", 1.0)
    try:
        scale = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1.0
    return scale if scale in TEXT_SIZES else 1.0


def register_font(app: QApplication, scale: float | None = None) -> str:
    """Register the shipped CJK font and make it the application font, at the system's own
    size (its display scaling and font-size setting followed) times the large-text setting;
    returns its family."""
    size = system_point_size(app) * (text_scale() if scale is None else scale)
    system_has_cjk_font()  # asked before the shipped font joins the database
    font_id = QFontDatabase.addApplicationFont(str(resources_dir() / FONT_FILE))
    family = (
        QFontDatabase.applicationFontFamilies(font_id)[0] if font_id >= 0 else app.font().family()
    )
    font = QFont(family)
    font.setPointSizeF(size)
    app.setFont(font)
    return family


def set_text_scale(app: QApplication, scale: float) -> None:
    """The large-text setting, saved and applied at once to every window."""
    QSettings().setValue("ui/text_scale", scale)
    register_font(app, scale)


def saved_language() -> Language:
    value = QSettings().value("ui/language", "zh")
    return "en" if value == "en" else "zh"


def apply_language(lang: Language) -> None:
    """Install (or remove) the Chinese translator; English is the source language."""
    app = QCoreApplication.instance()
    if app is None:
        return
    while _translators:
        app.removeTranslator(_translators.pop())
    if lang == "zh":
        # Ours, and Qt's own (standard buttons, file dialogs, context menus) shipped in PySide6.
        qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for folder, name in (
            (str(resources_dir() / "i18n"), "hukou_desk_zh_CN.qm"),
            (qt_translations, "qtbase_zh_CN.qm"),
        ):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _translators.append(translator)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    QSettings().setValue("ui/language", lang)
