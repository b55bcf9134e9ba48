"""The package layering and the Whoosh-internals boundary, checked on the source.

Data flows one way: indexer < search < web < union_search. A package never imports one
above it, and only ``indexer/whoosh_adapter.py`` names Whoosh's private attributes.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import whoosh

from union_search.config import PROJECT_ROOT

ORDER = ["indexer", "search", "web", "union_search"]
ADAPTER = PROJECT_ROOT / "indexer" / "whoosh_adapter.py"


def modules(package: str) -> list[Path]:
    return sorted((PROJECT_ROOT / package).rglob("*.py"))


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__")


def imported_packages(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(ORDER)


@pytest.mark.parametrize("package", ORDER)
def test_no_package_imports_one_above_it(package):
    above = set(ORDER[ORDER.index(package) + 1 :])
    offenders = {}
    for path in modules(package):
        bad = imported_packages(ast.parse(path.read_text("utf-8"))) & above
        if bad:
            offenders[module_name(path)] = sorted(bad)
    assert offenders == {}


@pytest.mark.parametrize("package", ORDER[:3])
def test_importing_a_package_loads_nothing_above_it(package):
    names = [module_name(p) for p in modules(package)]
    code = (
        "import importlib, json, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert package in loaded
    assert loaded & set(ORDER[ORDER.index(package) + 1 :]) == set()


# -- private Whoosh names --------------------------------------------------------------


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_uses(tree: ast.AST) -> set[str]:
    """Private attribute names a module reads or writes on objects, or passes as keyword
    arguments (``_lk=False``), or names in getattr/hasattr."""
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            used.add(node.attr)
        elif isinstance(node, ast.Call):
            used.update(k.arg for k in node.keywords if k.arg and _private(k.arg))
            if (
                isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr", "setattr")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
                and _private(node.args[1].value)
            ):
                used.add(node.args[1].value)
    return used


def _definitions(tree: ast.AST) -> set[str]:
    """Private names a module defines: methods, functions, classes, parameters, and
    attributes it assigns (``self._lock = ...``) or declares (``__slots__``, class body)."""
    defined = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            defined.update(x.arg for x in a.args + a.kwonlyargs + a.posonlyargs)
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        for t in targets:
            for sub in ast.walk(t):
                if isinstance(sub, ast.Attribute):
                    defined.add(sub.attr)
                elif isinstance(sub, ast.Name):
                    defined.add(sub.id)
    return {n for n in defined if _private(n)}


def _whoosh_private_names() -> set[str]:
    names = set()
    for path in Path(whoosh.__file__).parent.rglob("*.py"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # old escapes in Whoosh's source
            warnings.simplefilter("ignore", DeprecationWarning)
            tree = ast.parse(path.read_text("utf-8"))
        names |= _definitions(tree) | _private_uses(tree)
    return names


def _our_modules() -> list[Path]:
    return [p for package in ORDER for p in modules(package)]


def test_only_the_adapter_names_private_whoosh_attributes():
    whoosh_private = _whoosh_private_names()
    assert {"_finalize_segment", "_read_ids", "_perdoc", "_lk"} <= whoosh_private
    ours = set()
    for path in _our_modules():
        if path != ADAPTER:
            ours |= _definitions(ast.parse(path.read_text("utf-8")))
    offenders = {}
    for path in _our_modules():
        if path == ADAPTER:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        bad = (_private_uses(tree) - ours) & whoosh_private
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
                parts = node.module.split(".") + [a.name for a in node.names]
                bad |= {p for p in parts if _private(p)}
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("whoosh"):
                        bad |= {p for p in alias.name.split(".") if _private(p)}
        if bad:
            offenders[module_name(path)] = sorted(bad)
    assert offenders == {}


def test_the_check_catches_a_private_whoosh_name():
    # The detector itself must fire on what it is meant to forbid.
    tree = ast.parse(
        "from whoosh.codec.whoosh3 import _lenfield\n"
        "def f(w, m):\n    w._finalize_segment()\n    return hasattr(m, '_read_ids')\n"
    )
    assert {"_finalize_segment", "_read_ids"} <= _private_uses(tree) & _whoosh_private_names()


# -- jieba internals ---------------------------------------------------------------------

JIEBA_ADAPTER = PROJECT_ROOT / "indexer" / "jieba_adapter.py"
# jieba's documented API (its README): what modules other than the adapter may name.
JIEBA_PUBLIC = {"Tokenizer", "analyse", "initialize", "posseg", "setLogLevel", "cut", "lcut"}


def _jieba_internals(tree: ast.AST) -> set[str]:
    """``jieba.<name>`` outside the documented API, and name-mangled Tokenizer members."""
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "jieba"
        and node.attr not in JIEBA_PUBLIC
    }
    used |= {n for n in _private_uses(tree) if n.startswith("_Tokenizer__")}
    return used


def test_only_the_jieba_adapter_names_jieba_internals():
    offenders = {}
    for path in _our_modules():
        if path != JIEBA_ADAPTER:
            bad = _jieba_internals(ast.parse(path.read_text("utf-8")))
            if bad:
                offenders[module_name(path)] = sorted(bad)
    assert offenders == {}
    assert _jieba_internals(ast.parse(JIEBA_ADAPTER.read_text("utf-8"))) == {
        "re_han_default",
        "_Tokenizer__cut_DAG_NO_HMM",
    }
