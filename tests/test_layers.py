"""The layer order holds: domain <- storage <- keys <- slips <- sync <- services <- ui | cli,
the screens and the command line call services and nothing below them, and only the screens
and the wiring import Qt (import-linter contracts in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept():
    # A process of its own: import-linter sets up logging in a way that would silence ours.
    done = subprocess.run(
        [Path(sys.executable).with_name("lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "3 kept, 0 broken" in done.stdout


def _from_services() -> dict[tuple[str, str], set[str]]:
    """Every name a screen takes from a service module: imported, or read as `module.name`."""
    import ast

    taken: dict[tuple[str, str], set[str]] = {}
    for path in sorted((ROOT / "hukou_desk" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules: dict[str, str] = {}
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            if node.module == "hukou_desk.services":
                for alias in node.names:
                    modules[alias.asname or alias.name] = f"hukou_desk.services.{alias.name}"
            elif node.module.startswith("hukou_desk.services."):
                for alias in node.names:
                    taken.setdefault((node.module, alias.name), set()).add(path.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
            ):
                taken.setdefault((modules[node.value.id], node.attr), set()).add(path.name)
    return taken


def _storage_types(value: object) -> list[str]:
    """The storage types `value` is, or (a function) returns — looking into the fields of the
    services' and the domain's own dataclasses it returns, so that no row rides in one."""
    import dataclasses
    import typing

    def leaves(hint: object) -> list[object]:
        args = typing.get_args(hint)
        return [leaf for arg in args for leaf in leaves(arg)] if args else [hint]

    def found_in(kind: object, seen: set[object]) -> list[str]:
        if not isinstance(kind, type) or kind in seen:
            return []
        seen.add(kind)
        if kind.__module__.startswith("hukou_desk.storage"):
            return [f"{kind.__module__}.{kind.__name__}"]
        if not dataclasses.is_dataclass(kind) or not kind.__module__.startswith("hukou_desk"):
            return []
        hints = typing.get_type_hints(kind)
        return [
            f"{name} in {kind.__name__}.{field.name}"
            for field in dataclasses.fields(kind)
            for leaf in leaves(hints[field.name])
            for name in found_in(leaf, seen)
        ]

    if isinstance(value, type):
        kinds = [value]
    elif callable(value):
        kinds = leaves(typing.get_type_hints(value).get("return"))
    else:
        return []
    seen: set[object] = set()
    return [name for kind in kinds for name in found_in(kind, seen)]


def test_the_screens_get_no_storage_type_through_the_services():
    """The import contract keeps `hukou_desk.storage` out of the screens' imports; this keeps it
    out of what they take from the services too: no name re-exported from storage, no service
    function a screen calls that returns storage's types (rows, the case file), nor a value
    that carries one. The signed-in user is a `Clerk`, the case file before the sign-in an
    `OpenFile`, a case a `domain.case_file.CaseFile`."""
    import importlib

    leaking = {}
    for (module, name), where in _from_services().items():
        kinds = _storage_types(getattr(importlib.import_module(module), name, None))
        if kinds and (module, name) not in HANDED_BACK:
            leaking[f"{module}.{name}"] = (kinds, sorted(where))
    assert leaking == {}


# What the screens hold of the services that has storage inside, only to hand it back: the
# `Counter` (the desk's plan, calendar, clock, card reader — and its case file, which the
# services work on). The screens read its plan and calendar; its case file they never read
# (the test below), and where a screen needs the file itself it has `counter.file`, a handle.
HANDED_BACK = {("hukou_desk.services.counter", "Counter")}


@pytest.mark.slow
def test_the_screens_never_read_the_counters_case_file():
    import ast

    reads = []
    for path in sorted((ROOT / "hukou_desk" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "database"
                and isinstance(node.value, ast.Name | ast.Attribute)
                and (node.value.id if isinstance(node.value, ast.Name) else node.value.attr)
                == "counter"
            ):
                reads.append(f"{path.name}:{node.lineno}")
    assert reads == []


def test_the_look_for_storage_types_sees_them():
    """The look above finds a row returned, and one carried in a returned value's field."""
    from hukou_desk.services import counter, intake, vault

    assert _storage_types(counter.open_case_file) == ["hukou_desk.storage.database.Database"]
    assert _storage_types(counter.Counter) == [
        "hukou_desk.storage.database.Database in Counter.database"
    ]
    assert _storage_types(vault.encrypt) == []
    assert _storage_types(intake.view_case) == []


def _handlers_and_threads(tree: object) -> list[str]:
    """What in a module is a widget's own way around `ui/operations.py`: a handler for the
    refusals (`except HukouDeskError`, alone or in a tuple) and a thread of its own
    (`threading`, `QThread`)."""
    import ast

    assert isinstance(tree, ast.AST)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            for kind in caught:
                name = kind.attr if isinstance(kind, ast.Attribute) else getattr(kind, "id", "")
                if name == "HukouDeskError":
                    found.append(f"line {node.lineno}: except HukouDeskError")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names]
            if any(n == "threading" or n.startswith("threading.") for n in names):
                found.append(f"line {node.lineno}: imports threading")
            if any(alias.name == "QThread" for alias in node.names):
                found.append(f"line {node.lineno}: QThread")
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.attr if isinstance(node, ast.Attribute) else node.id
            if name == "QThread":
                found.append(f"line {node.lineno}: QThread")
    return sorted(found, key=lambda said: int(said.split()[1].rstrip(":")))


def test_the_widgets_call_services_one_way():
    """`ui/operations.py` is the one way a widget calls a service: no widget catches the
    refusals itself or starts a thread of its own (operations.act / run say the failure)."""
    import ast

    own = {}
    for path in sorted((ROOT / "hukou_desk" / "ui").rglob("*.py")):
        if path.name == "operations.py" and path.parent.name == "ui":
            continue
        found = _handlers_and_threads(ast.parse(path.read_text(encoding="utf-8")))
        if found:
            own[str(path.relative_to(ROOT))] = found
    assert own == {}


def test_the_scan_for_own_handlers_finds_them():
    """The scan above finds what it looks for (so its silence means something)."""
    import ast

    code = """
import threading
from PySide6.QtCore import QThread
from hukou_desk.domain import errors
try:
    pass
except (ValueError, errors.HukouDeskError):
    pass
try:
    pass
except HukouDeskError as exc:
    pass
"""
    found = _handlers_and_threads(ast.parse(code))
    assert found == [
        "line 2: imports threading",
        "line 3: QThread",
        "line 7: except HukouDeskError",
        "line 11: except HukouDeskError",
    ]
