"""Our renderer against docxtpl's own, template by template.

render.Prepared calls docxtpl's internals (patch_xml, resolve_listing, fix_tables,
fix_docpr_ids) instead of DocxTemplate.render, to prepare each template once per
process. If a docxtpl release changes what those internals do, our documents would
quietly differ from what docxtpl makes of the same template: this test renders every
bundled template both ways with the sample units' contexts and compares the text
(paragraphs and table cells; charts aside, which docxtpl does not make), so such an
upgrade fails here, loudly.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from doctext import document_text
from helpers import SAMPLES, context_of

from yearend import gather
from yearend.chinese import ArticleCounter, HeadingCounter
from yearend.kinds import KINDS, ROLLUP
from yearend.render import LINE_BREAK, Cleaned, make_environment, render_document
from yearend.resources import DEFAULT_TEMPLATES


@pytest.fixture(scope="module")
def units() -> list[tuple[dict, set[str]]]:
    """Each sample unit's context, with the tables its workbook has."""
    found = gather.gather(SAMPLES).units
    return [(context_of(u), u.model.tables) for u in found if not u.has_errors]


def _without_charts(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("[图表："))


def _docxtpl(template: Path, ctx: dict) -> str:
    from docxtpl import DocxTemplate

    c = dict(ctx, 编号=HeadingCounter(), 条款=ArticleCounter(), 换行=LINE_BREAK,
             图表={k: "" for k in ctx.get("图表", {})})
    tpl = DocxTemplate(str(template))
    tpl.render(c, jinja_env=make_environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return _without_charts(document_text(out.getvalue()))


def _ours(template: Path, ctx: dict) -> str:
    c = Cleaned(dict(ctx, 图表={k: "" for k in ctx.get("图表", {})}))
    return _without_charts(document_text(render_document(template, c)))


@pytest.mark.parametrize("kind", KINDS, ids=[k.key for k in KINDS])
def test_every_template_renders_to_the_same_text_as_docxtpls_own_render(kind, units):
    for ctx, tables in units:
        if kind.needs(tables, ctx):
            continue
        c = dict(ctx, 本人=ctx["名册"][0]) if kind.folder else ctx
        ours, theirs = _ours(DEFAULT_TEMPLATES / kind.template, c), _docxtpl(DEFAULT_TEMPLATES / kind.template, c)
        assert ours == theirs, f"{kind.template} for {ctx['单位名称']}: our renderer and docxtpl's differ"
        assert len(ours) > 100  # a document, not an empty shell


def test_the_rollup_template_renders_to_the_same_text_too(units):
    from yearend import figures, rollup

    ctx, _ = rollup.rollup([figures.recorded(c) for c, _ in units])
    template = DEFAULT_TEMPLATES / ROLLUP.template
    assert _ours(template, ctx) == _docxtpl(template, ctx)
