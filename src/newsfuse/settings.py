"""`Settings`: every tuned number of the analysis, its value and where the value comes from.

The numbers stay where the code that uses them is (a constant next to its function, with a comment
naming the bench and figure that set it); this module finds them by reading those modules' source
(module-level UPPER_CASE int or float constants of the stage packages), so the list never goes
stale. `Settings.defaults()` holds today's values; `settings.with_values(...)` another set, and
`settings.applied()` puts them in force for one run, restoring the defaults afterwards.
"""
from __future__ import annotations

import ast
import importlib
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# The packages and modules whose constants decide what the analysis finds (not how fast it runs or
# how a report looks: spark/, report/, api/ are left out).
ANALYSIS_MODULES = ("ingest", "nlp", "time", "events", "reuse", "compare", "store.incremental", "store.window",
                    "names")
_ROOT = Path(__file__).resolve().parent
_APPLY = threading.Lock()  # module constants are process-wide: one applied set at a time


@dataclass(frozen=True)
class Setting:
    name: str  # "module.CONSTANT", e.g. "reuse.candidates.LSH_THRESHOLD"
    value: int | float
    provenance: str  # the comment above the constant: what it is, and the bench that set it

    @property
    def module(self) -> str:
        return "newsfuse." + self.name.rsplit(".", 1)[0]

    @property
    def constant(self) -> str:
        return self.name.rsplit(".", 1)[1]


@dataclass(frozen=True)
class Settings:
    """Tuned thresholds by name ("events.linkage.DEFAULT_CANDIDATES"); defaults are today's values."""

    items: Mapping[str, Setting] = field(default_factory=lambda: _discovered())

    @classmethod
    def defaults(cls) -> Settings:
        return cls()

    def __getitem__(self, name: str) -> int | float:
        return self.items[name].value

    def __iter__(self) -> Iterator[str]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def provenance(self, name: str) -> str:
        return self.items[name].provenance

    def with_values(self, **values: int | float) -> Settings:
        """Other values for some settings, by name with "." written as "__" (a keyword cannot hold a
        dot): `with_values(reuse__candidates__LSH_THRESHOLD=0.3)`; or pass a dict via `**`."""
        items = dict(self.items)
        for key, value in values.items():
            name = key.replace("__", ".")
            if name not in items:
                raise KeyError(f"{name}: no such setting (see Settings().items)")
            items[name] = Setting(name, value, f"set by the caller (default {items[name].value})")
        return Settings(items)

    def changed(self) -> dict[str, int | float]:
        defaults = _discovered()
        return {n: s.value for n, s in self.items.items() if n in defaults and defaults[n].value != s.value}

    @contextmanager
    def applied(self) -> Iterator[None]:
        """These values in force for the duration of the block: the defining module's constant and
        every newsfuse module that imported it by name. A constant already bound as a function's
        default argument keeps its default there. Runs holding other settings wait for each other."""
        changed = self.changed()
        if not changed:
            yield
            return
        with _APPLY:
            saved = []
            try:
                for name, value in changed.items():
                    setting = _discovered()[name]
                    owner = importlib.import_module(setting.module)
                    for module in [owner, *_importers(setting)]:
                        saved.append((module, setting.constant, getattr(module, setting.constant)))
                        setattr(module, setting.constant, value)
                yield
            finally:
                for module, constant, value in reversed(saved):
                    setattr(module, constant, value)

    def to_json(self) -> dict[str, dict[str, int | float | str]]:
        return {n: {"value": s.value, "provenance": s.provenance} for n, s in self.items.items()}


def in_force() -> dict[str, int | float]:
    """The settings whose value in force in this process differs from the default (their defining
    module's constant now, as `Settings.applied` set it): what a worker process started by this one
    must apply in turn (`parallel.ProcessExecutor`), since it imports the modules afresh."""
    changed: dict[str, int | float] = {}
    for name, setting in _discovered().items():
        module = sys.modules.get(setting.module)
        value = getattr(module, setting.constant, setting.value) if module is not None else setting.value
        if value != setting.value:
            changed[name] = value
    return changed


def with_changes(values: Mapping[str, int | float]) -> Settings:
    """The defaults with `values` (by full name, as `in_force` gives them) in their place."""
    items = dict(_discovered())
    for name, value in values.items():
        items[name] = Setting(name, value, f"in force in the parent process (default {items[name].value})")
    return Settings(items)


def _importers(setting: Setting) -> list[object]:
    """Loaded newsfuse modules other than the owner holding the same constant with the same value."""
    original = _discovered()[setting.name].value
    return [m for n, m in list(sys.modules.items())
            if n.startswith("newsfuse.") and n != setting.module and m is not None
            and getattr(m, setting.constant, None) == original and type(getattr(m, setting.constant)) is type(original)]


@lru_cache(maxsize=1)
def _discovered() -> dict[str, Setting]:
    found: dict[str, Setting] = {}
    for module in ANALYSIS_MODULES:
        base = _ROOT.joinpath(*module.split("."))
        files = sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]
        for path in files:
            found.update(_constants(path))
    return found


def _constants(path: Path) -> dict[str, Setting]:
    """Module-level UPPER_CASE int/float constants with the comment block above them (a constant
    right under another without a comment of its own shares that one's)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    relative = path.relative_to(_ROOT).with_suffix("")
    parts = list(relative.parts[:-1] if relative.name == "__init__" else relative.parts)
    prefix = ".".join(parts)
    found, last_comment, last_line = {}, "", -2
    for node in ast.parse("\n".join(lines)).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id.isupper() and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, (int, float)) and not isinstance(node.value.value, bool)):
            continue
        comment = _comment_above(lines, node.lineno - 1)
        if not comment and node.lineno - 1 == last_line + 1:
            comment = last_comment
        last_comment, last_line = comment, node.end_lineno - 1
        name = f"{prefix}.{node.targets[0].id}"
        found[name] = Setting(name, node.value.value, comment)
    return found


def _comment_above(lines: list[str], index: int) -> str:
    block = []
    index -= 1
    while index >= 0 and lines[index].lstrip().startswith("#"):
        block.insert(0, lines[index].strip().lstrip("#").strip())
        index -= 1
    return " ".join(block)
