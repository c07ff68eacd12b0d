"""Language and font: Chinese by default, English selectable, the shipped CJK font registered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hukou_desk.domain.text import Language
from hukou_desk.paths import resources_dir

FONT_FILE = "fonts/DroidSansFallbackFull.ttf"
_translators: list[QTranslator] = []


def register_font(app: QApplication, point_size: int = 10) -> str:
    """Register the shipped CJK font and make it the application font; returns its family."""
    font_id = QFontDatabase.addApplicationFont(str(resources_dir() / FONT_FILE))
    if font_id < 0:
        return app.font().family()
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    app.setFont(QFont(family, point_size))
    return family


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
