"""Storage errors a clerk can meet, each with what to do next, in both languages."""

from __future__ import annotations

from pathlib import Path

from hukou_desk.domain.errors import HukouDeskError
from hukou_desk.domain.text import text


class StorageError(HukouDeskError):
    """The case file cannot do what was asked; nothing was changed."""


class CorruptDatabase(StorageError):
    """The file fails SQLite's quick_check, or is not a database at all."""

    def __init__(self, path: Path, detail: str, latest_backup: Path | None) -> None:
        offer_zh = (
            f"可从最近的备份 {latest_backup.name} 恢复。"
            if latest_backup
            else "没有可用的备份，请联系管理员。"
        )
        offer_en = (
            f"The latest backup, {latest_backup.name}, can be restored."
            if latest_backup
            else "No backup is available; call the administrator."
        )
        super().__init__(
            text(
                f"案件数据库 {path.name} 已损坏（{detail}）。{offer_zh}",
                f"The case file {path.name} is damaged ({detail}). {offer_en}",
            )
        )
        self.path = path
        self.latest_backup = latest_backup


class CaseFileLocked(StorageError):
    """An encrypted case file opened without its key."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            text(
                f"案件数据库 {path.name} 已加密：请用本所人员的账号登录后打开。",
                f"The case file {path.name} is encrypted: sign in as one of the station's "
                "staff to open it.",
            )
        )
        self.path = path


class LostCaseFile(StorageError):
    """The case file is gone or empty while backups of it exist: never replaced silently."""

    def __init__(self, path: Path, latest_backup: Path) -> None:
        super().__init__(
            text(
                f"案件数据库 {path.name} 不见了或是空的，但本机有它的备份（最近一份为 "
                f"{latest_backup.name}）。可以从备份恢复，或者明确地新建一个空的案件数据库。",
                f"The case file {path.name} is missing or empty, though this PC holds backups "
                f"of it (the latest is {latest_backup.name}). Restore it from the backup, or "
                "start a new, empty case file on purpose.",
            )
        )
        self.path = path
        self.latest_backup = latest_backup


class NewerDatabase(StorageError):
    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            text(
                f"案件数据库 {path.name} 由更新版本的户籍通创建（结构版本 {revision}），"
                "本程序不能打开，请先升级本程序。",
                f"The case file {path.name} was written by a newer hukou-desk (schema "
                f"{revision}); this version cannot open it. Update hukou-desk first.",
            )
        )
        self.revision = revision


class ReadOnlyCaseFile(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            text(
                f"无法写入案件数据库所在的文件夹 {path.parent}（只读或没有权限）。"
                "请让管理员为您的账号开放该文件夹的写入权限；文件本身没有损坏。",
                f"The case file's folder {path.parent} cannot be written (read-only, or no "
                "permission). Ask the administrator to let your account write there; the "
                "file itself is not damaged.",
            )
        )
        self.path = path


class DatabaseInUse(StorageError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            text(
                f"案件数据库 {path.name} 已在另一个户籍通窗口中打开，请切换到那个窗口。",
                f"The case file {path.name} is already open in another hukou-desk window; "
                "switch to that window.",
            )
        )


class DiskFull(StorageError):
    def __init__(self) -> None:
        super().__init__(
            text(
                "磁盘已满，本次操作未保存（已录入的内容仍在）。请清理磁盘空间后重试。",
                "The disk is full; this action was not saved (what you typed is still here). "
                "Free some disk space and try again.",
            )
        )


class DatabaseBusy(StorageError):
    def __init__(self) -> None:
        super().__init__(
            text(
                "案件数据库正忙（另一程序正在写入），本次操作未保存，请稍后重试。",
                "The case file is busy (another program is writing); this action was not "
                "saved. Try again in a moment.",
            )
        )


class BackupError(StorageError):
    """A backup that cannot be made, found or restored."""


class NotFound(StorageError):
    """A case, person or user that does not exist."""


class DamagedRow(StorageError):
    """A stored value the program never writes (edited outside the app, or a damaged page)."""

    def __init__(self, where: str, field: str, value: object) -> None:
        shown = repr(value)[:40]
        super().__init__(
            text(
                f"案件数据库中 {where} 的“{field}”值 {shown} 无效（可能在本程序之外被改动）。"
                "请联系管理员核查，或从备份恢复。",
                f"The case file holds an invalid {field} {shown} for {where} (changed outside "
                "hukou-desk?). Ask the administrator to check it, or restore a backup.",
            )
        )
