"""Fixtures shared by the test files: the bundled samples built once for the whole
session, and ``make_unit`` for a unit workbook of a test's own."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from helpers import SAMPLES, make_workbook, run

from yearend import build
from yearend.manifest import RunResult


@dataclass(frozen=True)
class SampleBuild:
    """``build input_samples -o <out>``, run once, as a clerk runs it (the default options).

    Shared by every test that asks for it: read it, never write into ``out``. A test that
    changes an output copies it first (or builds its own); the fixture checks at the end of
    the session that no file in ``out`` was changed, added or removed."""

    out: Path  # the output folder
    result: RunResult  # what build.build returned to the command
    cli: Result  # the command's exit code and everything it printed
    inputs: dict[str, bytes]  # input_samples/, file by file, as it was before the run


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Iterator[SampleBuild]:
    out = tmp_path_factory.mktemp("samples") / "out"
    inputs = {p.name: p.read_bytes() for p in SAMPLES.iterdir()}
    results: list[RunResult] = []
    real = build.build

    def keep(*args, **kwargs) -> RunResult:  # the command's own call, its result kept for the tests
        results.append(real(*args, **kwargs))
        return results[-1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "build", keep)
        cli = run("build", str(SAMPLES), "-o", str(out))
    assert cli.exit_code == 0, cli.output
    assert len(results) == 1, "the build command should call yearend.build.build (by module attribute) once"
    [result] = results
    written = _files(out)
    yield SampleBuild(out, result, cli, inputs)
    now = _files(out)
    changed = sorted(k for k in written.keys() | now.keys() if written.get(k) != now.get(k))
    assert not changed, f"a test changed the shared sample build (copy it before changing it): {changed}"


@pytest.fixture
def make_unit(tmp_path) -> Callable[..., Path]:
    """A unit workbook in this test's ``tmp_path / "in"`` (made on first use), by
    helpers.make_workbook: ``make_unit(members=[...], trainings=[...])`` gives the workbook's
    path, and its ``.parent`` is the folder to build. ``name`` is the file's name (default
    单位.xlsx, as make_workbook's); ``folder`` another folder under ``tmp_path``."""

    def make(name: str = "单位.xlsx", *, folder: str = "in", **kwargs) -> Path:
        where = tmp_path / folder
        where.mkdir(parents=True, exist_ok=True)
        return make_workbook(where, name, **kwargs)

    return make
