"""The committed templates are what scripts/build_templates.py makes of scripts/template_text/:
rebuilt, every one is byte for byte the committed file; every kind has its text file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from yearend.kinds import KINDS, ROLLUP

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
SCRIPT = ROOT / "scripts" / "build_templates.py"
FIX = "run `python scripts/build_templates.py` and commit templates/ with scripts/template_text/"


@pytest.fixture(scope="module")
def builder():
    """scripts/build_templates.py as a module (scripts/ is no package)."""
    spec = importlib.util.spec_from_file_location("build_templates", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_templates"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rebuilt(builder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    builder.build_all(out)
    return out


@pytest.mark.slow  # over 0.8 s: out of the inner loop (pytest -m 'not slow'), in CI
def test_the_committed_templates_are_what_the_builder_makes(rebuilt):
    committed = {p.name for p in TEMPLATES.glob("*.docx")}
    made = {p.name for p in rebuilt.glob("*.docx")}
    assert committed == made, (f"templates/ has {sorted(committed - made)} the builder does not make and lacks "
                               f"{sorted(made - committed)}: {FIX}")
    differ = sorted(n for n in made if (TEMPLATES / n).read_bytes() != (rebuilt / n).read_bytes())
    assert not differ, f"templates/ differs from scripts/template_text/ in {differ}: {FIX}"


def test_every_kind_has_its_text_file_and_is_written(builder, rebuilt):
    kinds = (*KINDS, ROLLUP)
    for kind in kinds:
        assert builder.text_file(kind).is_file(), f"{kind.key}: no {builder.text_file(kind)}"
        assert (rebuilt / kind.template).is_file(), f"{kind.key}: {kind.template} not written"
    texts = {p.name for p in builder.TEXT.glob("*.txt") if not p.name.startswith("_") and p.name != "README.txt"}
    assert texts == {builder.text_file(k).name for k in kinds}, "a text file names no kind in yearend.kinds"


def test_a_reworded_line_changes_only_its_paragraph(builder, tmp_path, monkeypatch):
    """The point of the text files: one line, one sentence."""
    import docx

    [plan] = [k for k in KINDS if k.key == "plan"]
    source = builder.text_file(plan).read_text(encoding="utf-8")
    old = "p 为队伍成员参加培训和开展工作提供必要的时间、设备和经费保障。"
    assert old in source
    monkeypatch.setattr(builder, "TEXT", tmp_path)  # _职责.txt is still read from scripts/template_text/
    (tmp_path / builder.text_file(plan).name).write_text(source.replace(old, "p 保障到位。"), encoding="utf-8")
    builder.build(plan).save(tmp_path / "plan.docx")
    before = [p.text for p in docx.Document(str(TEMPLATES / plan.template)).paragraphs]
    after = [p.text for p in docx.Document(str(tmp_path / "plan.docx")).paragraphs]
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("为队伍成员参加培训和开展工作提供必要的时间、设备和经费保障。", "保障到位。")]


def test_the_shorthand_expands_to_the_jinja_loop(builder):
    expand = builder.expand
    assert expand("[[类别统计: {{ x.类别 }}]]", {}, "t") == (
        "{% for x in 类别统计 %}{{ x.类别 }}{% if not loop.last %}、{% endif %}{% endfor %}")
    assert expand("[[工作指标[:3]|；:{{ x }}]]", {}, "t") == (
        "{% for x in 工作指标[:3] %}{{ x }}{% if not loop.last %}；{% endif %}{% endfor %}")
    assert expand("[[a|: “{{ x }}”]]", {}, "t") == "{% for x in a %}“{{ x }}”{% if not loop.last %}{% endif %}{% endfor %}"
    assert expand("前[[名字]]后", {"名字": "[[b: {{ x }}]]"}, "t") == (
        "前{% for x in b %}{{ x }}{% if not loop.last %}、{% endif %}{% endfor %}后")
    with pytest.raises(builder.FormatError, match="names no wording"):
        expand("[[类别统计：{{ x }}]]", {}, "t")  # a 全角冒号 is no separator


def test_format_errors_name_the_file_and_line(builder, tmp_path, monkeypatch):
    [plan] = [k for k in KINDS if k.key == "plan"]
    monkeypatch.setattr(builder, "TEXT", tmp_path)
    path = tmp_path / builder.text_file(plan).name
    for text, message in [("p 一\ntable nosuch\n", "实施方案.txt:2: no table named 'nosuch'"),
                          ("p 一\nparagraph 二\n", "实施方案.txt:2: unknown directive 'paragraph'"),
                          ("p 一\nlandscape\n", "实施方案.txt:2: landscape is the first line"),
                          ("  一\n", "实施方案.txt:1: an indented line continues nothing")]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(builder.FormatError, match=message):
            builder.build(plan)
