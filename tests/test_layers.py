"""The layer order holds: domain <- storage <- keys <- slips <- sync <- services <- ui | cli,
the screens and the command line call services and nothing below them, and only the screens
and the wiring import Qt (import-linter contracts in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


# What the screens still receive from the services that is storage's own (a SQLModel row, the
# case file): each to become a read model. Nothing may be added here; the case list, the
# statistics, the administration and the sync tab are already free of them.
STORAGE_TYPES_LEFT = {
    # the intake and the review: being reworked (Submit as one call, the typed outcome)
    ("hukou_desk.services.intake", "CaseFile"),
    ("hukou_desk.services.intake", "Decision"),
    ("hukou_desk.services.intake", "Person"),
    ("hukou_desk.services.intake", "open_case"),
    ("hukou_desk.services.intake", "kept_for_case"),
    ("hukou_desk.services.decisions", "extend_time_limit"),
}


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
    """The storage types `value` is, or (a function) returns."""
    import typing

    def leaves(hint: object) -> list[object]:
        args = typing.get_args(hint)
        return [leaf for arg in args for leaf in leaves(arg)] if args else [hint]

    if isinstance(value, type):
        found = [value]
    elif callable(value):
        found = leaves(typing.get_type_hints(value).get("return"))
    else:
        return []
    return [
        f"{kind.__module__}.{kind.__name__}"
        for kind in found
        if isinstance(kind, type) and kind.__module__.startswith("hukou_desk.storage")
    ]


def test_the_screens_get_no_storage_type_through_the_services():
    """The import contract keeps `hukou_desk.storage` out of the screens' imports; this keeps it
    out of what they take from the services too: no name re-exported from storage, no service
    function a screen calls that returns storage's types (rows, the case file) — but for the
    ones listed as left to do."""
    import importlib

    leaking = {}
    for (module, name), where in _from_services().items():
        value = getattr(importlib.import_module(module), name, None)
        kinds = _storage_types(value)
        if kinds and (module, name) not in STORAGE_TYPES_LEFT:
            leaking[f"{module}.{name}"] = (kinds, sorted(where))
    assert leaking == {}
    # The list shrinks as read models arrive: an entry no longer needed must go.
    still = {
        (module, name)
        for (module, name) in STORAGE_TYPES_LEFT
        if _storage_types(getattr(importlib.import_module(module), name, None))
    }
    assert still == STORAGE_TYPES_LEFT


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
