"""The odd workbooks of ../shared/corpus: every one read or named, none takes the run down."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import ROOT, SAMPLES, run

CORPUS = ROOT.parent / "shared" / "corpus" / "calamine"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/calamine 不在本机（CI 和开发机上有）")
def test_every_odd_workbook_is_accounted_for_and_the_good_unit_is_built(tmp_path):
    inp = tmp_path / "in"
    shutil.copytree(CORPUS, inp)
    shutil.copy(SAMPLES / "青山县教育局.xlsx", inp)
    r = run("build", str(inp), "-o", str(tmp_path / "out"))
    assert r.exit_code == 1  # the odd files are errors
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    m = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    [unit] = m["units"]
    assert unit["单位名称"] == "青山县教育局" and {d["kind"] for d in unit["documents"]} >= {"plan", "summary", "roster", "member_form"}
    named = {p["file"] for p in m["problems"]}
    odd = {p.name for p in CORPUS.iterdir()}
    assert odd <= named, sorted(odd - named)
    for p in m["problems"]:
        assert p["level"] == "错误" and p["message"]
