"""Screenshots of every main screen, in Chinese and English, for the README and for review.

    python -m hukou_desk.screenshots [OUT_DIR]     (default: docs/screenshots)

Runs the real desk offscreen on a throw-away case file with demo data: first start, login,
the case list, each step of an intake, the supervisor's approval, administration, the lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hukou_desk.domain.clock import china_today
from hukou_desk.domain.identity import check_character
from hukou_desk.domain.parties import PartyRole
from hukou_desk.domain.staff import Clerk
from hukou_desk.domain.text import Language


def _ident(first17: str) -> str:
    return first17 + check_character(first17)


SHOT_NAMES = (
    "first-start",
    "login",
    "case-list",
    "finder",
    "policy-browser",
    "wizard-1-applicant",
    "wizard-2-situation",
    "wizard-3-pathway",
    "wizard-4-people",
    "wizard-5-documents",
    "wizard-6-outcome",
    "approval",
    "statistics",
    "administration",
    "lock",
)
PASSWORD = "Baisha-Counter-2026"


def capture(out: Path, lang: Language) -> list[Path]:
    """Save one PNG per main screen into `out`; returns their paths."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QWidget

    from hukou_desk import demo
    from hukou_desk.app import Desk, create_app
    from hukou_desk.devices.simulated import SimulatedReader, cards_in
    from hukou_desk.domain.loader import load_calendar, load_policy
    from hukou_desk.paths import forms_dir, resources_dir
    from hukou_desk.services.counter import OpenFile
    from hukou_desk.services.counter import clerk as clerk_of
    from hukou_desk.storage import accounts, cases
    from hukou_desk.storage.database import open_database
    from hukou_desk.ui import operations
    from hukou_desk.ui.i18n import apply_language
    from hukou_desk.ui.login import FirstStartDialog, LoginDialog
    from hukou_desk.ui.messages import Boxes
    from hukou_desk.ui.review import CaseReview

    class _Unshown(Boxes):
        """The pictures show the screens, not message boxes over them."""

        def error(self, window: QWidget | None, message: str) -> None:
            return None

        def sorry(self, window: QWidget | None, message: str) -> None:
            return None

        def confirm(self, window: QWidget | None, question: str) -> bool:
            return False

    app = create_app()
    apply_language(lang)
    policy = load_policy(forms_dir())
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def save(widget: QWidget, name: str) -> None:
        app.processEvents()
        path = out / f"{name}-{lang}.png"
        if not widget.grab().save(str(path)):
            raise OSError(f"cannot write {path}")
        saved.append(path)

    with tempfile.TemporaryDirectory(prefix="hukou-desk-shots-") as scratch:
        fresh = open_database(Path(scratch) / "new.db")
        dialog = FirstStartDialog(OpenFile(fresh), lang)
        dialog.code.setText("440703001")
        dialog.name.setText("江门市公安局白沙派出所")
        dialog.display_name.setText("系统管理员")
        dialog.show()
        save(dialog, "first-start")
        dialog.close()
        fresh.close()

        database = open_database(Path(scratch) / "cases.db")
        demo.generate(
            database,
            count=300,
            policy=policy,
            calendar=load_calendar(forms_dir()),
            today=china_today(),
        )
        with database.write() as session:
            accounts.first_start(
                session,
                station_code="440703001",
                station_name="江门市公安局白沙派出所",
                district="440703",
                admin_username="admin",
                admin_name="系统管理员",
                password=PASSWORD,
            )
            for username in ("liwen", "chenfang"):
                accounts.set_password(
                    session,
                    actor="admin",
                    user=cases.user_named(session, username),
                    password=PASSWORD,
                )
            clerk = clerk_of(cases.user_named(session, "liwen"))
            supervisor = clerk_of(cases.user_named(session, "chenfang"))
            admin = clerk_of(cases.user_named(session, "admin"))

        login = LoginDialog(OpenFile(database), lang, username="liwen")
        login.show()
        save(login, "login")
        login.close()

        def desk_for(user: Clerk) -> Desk:
            desk = Desk(app, policy, database, user)
            desk.boxes = _Unshown()
            return desk

        clerk_desk = desk_for(clerk)
        window = clerk_desk.show(lang)
        window.resize(1280, 720)
        save(window, "case-list")
        window.show_page(window.finder_page)
        finder = window.finder
        finder.set_value("application_date", "2026-11-20")  # fixed: the image follows the UI
        finder.set_value("applicant.id_number", "440703199003071235")
        finder.set_value("applicant.marital_status", "21")
        finder.set_value("applicant.education", "21")
        finder.refresh()
        save(window, "finder")
        window.show_page(window.browser_page)
        window.browser.show_pathway("child_joins_parents")
        save(window, "policy-browser")

        wizard = window.new_case()
        assert wizard is not None
        wizard.applicant.id_number.setText(_ident("44078119900101124"))
        wizard.applicant.name.setText("陈小明")
        wizard.applicant.phone.setText("13800138000")
        wizard.applicant.current_address.setText("江门市蓬江区白沙大道西 1 号 301 室")
        wizard.applicant.hukou_address.setText("广东省台山市台城街道环北大道 8 号")
        wizard.applicant.hukou_office.setText("台山市公安局台城派出所")
        ethnicity = wizard.applicant.ethnicity
        ethnicity.setCurrentIndex(ethnicity.findData("01"))
        save(window, "wizard-1-applicant")
        wizard.go_next()
        form = wizard.situation.form
        for path, value in (
            ("applicant.marital_status", "21"),
            ("destination.district", "440703"),
            ("destination.address", "江门市蓬江区白沙大道西 1 号 301 室"),
            ("sponsor.relationship", "10"),
            ("sponsor.hukou_region", "440703"),
            ("sponsor.residence.kind", "owned"),
            ("sponsor.residence.district", "440703"),
        ):
            form.set_value(path, value)
        # The sponsor's card read here (a training card on the simulated reader): the
        # applicant's current address shows with the sponsor's card address offered beside it.
        reader = SimulatedReader()
        window.context.counter.reader = reader
        reader.present(next(c for c in cards_in(resources_dir() / "cards") if c.name == "李华"))
        wizard.situation.read_sponsor()
        ends = time.monotonic() + 20
        while operations.running() and time.monotonic() < ends:
            app.processEvents()
            time.sleep(0.005)
        save(window, "wizard-2-situation")
        wizard.go_next()
        wizard.pathway.select("spouse")
        save(window, "wizard-3-pathway")
        wizard.go_next()
        number, name = wizard.people.people[PartyRole.SPONSOR]
        if not number.text():  # read from the card in step 2 otherwise
            number.setText(_ident("44070319880505001"))
            name.setText("李华")
        number, name = wizard.people.people[PartyRole.HOUSEHOLDER]
        number.setText(_ident("44070319600303001"))
        name.setText("李大海")
        relation = wizard.people.householder_relation
        relation.setCurrentIndex(relation.findData("38"))
        wizard.people.relatives.add_relative(
            {
                "name": "陈乐乐",
                "id_number": _ident("44078120180808123"),
                "relationship": "20",
                "marital_status": "10",
                "ethnicity": "01",
                "lives_with_applicant": True,
            }
        )
        wizard.people.judge()
        save(window, "wizard-4-people")
        wizard.go_next()
        for box in wizard.documents.boxes:
            box.state.setCurrentIndex(box.state.findData("verified"))
            for question in box.questions.values():
                question.setChecked(True)
        save(window, "wizard-5-documents")
        wizard.go_next()
        wizard.outcome.note.setPlainText("结婚证、房产证原件已核，符合夫妻投靠条件。")
        save(window, "wizard-6-outcome")
        case_number = wizard.case_number
        wizard.send_for_approval()  # the confirmed Submit
        window.close()

        boss = desk_for(supervisor).show(lang)
        boss.resize(1280, 720)
        review = boss.open_case(case_number)
        assert isinstance(review, CaseReview)
        save(boss, "approval")
        assert boss.dashboard is not None
        boss.dashboard.period.setCurrentIndex(boss.dashboard.period.findData("twelve"))
        boss.show_dashboard()  # its first showing reads the figures, on a worker thread
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()
        boss.dashboard.refresh()
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()
        boss.dashboard.show_figure("people_by_province")
        save(boss, "statistics")
        if lang == "zh":  # the report PDF as it is printed, its first pages as pictures
            report = boss.dashboard.export("pdf", out / "statistics-report.pdf")
            if report is not None and shutil.which("pdftoppm"):
                subprocess.run(
                    ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(report),
                     str(out / "statistics-report")],
                    check=True,
                )  # fmt: skip
        boss.close()

        admin_window = desk_for(admin).show(lang)
        admin_window.resize(1280, 720)
        assert admin_window.admin is not None
        admin_window.show_admin()
        save(admin_window, "administration")
        admin_window.lock()
        save(admin_window, "lock")
        admin_window.close()
        database.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The language switches below must not change the user's own settings.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="hukou-desk-shots-config-")
    out = Path(args[0]) if args else Path("docs/screenshots")
    for lang in ("zh", "en"):
        for path in capture(out, lang):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
