"""The `setting` table's entries and families (storage/registry.py): each read back as the type
it was written, a family's members told apart by their suffix, an early version's word read."""

from __future__ import annotations

from datetime import UTC, datetime

from hukou_desk.storage import registry
from hukou_desk.storage.models import Setting


def test_an_entry_is_read_back_as_it_was_written_and_dropped(db):
    with db.write() as session:
        assert registry.get(session, registry.REPLACED_KEY) is None
        registry.put(session, registry.REPLACED_KEY, "old-key")
        registry.put(session, registry.TRAINING, True)
        registry.put(session, registry.LAST_EXPORT, {"cases": 3, "地点": "白沙"})
        registry.put(session, registry.REMINDER_DAYS, 7)
    with db.read() as session:
        # Stored as text, read as the entry's type.
        # The audit chain's head, as the set-up's events left it: "seq:hash".
        seq, hash_ = registry.get(session, registry.AUDIT_HEAD)
        assert session.get(Setting, "audit.head").value == f"{seq}:{hash_}" and seq > 0
        assert session.get(Setting, "file.training").value == "yes"
        assert registry.get(session, registry.REPLACED_KEY) == "old-key"
        assert registry.get(session, registry.TRAINING) is True
        assert registry.get(session, registry.LAST_EXPORT) == {"cases": 3, "地点": "白沙"}
        assert registry.get(session, registry.REMINDER_DAYS) == 7
    with db.write() as session:
        registry.put(session, registry.TRAINING, False)
        registry.drop(session, registry.REPLACED_KEY)
        registry.drop(session, registry.REPLACED_KEY)  # dropping what is gone: nothing happens
    with db.read() as session:
        assert registry.get(session, registry.TRAINING) is False
        assert registry.get(session, registry.REPLACED_KEY) is None


def test_a_familys_members_are_its_names_with_their_suffix_and_no_other(db):
    with db.write() as session:
        registry.put(session, registry.IMPORTED_SEQ.entry("440703001"), 12)
        registry.put(session, registry.IMPORTED_SEQ.entry("440703001-02"), 4)
        # The same prefix ("sync."), other suffixes and entries: not members.
        registry.put(session, registry.IMPORTED_AUDIT.entry("440703001"), 99)
        registry.put(session, registry.EXPORTED_SEQ, 5)
        registry.put(session, registry.STATION_KEYS.entry("440703002"), "pem")
    with db.read() as session:
        assert registry.members(session, registry.IMPORTED_SEQ) == {
            "440703001": 12,
            "440703001-02": 4,
        }
        assert registry.members(session, registry.IMPORTED_AUDIT) == {"440703001": 99}
        assert registry.members(session, registry.STATION_KEYS) == {"440703002": "pem"}


def test_a_revocation_is_a_moment_and_an_early_versions_word_reads_as_the_epoch(db):
    at = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    with db.write() as session:
        registry.put(session, registry.REVOKED.entry("440703001"), at)
        session.merge(Setting(key="revoked.440703002", value="revoked"))  # as written before
    with db.read() as session:
        assert registry.members(session, registry.REVOKED) == {
            "440703001": at,
            "440703002": datetime(1970, 1, 1, tzinfo=UTC),
        }


def test_a_record_that_is_not_an_object_reads_as_an_empty_one(db):
    with db.write() as session:
        session.merge(Setting(key="sync.centre_word", value="[1, 2]"))
    with db.read() as session:
        assert registry.get(session, registry.CENTRE_WORD) == {}
