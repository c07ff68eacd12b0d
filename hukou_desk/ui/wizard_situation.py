"""Step 2 of the wizard, the situation: family, home, work and study."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hukou_desk.ui.context import Context
from hukou_desk.ui.fields import RegionBox
from hukou_desk.ui.finder import judge
from hukou_desk.ui.situation import SituationForm
from hukou_desk.ui.wizard_step import State, Step, scrolled


class SituationStep(Step):
    """Family, home, work and study: the questions open up as the answers make them relevant."""

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("Situation")
        self.form = SituationForm(
            context.policy, context.lang, progressive=True, with_relatives=False
        )
        self.form.hide_field("applicant.id_number")
        self.form.hide_field("sponsor.id_number")  # asked with the other people, in step 4
        self.form.changed.connect(self.changed)
        for field in self.form.fields.values():
            if isinstance(field, RegionBox):
                field.refused = context.messages.error
        hint = QLabel(
            self.tr(
                "Answer what the applicant can tell; more questions appear as they become "
                "relevant. Leave 'not known' where the answer is not known yet."
            )
        )
        hint.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(hint)
        column.addWidget(scrolled(self.form))

    def set_applicant(self, id_number: str) -> None:
        self.form.set_value("applicant.id_number", id_number)

    def state(self) -> State:
        facts = self.form.raw_facts()
        facts.get("applicant", {}).pop("id_number", None)
        return facts

    def restore(self, state: State) -> None:
        keep = self.form.fields["applicant.id_number"].fact()
        self.form.restore(state)
        self.form.set_value("applicant.id_number", keep)

    def problem(self) -> str | None:
        for field in self.form.fields.values():
            if isinstance(field, RegionBox) and field.isVisibleTo(self) and field.invalid():
                return self.tr(
                    "“{0}” is not a district: type part of its name, or its six-digit code."
                ).format(field.typed())
        checked = judge(self.form.raw_facts(), self.context.policy)
        if isinstance(checked, str):
            where, why = checked.split("|", 1)
            return self.tr("Check the field {0}: {1}").format(where, why)
        return None
