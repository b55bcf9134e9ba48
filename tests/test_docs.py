"""The README documents the code: error codes, settings, CLI options and limits.

In the manner of Datasette's test_docs.py: each fact is read from the code by
introspection and from the README by parsing, and the two must agree, so a README that
drifts from the code fails here.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import click
import pytest

from search.errors import ERRORS
from search.limits import DEFAULT_PER_PAGE, MAX_PER_PAGE
from union_search.cli import main as cli
from union_search.config import Config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The README text under heading ``title`` up to the next heading of any level."""
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ |\Z)", README, re.M | re.S)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def table(text: str, header: str) -> list[list[str]]:
    """The body rows of the Markdown table whose header row starts with ``header``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def unquote(cell: str) -> str:
    match = re.match(r"`([^`]*)`", cell)
    return match.group(1) if match else cell


# --- error codes -------------------------------------------------------------


def test_readme_lists_every_error_code_with_its_status():
    rows = table(section("JSON API"), "| code |")
    documented = {unquote(code): (status, meaning) for code, status, meaning in rows}
    assert list(documented) == list(ERRORS)
    for code, error in ERRORS.items():
        status, meaning = documented[code]
        assert status == (str(error.status) if error.status else "its own"), code
        assert meaning == error.description, code


def test_readme_page_size_bounds_match_the_code():
    match = re.search(r"`per_page` \(1–(\d+),\s+default (\d+)\)", section("JSON API"))
    assert match, "README does not state the per_page bounds"
    assert (int(match.group(1)), int(match.group(2))) == (MAX_PER_PAGE, DEFAULT_PER_PAGE)


# --- settings ----------------------------------------------------------------

SETTINGS = table(section("Configuration"), "| setting |")


def _shown(value: object) -> str:
    if isinstance(value, Path):  # default paths are relative to the current folder
        return value.as_posix()
    return str(value)


def test_readme_settings_table_names_every_setting_once():
    names = [row[0].split()[0] for row in SETTINGS]
    assert names == [f.name for f in fields(Config)]


@pytest.mark.parametrize("row", SETTINGS, ids=[row[0].split()[0] for row in SETTINGS])
def test_readme_setting_env_and_default(row, tmp_path):
    name, env, default = row[0].split()[0], unquote(row[1]), unquote(row[2])
    assert default == _shown(getattr(Config(), name)), name
    # The documented variable really sets the setting (from_env reads the environment).
    field_type = {f.name: f.type for f in fields(Config)}[name]
    raw = str(tmp_path / "x") if field_type in ("Path", Path) else "7"
    expected = raw
    if field_type in ("bool", bool):  # switches: 1/true/yes/on
        raw, expected = "1", "True"
    assert str(getattr(Config.from_env({env: raw}), name)) == expected, env


# --- command line ------------------------------------------------------------


def _readme_commands() -> dict[str, list[str]]:
    block = re.search(r"```sh\n(.*?)```", section("Command line"), re.S).group(1)
    commands = {}
    for line in block.splitlines():
        words = line.split("#")[0].split()
        assert words[0] == "union-search", line
        commands[words[1]] = words[2:]
    return commands


def _readme_options(words: list[str]) -> tuple[dict[str, str | None], list[str]]:
    """``[--opt VALUE]`` → {opt: VALUE or None}; bare words are the arguments."""
    text = " ".join(words)
    options = {m.group(1): m.group(2) for m in re.finditer(r"\[(--[\w-]+)(?: ([^\]]+))?\]", text)}
    arguments = re.sub(r"\[[^\]]*\]", "", text).split()
    return options, arguments


def test_readme_documents_every_command():
    assert set(_readme_commands()) == set(cli.commands)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_readme_options_match_click(name):
    command = cli.commands[name]
    options, arguments = _readme_options(_readme_commands()[name])
    params = {opt: p for p in command.params if isinstance(p, click.Option) for opt in p.opts}
    assert set(options) == set(params), name
    n_args = sum(isinstance(p, click.Argument) for p in command.params)
    assert len(arguments) == n_args, name
    for opt, shown in options.items():
        param = params[opt]
        if param.is_flag:
            assert shown is None, f"{name} {opt} is a flag"
            continue
        assert shown is not None, f"{name} {opt} takes a value"
        if shown.isupper():  # a placeholder such as DIR or N
            continue
        # A value shown is the default: click's own, else the setting the option overrides.
        default = param.get_default(click.Context(command))
        if not isinstance(default, str | int | float):  # None, or click's UNSET (8.2+)
            default = getattr(Config(), param.name)
        assert shown == _shown(default), f"{name} {opt}"
