"""The administrator's screen: staff accounts, the station's settings, the centre's trust and
the desk's own release (an update from a stick, or back to the previous release)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hukou_desk import __version__
from hukou_desk.domain.lifecycle import Role
from hukou_desk.services import cards, staff
from hukou_desk.services.updates import Installation
from hukou_desk.ui import operations
from hukou_desk.ui.context import Context
from hukou_desk.ui.login import PasswordStrength


class AdminPanel(QWidget):
    """Add users, reset a password, disable (or enable) an account; tune the station."""

    settings_saved = Signal(int)  # the idle-lock minutes now in force
    restart_needed = Signal()  # another release is in force: this desk must close

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.accounts: dict[str, staff.Account] = {}
        self.role_names = {
            Role.CLERK: self.tr("clerk"),
            Role.SUPERVISOR: self.tr("supervisor"),
            Role.ADMIN: self.tr("administrator"),
        }
        self.users = QTableWidget(0, 4)
        self.users.setObjectName("usersTable")
        self.users.setHorizontalHeaderLabels(
            [self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("Account")]
        )
        self.users.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.users.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.users.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users.verticalHeader().setVisible(False)
        self.users.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it

        self.new_username = QLineEdit()
        self.new_username.setObjectName("newUsername")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newDisplayName")
        self.new_role = QComboBox()
        self.new_role.setObjectName("newRole")
        for role, name in self.role_names.items():
            self.new_role.addItem(name, role.value)
        self.new_password = QLineEdit()
        self.new_password.setObjectName("newPassword")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_strength = PasswordStrength(
            self.new_password,
            context.lang,
            known=lambda: [self.new_username.text(), self.new_name.text()],
            database=lambda: self.context.counter.file,
            name="newPasswordStrength",
        )
        add = QPushButton(self.tr("Add user"))
        add.setObjectName("addUserButton")
        add.clicked.connect(self.add_user)
        # Enter in the last field of a small form does what its button says.
        self.new_password.returnPressed.connect(self.add_user)
        add_box = QGroupBox(self.tr("New user"))
        add_form = QFormLayout(add_box)
        add_form.addRow(self.tr("User name"), self.new_username)
        add_form.addRow(self.tr("Name"), self.new_name)
        add_form.addRow(self.tr("Role"), self.new_role)
        add_form.addRow(self.tr("First password"), self.new_password)
        add_form.addRow("", self.new_strength)
        add_form.addRow("", add)

        self.reset_password = QLineEdit()
        self.reset_password.setObjectName("resetPassword")
        self.reset_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reset_strength = PasswordStrength(
            self.reset_password,
            context.lang,
            known=self._chosen_names,
            database=lambda: self.context.counter.file,
            name="resetPasswordStrength",
        )
        reset = QPushButton(self.tr("Set this password"))
        reset.setObjectName("resetPasswordButton")
        reset.clicked.connect(self.reset)
        self.reset_password.returnPressed.connect(self.reset)
        self.toggle = QPushButton(self.tr("Disable / enable the account"))
        self.toggle.setObjectName("toggleUserButton")
        self.toggle.clicked.connect(self.toggle_active)
        chosen_box = QGroupBox(self.tr("Chosen user"))
        chosen_form = QFormLayout(chosen_box)
        chosen_form.addRow(self.tr("New password"), self.reset_password)
        chosen_form.addRow("", self.reset_strength)
        chosen_form.addRow("", reset)
        chosen_form.addRow("", self.toggle)

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idleMinutes")
        self.idle_minutes.setRange(1, 240)
        self.keep_days = QSpinBox()
        self.keep_days.setObjectName("backupKeepDays")
        self.keep_days.setRange(30, 3650)  # lengthened only (domain.staff)
        self.complaint_phone = QLineEdit()
        self.complaint_phone.setObjectName("complaintPhone")
        save = QPushButton(self.tr("Save settings"))
        save.setObjectName("saveSettingsButton")
        save.clicked.connect(self.save_settings)
        settings_box = QGroupBox(self.tr("Station settings"))
        settings_form = QFormLayout(settings_box)
        settings_form.addRow(self.tr("Lock after idle minutes"), self.idle_minutes)
        settings_form.addRow(self.tr("Keep backups for days"), self.keep_days)
        settings_form.addRow(self.tr("Complaint phone"), self.complaint_phone)
        settings_form.addRow("", save)

        # The counter's card reader: the vendor's library is the station's, never shipped.
        self.reader_kind = QComboBox()
        self.reader_kind.setObjectName("cardReaderKind")
        for kind, name in (
            ("none", self.tr("none: details are typed")),
            ("simulated", self.tr("simulated: cards from a folder (training)")),
            ("termb", self.tr("termb family (termb.dll / libtermb.so)")),
            ("sdtapi", self.tr("SAM interface (sdtapi.dll / libsdtapi.so)")),
        ):
            self.reader_kind.addItem(name, kind)
        self.reader_library = QLineEdit()
        self.reader_library.setObjectName("cardReaderLibrary")
        self.reader_library.setPlaceholderText(
            self.tr("the vendor's library file or its folder (simulated: the cards' folder)")
        )
        self.reader_port = QSpinBox()
        self.reader_port.setObjectName("cardReaderPort")
        self.reader_port.setRange(0, 9999)
        self.reader_port.setSpecialValueText(self.tr("USB, found by itself"))
        self.photo_library = QLineEdit()
        self.photo_library.setObjectName("cardPhotoLibrary")
        self.photo_library.setPlaceholderText(self.tr("SAM interface: the photo decoder library"))
        self.camera_kind = QComboBox()
        self.camera_kind.setObjectName("documentCamera")
        for kind, name in (
            ("camera", self.tr("the PC's camera (USB document camera)")),
            ("simulated", self.tr("simulated: generated pages (training)")),
            ("none", self.tr("none: pages from files only")),
        ):
            self.camera_kind.addItem(name, kind)
        save_reader = QPushButton(self.tr("Save and look for the reader"))
        save_reader.setObjectName("saveReaderButton")
        save_reader.clicked.connect(self.save_reader)
        self.reader_found = QLabel()
        self.reader_found.setObjectName("readerFound")
        self.reader_found.setWordWrap(True)
        reader_box = QGroupBox(self.tr("Card reader and document camera"))
        reader_form = QFormLayout(reader_box)
        reader_form.addRow(self.tr("Reader"), self.reader_kind)
        reader_form.addRow(self.tr("Library"), self.reader_library)
        reader_form.addRow(self.tr("Port"), self.reader_port)
        reader_form.addRow(self.tr("Photo decoder"), self.photo_library)
        reader_form.addRow(self.tr("Document camera"), self.camera_kind)
        reader_form.addRow("", save_reader)
        reader_form.addRow("", self.reader_found)

        self.centre_key = QLineEdit()
        self.centre_key.setObjectName("centreSigningKey")
        self.centre_key.setPlaceholderText(self.tr("the centre's signing key (from the centre)"))
        trust = QPushButton(self.tr("Trust this centre key"))
        trust.setObjectName("trustCentreButton")
        trust.clicked.connect(self.trust_centre)
        self.centre_key.returnPressed.connect(self.trust_centre)
        install = QPushButton(self.tr("Install the centre's reference file…"))
        install.setObjectName("installReferenceButton")
        install.clicked.connect(lambda: self.install_reference())
        enrolment = QPushButton(self.tr("Write the deciders' enrolment requests…"))
        enrolment.setObjectName("enrolmentRequestsButton")
        enrolment.setToolTip(
            self.tr(
                "Supervisors' and administrators' signing keys the centre has not enrolled: "
                "carry the file to the centre; its next reference file enrols them."
            )
        )
        enrolment.clicked.connect(lambda: self.write_enrolment_requests())
        centre_box = QGroupBox(self.tr("City centre"))
        centre_form = QFormLayout(centre_box)
        centre_form.addRow(self.tr("Signing key"), self.centre_key)
        centre_form.addRow("", trust)
        centre_form.addRow("", install)
        centre_form.addRow("", enrolment)

        registration = QPushButton(self.tr("Station registration…"))
        registration.setObjectName("showRegistrationButton")
        registration.clicked.connect(self.show_registration)
        lost = QPushButton(self.tr("The recovery sheet is lost: make a new secret…"))
        lost.setObjectName("recoveryLostButton")
        lost.clicked.connect(self.recovery_sheet_lost)
        keys_box = QGroupBox(self.tr("Station keys"))
        keys_form = QVBoxLayout(keys_box)
        keys_form.addWidget(registration)
        keys_form.addWidget(lost)

        self.installation = Installation.running()
        self.release_label = QLabel()
        self.release_label.setObjectName("releaseLabel")
        self.release_label.setWordWrap(True)
        self.update_button = QPushButton(self.tr("Install an update from a file…"))
        self.update_button.setObjectName("installUpdateButton")
        self.update_button.clicked.connect(lambda: self.install_update())
        self.rollback_button = QPushButton()
        self.rollback_button.setObjectName("rollbackButton")
        self.rollback_button.clicked.connect(self.roll_back)
        release_box = QGroupBox(self.tr("Release of the desk"))
        release_form = QVBoxLayout(release_box)
        release_form.addWidget(self.release_label)
        release_form.addWidget(self.update_button)
        release_form.addWidget(self.rollback_button)

        side_panel = QWidget()
        side_panel.setMaximumWidth(440)
        side = QVBoxLayout(side_panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(add_box)
        side.addWidget(chosen_box)
        side.addWidget(settings_box)
        side.addWidget(reader_box)
        side.addWidget(centre_box)
        side.addWidget(keys_box)
        side.addWidget(release_box)
        side.addStretch()
        self.users.setMinimumWidth(360)
        # Scrolls rather than make the window taller than a 1366×768 counter screen allows.
        side_scroll = QScrollArea()
        side_scroll.setWidget(side_panel)
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setMaximumWidth(460)
        row = QHBoxLayout(self)
        row.addWidget(self.users, 3)
        row.addWidget(side_scroll, 2)
        self.refresh()
        self.show_release()

    def refresh(self) -> None:
        context = self.context
        with context.messages.guard():
            users = staff.staff(context.counter, context.user)
            settings = staff.settings(context.counter, context.user)
            self.accounts = {user.username: user for user in users}
            self.users.setRowCount(len(users))
            for row, user in enumerate(users):
                if not user.active:
                    account = self.tr("disabled")
                elif user.locked:
                    account = self.tr("locked (too many wrong passwords)")
                elif not user.has_password:
                    account = self.tr("no password yet")
                else:
                    account = self.tr("active")
                values = (user.username, user.display_name, self.role_names[user.role], account)
                for column, value in enumerate(values):
                    item = QTableWidgetItem(value)
                    item.setData(Qt.ItemDataRole.UserRole, user.username)
                    self.users.setItem(row, column, item)
            self.idle_minutes.setValue(settings.idle_lock_minutes)
            self.keep_days.setValue(settings.backup_keep_days)
            self.complaint_phone.setText(settings.complaint_phone)
            chosen = self.reader_kind.findData(settings.card_reader)
            self.reader_kind.setCurrentIndex(max(0, chosen))
            self.reader_library.setText(settings.card_reader_library)
            self.reader_port.setValue(settings.card_reader_port)
            self.photo_library.setText(settings.card_photo_library)
            chosen = self.camera_kind.findData(settings.document_camera)
            self.camera_kind.setCurrentIndex(max(0, chosen))

    def select_user(self, username: str) -> None:
        for row in range(self.users.rowCount()):
            item = self.users.item(row, 0)
            if item is not None and item.text() == username:
                self.users.selectRow(row)
                return

    def _chosen_names(self) -> list[str]:
        """The chosen user's names (what an attacker of their password knows first)."""
        item = self.users.item(self.users.currentRow(), 0)
        account = None if item is None else self.accounts.get(item.text())
        return [] if account is None else [account.username, account.display_name]

    def _chosen(self) -> str | None:
        item = self.users.item(self.users.currentRow(), 0)
        if item is None:
            self.context.messages.error(self.tr("Choose a user in the list first."))
            return None
        return item.text()

    def add_user(self) -> None:
        added = operations.act(
            lambda: staff.add_user(
                self.context.counter,
                self.context.user,
                username=self.new_username.text(),
                display_name=self.new_name.text(),
                role=Role(self.new_role.currentData()),
                password=self.new_password.text(),
            ),
            messages=self.context.messages,
        )
        if added is None:
            return
        username = self.new_username.text().strip()
        for field in (self.new_username, self.new_name, self.new_password):
            field.clear()
        self.refresh()
        self.select_user(username)
        self.new_username.setFocus()  # ready for the next one
        self.context.messages.info(self.tr("User {0} added.").format(username))

    def reset(self) -> None:
        username = self._chosen()
        if username is None:
            return
        done = operations.act(
            lambda: staff.reset_password(
                self.context.counter,
                self.context.user,
                username=username,
                password=self.reset_password.text(),
            ),
            messages=self.context.messages,
        )
        if done is None:
            return
        self.reset_password.clear()
        self.refresh()
        self.select_user(username)
        self.context.messages.info(self.tr("Password of {0} set.").format(username))

    def toggle_active(self) -> None:
        username = self._chosen()
        if username is None:
            return
        active = self.accounts[username].active
        done = operations.act(  # disabling re-keys an encrypted case file: a while
            lambda: staff.set_active(
                self.context.counter, self.context.user, username=username, active=not active
            ),
            messages=self.context.messages,
        )
        if done is None:
            return
        rekeyed = done.value
        self.refresh()
        self.select_user(username)
        if rekeyed is not None:
            said = self.tr(
                "{0} is disabled and the case file has a new key: their password, or a copy of "
                "the keyring, opens nothing written from now on."
            ).format(username)
            if rekeyed.without_slot:
                said += " " + self.tr("Set a new password for: {0}").format(
                    ", ".join(rekeyed.without_slot)
                )
            self.context.messages.info(said)
            if rekeyed.recovery_secret is not None:  # a recovery slot from before: a new one
                self._show_secret(rekeyed.recovery_secret)

    def show_registration(self) -> None:
        """The station's registration for the centre: text, QR code, a signed file to save."""
        from hukou_desk.services import registration
        from hukou_desk.ui.recovery import RegistrationDialog

        made = operations.act(
            lambda: registration.registration(self.context.counter, self.context.user),
            messages=self.context.messages,
        )
        if made is None:
            return
        dialog = RegistrationDialog(made.value, self.context.lang, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def recovery_sheet_lost(self) -> None:
        """A new recovery secret, shown once; the case file re-keyed so the old sheet opens
        neither it nor its backups."""
        from hukou_desk.services import rekey

        question = self.tr(
            "Make a new recovery secret? The case file gets a new key, and the lost sheet will "
            "open neither it nor its backups. Print or write down the new secret at once."
        )
        if not self.context.messages.confirm(question):
            return
        secret = operations.act(
            lambda: rekey.new_recovery_secret(self.context.counter, self.context.user),
            messages=self.context.messages,
        )
        if secret is not None:
            self._show_secret(secret.value)

    def _show_secret(self, secret: str) -> None:
        from hukou_desk.ui.vault import RecoverySecretDialog

        self.secret_dialog = RecoverySecretDialog(secret, [], self)
        self.secret_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.secret_dialog.open()

    def trust_centre(self) -> None:
        from hukou_desk.services import exchange  # loaded when first used, not at every start

        trusted = operations.act(
            lambda: exchange.trust_centre(
                self.context.counter, self.context.user, public_key=self.centre_key.text()
            ),
            messages=self.context.messages,
        )
        if trusted is None:
            return
        self.context.messages.info(self.tr("The centre's signing key is trusted."))

    def install_reference(self, path: Path | None = None) -> None:
        """The centre's forms, keys and staff, from its signed reference file."""
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, self.tr("The centre's reference file"), str(Path.home())
            )
            if not chosen:
                return
            path = Path(chosen)
        from hukou_desk.services import exchange

        chosen_path = path
        installed = operations.act(
            lambda: exchange.install_reference(
                self.context.counter, self.context.user, data=chosen_path.read_bytes()
            ),
            messages=self.context.messages,
        )
        if installed is None:
            return
        done = installed.value
        self.refresh()
        self.context.messages.info(
            self.tr(
                "Reference data installed: {0} form files, {1} station keys, {2} new staff. "
                "Restart the desk to use the new forms."
            ).format(done["forms"], done["stations"], done["staff_added"])
            + (
                " "
                + self.tr("{0} time limits counted with the new working-day calendar.").format(
                    done["deadlines_counted"]
                )
                if done.get("deadlines_counted")
                else ""
            )
        )

    def write_enrolment_requests(self, path: Path | None = None) -> None:
        """The deciders' keys for the centre to enrol, signed by them and the station."""
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Enrolment requests for the centre"),
                str(Path.home() / "enrolment-requests.json"),
            )
            if not chosen:
                return
            path = Path(chosen)
        import json

        from hukou_desk.files import write_whole
        from hukou_desk.services import exchange

        target = path

        def write() -> bytes:
            data = exchange.enrolment_requests(self.context.counter, self.context.user)
            write_whole(target, data)
            return data

        written = operations.act(write, messages=self.context.messages)
        if written is None:
            return
        data = written.value
        names = ", ".join(r["username"] for r in json.loads(data)["requests"])
        self.context.messages.info(
            self.tr("{0} enrolment requests written ({1}): carry the file to the centre.").format(
                len(json.loads(data)["requests"]), names or "-"
            )
        )

    def save_settings(self) -> None:
        saved = operations.act(
            lambda: staff.change_settings(
                self.context.counter,
                self.context.user,
                idle_lock_minutes=self.idle_minutes.value(),
                backup_keep_days=self.keep_days.value(),
                complaint_phone=self.complaint_phone.text().strip(),
            ),
            messages=self.context.messages,
        )
        if saved is None:
            return
        self.settings_saved.emit(saved.value.idle_lock_minutes)
        self.context.messages.info(self.tr("Settings saved."))

    def save_reader(self) -> None:
        """The reader chosen, saved (audited), then looked for: the panel says what answers."""
        context = self.context
        saved = operations.act(
            lambda: staff.change_settings(
                context.counter,
                context.user,
                card_reader=self.reader_kind.currentData(),
                card_reader_library=self.reader_library.text().strip(),
                card_reader_port=self.reader_port.value(),
                card_photo_library=self.photo_library.text().strip(),
                document_camera=self.camera_kind.currentData(),
            ),
            messages=context.messages,
        )
        if saved is None:
            return
        self.reader_found.setText(self.tr("Looking for the reader…"))
        operations.run(
            lambda _job: cards.connect(context.counter, context.user, again=True),
            messages=context.messages,
            on_success=lambda found: self.reader_found.setText(found(context.lang)),
            parent=self,
        )

    def show_release(self) -> None:
        """The release in use and the one kept to go back to; the buttons only where they work."""
        installation = self.installation
        state = installation.state() if installation is not None else None
        if installation is None or state is None or state["current"] is None:
            self.release_label.setText(
                self.tr(
                    "Release {0}, run from a developer's copy: updates are installed on an "
                    "installed station."
                ).format(__version__)
            )
            self.update_button.setEnabled(False)
            self.rollback_button.setText(self.tr("Roll back to the previous release"))
            self.rollback_button.setEnabled(False)
            return
        previous = state["previous"]
        self.release_label.setText(
            self.tr("Release in use: {0}. Kept to go back to: {1}.").format(
                state["current"], previous or self.tr("none")
            )
        )
        self.update_button.setEnabled(True)
        self.rollback_button.setText(
            self.tr("Roll back to release {0}").format(previous)
            if previous
            else self.tr("Roll back to the previous release")
        )
        self.rollback_button.setEnabled(previous is not None)

    def install_update(self, path: Path | None = None) -> operations.Operation[object] | None:
        """A signed release from the centre, from a stick: checked, confirmed, installed beside
        the one in use (the case file backed up first); the desk is then started again."""
        from hukou_desk.services import updates

        installation = self.installation
        if installation is None:
            return None
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self,
                self.tr("The update package"),
                str(Path.home()),
                self.tr("Update packages (*.hkdupdate)"),
            )
            if not chosen:
                return None
            path = Path(chosen)
        context = self.context
        package = path
        inspected = operations.act(
            lambda: updates.inspect(context.counter, context.user, package),
            messages=context.messages,
        )
        if inspected is None:
            return None
        release = inspected.value
        question = self.tr(
            "Install release {0} ({1} MB, signed by the centre)? The case file is backed up "
            "first, and release {2} is kept to go back to. The desk must then be started again."
        ).format(
            release.version,
            max(1, release.size // (1024 * 1024)),
            installation.state()["current"] or __version__,
        )
        if not context.messages.confirm(question):
            return None

        def work(job: operations.Job) -> object:
            return updates.install(
                context.counter,
                context.user,
                path,
                installation=installation,
                progress=lambda done, total: job.progress(done * 100 // max(total, 1)),
            )

        return operations.run(
            work,
            messages=context.messages,
            on_success=self._installed,
            on_failure=lambda _error: self.show_release(),
            parent=self,
            label=self.tr("Installing the update. Do not switch the PC off."),
            progress=True,
        )

    def _installed(self, installed: object) -> None:
        from hukou_desk.services.updates import Installed

        assert isinstance(installed, Installed)
        self.show_release()
        self.context.messages.info(
            self.tr(
                "Release {0} is installed. Close the desk and start it again: its first start "
                "upgrades the case file (after a backup)."
            ).format(installed.version)
        )

    def roll_back(self) -> None:
        from hukou_desk.services import updates

        installation = self.installation
        if installation is None:
            return
        previous = installation.state()["previous"]
        context = self.context
        question = self.tr(
            "Go back to release {0}? The case file is backed up, then taken back to what that "
            "release reads; the cases recorded since stay. The desk then closes: start it again."
        ).format(previous)
        if not context.messages.confirm(question):
            return
        back = operations.act(
            lambda: updates.rollback(context.counter, context.user, installation=installation),
            messages=context.messages,
        )
        if back is None:
            return
        self.show_release()
        context.messages.info(
            self.tr("Rolled back to release {0}. Start the desk again.").format(back.value.version)
        )
        self.restart_needed.emit()
