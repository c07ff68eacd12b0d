import pytest

from hukou_desk.domain.lifecycle import Role
from hukou_desk.domain.staff import (
    MANAGE_STAFF,
    NotPermitted,
    check_account_change,
    require_role,
)


def test_only_administrators_manage_staff():
    require_role(Role.ADMIN, {Role.ADMIN}, MANAGE_STAFF)
    for role in (Role.CLERK, Role.SUPERVISOR):
        with pytest.raises(NotPermitted) as refused:
            require_role(role, {Role.ADMIN}, MANAGE_STAFF)
        assert refused.value.message.en == (
            "Only an administrator may manage accounts and station settings."
        )
        assert refused.value.message.zh == "只有管理员可以管理账号和本所设置。"


def test_role_lists_are_named_in_order():
    with pytest.raises(NotPermitted) as refused:
        require_role(Role.CLERK, {Role.ADMIN, Role.SUPERVISOR}, MANAGE_STAFF)
    assert "Only a supervisor or administrator" in refused.value.message.en
    assert "审批人或管理员" in refused.value.message.zh


def _change(**kw):
    base = dict(
        actor="admin",
        target="clerk",
        target_role=Role.CLERK,
        target_active=True,
        disabling=True,
        other_active_admins=0,
    )
    base.update(kw)
    check_account_change(**base)


def test_nobody_disables_themselves():
    with pytest.raises(NotPermitted, match="your own account"):
        _change(target="admin", target_role=Role.ADMIN, other_active_admins=3)


def test_the_last_active_administrator_stays():
    with pytest.raises(NotPermitted, match="last active administrator"):
        _change(target="admin2", target_role=Role.ADMIN)
    _change(target="admin2", target_role=Role.ADMIN, other_active_admins=1)
    _change(target="admin2", target_role=Role.ADMIN, target_active=False)  # already disabled


def test_enabling_and_clerks_are_always_fine():
    _change()
    _change(target="admin", disabling=False)


def test_a_station_takes_moves_into_its_own_district_only():
    from hukou_desk.domain.staff import check_jurisdiction

    check_jurisdiction(station_district="440703", destination_district="440703")
    check_jurisdiction(station_district="440703", destination_district=None)
    with pytest.raises(NotPermitted) as refused:
        check_jurisdiction(station_district="440703", destination_district="440781")
    assert "台山市" in refused.value.message.zh and "440781" in refused.value.message.en


def test_backups_are_removed_by_the_stations_retention_alone():
    from hukou_desk.domain.staff import MIN_BACKUP_KEEP_DAYS, check_backup_retention

    check_backup_retention(keep_days=90, station_keep_days=MIN_BACKUP_KEEP_DAYS)
    check_backup_retention(keep_days=30, station_keep_days=30)
    with pytest.raises(NotPermitted) as refused:
        check_backup_retention(keep_days=1, station_keep_days=30)
    assert refused.value.message.en == (
        "Backups are removed only by the station's retention (30 days): a shorter one (1) is "
        "refused."
    )
    assert "保留期限" in refused.value.message.zh


def test_a_decider_needs_their_own_key_open_and_enrolled_by_the_centre():
    from hukou_desk.domain.staff import DeciderKey, check_decider_key, why_key_cannot_decide

    assert why_key_cannot_decide(DeciderKey.ENROLLED) is None
    check_decider_key(DeciderKey.ENROLLED)
    not_held = why_key_cannot_decide(DeciderKey.NOT_HELD)
    assert not_held is not None and "sign in again" in not_held.en
    with pytest.raises(NotPermitted, match="not enrolled by the centre") as refused:
        check_decider_key(DeciderKey.NOT_ENROLLED)
    assert "登记" in refused.value.message.zh
