"""Step 4's people as the printed papers need them: each relative's details, the householder
and how the applicant stands to them, and each person's own papers."""

from __future__ import annotations

import subprocess

import pytest

from hukou_desk.domain.facts import Facts
from hukou_desk.domain.identity import check_character
from hukou_desk.domain.parties import PartyRole
from hukou_desk.services import intake, printing
from hukou_desk.slips.content import SlipKind
from tests.services.conftest import APPLICANT, TODAY, open_spouse_case, spouse_facts


def _ident(first17: str) -> str:
    return first17 + check_character(first17)


@pytest.mark.slow
def test_relatives_details_and_the_householder_reach_the_application_form(
    counter, people, tmp_path
):
    clerk = people["clerk"]
    ref = open_spouse_case(counter, clerk)
    son = _ident("44070320150606123")
    mother = _ident("44070319600101002")
    householder = _ident("44070319580202001")
    # The specialist route lets a child and a parent come along (the spouse route, none).
    facts = spouse_facts().model_dump(mode="json", exclude_none=True)
    facts["applicant"]["education"] = "21"
    facts["destination"] = {
        "district": "440703",
        "relation_to_householder": "38",  # daughter-in-law of the householder
    }
    facts["relatives"] = [
        {"name": "陈小宝", "id_number": son, "relationship": "20", "marital_status": "10"},
        {"name": "王秀英", "id_number": mother, "relationship": "52", "ethnicity": "08"},
    ]
    intake.revise_intake(
        counter,
        clerk,
        case_id=ref.id,
        applicant=intake.Applicant(APPLICANT, "陈小明", ethnicity="01"),
        facts=Facts.model_validate(facts),
        pathway_id="specialist",
        district="440703",
    )
    intake.set_people(
        counter,
        clerk,
        case_id=ref.id,
        people=[
            intake.Party(PartyRole.SPONSOR, _ident("44070319880505001"), "李华", "10"),
            intake.Party(PartyRole.HOUSEHOLDER, householder, "李大海"),
            intake.Party(PartyRole.RELATIVE, son, "陈小宝", "20", {"marital_status": "10"}),
            intake.Party(
                PartyRole.RELATIVE, mother, "王秀英", "52", {"ethnicity": "08", "education": "61"}
            ),
        ],
    )
    found = intake.open_case(counter, clerk, number=ref.number)
    stored = {p.name: p for _role, p in found.parties}
    assert stored["王秀英"].ethnicity == "08" and stored["王秀英"].education == "61"
    assert stored["陈小宝"].marital_status == "10"

    # Each relative's own papers: the mother (66) shows her card, the boy (11) does not;
    # each proves the relationship.
    needed = {(f.document_id, f.party) for f in intake.findings(counter, clerk, case_id=ref.id)}
    assert ("resident_id_card", "relatives[1]") in needed
    assert ("resident_id_card", "relatives[0]") not in needed
    assert {("birth_certificate", "relatives[0]"), ("birth_certificate", "relatives[1]")} <= needed
    assert ("household_register", "sponsor") in needed

    printed = printing.preview(counter, clerk, kind=SlipKind.APPLICATION_FORM, number=ref.number)
    path = tmp_path / "form.pdf"
    path.write_bytes(printed.pdf)
    shown = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "迁入户户主" in shown and "李大海" in shown and "儿媳" in shown
    assert "壮族" in shown  # the mother's ethnicity, in the relatives' table
    assert TODAY.isoformat()[:4] in shown


def test_a_missing_or_damaged_scan_stops_the_export_with_what_to_scan_again(
    counter, people, tmp_path
):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from hukou_desk import keys
    from hukou_desk.domain.errors import HukouDeskError
    from hukou_desk.services import exchange
    from hukou_desk.storage.attachments import path_of

    clerk, admin = people["clerk"], people["admin"]
    exchange.install_centre_key(
        counter, admin, public_key=keys.public_text(X25519PrivateKey.generate())
    )
    ref = open_spouse_case(counter, clerk)
    finding = intake.findings(counter, clerk, case_id=ref.id)[0]
    scan = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    intake.attach_scan(
        counter,
        clerk,
        case_id=ref.id,
        document_id=finding.document_id,
        party=finding.party,
        file_name="scan.pdf",
        content=scan,
    )
    import hashlib

    stored = path_of(counter.database.attachments_dir, hashlib.sha256(scan).hexdigest())
    stored.write_bytes(scan[:-5])  # the disk damaged it
    with pytest.raises(HukouDeskError) as refused:
        exchange.export(counter, admin, out=tmp_path / "out.hkb")
    said = refused.value.describe("zh")
    name = counter.policy.documents[finding.document_id].name.zh
    assert ref.number in said and name in said and "已损坏" in said
    assert not (tmp_path / "out.hkb").exists()
    stored.unlink()  # and now it is gone
    with pytest.raises(HukouDeskError) as refused:
        exchange.export(counter, admin, out=tmp_path / "out.hkb")
    assert "缺失" in refused.value.describe("zh")
    stored.write_bytes(scan)  # scanned again (the same file)
    exchange.export(counter, admin, out=tmp_path / "out.hkb")
    assert (tmp_path / "out.hkb").stat().st_size > 0
