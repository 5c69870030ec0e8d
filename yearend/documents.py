"""Documents: what runs in a worker for one unit (its documents rendered, written
nowhere yet), and the roll-up over several units."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from . import rollup
from .chinese import as_date
from .errors import ERROR, Problem, TemplateProblem
from .finish import finish_document
from .kinds import CUSTOM, KINDS, ROLLUP, ROLLUP_BOOK, ROLLUP_WORKBOOK, Kind, custom_templates
from .manifest import Document, RollupResult, RunResult, Skip
from .output import Writer, free_name, safe_name
from .render import Cleaned


def _render(template: Path, ctx: dict, title: str, fonts: str, problems: list[Problem]) -> bytes | None:
    """One document, or None when its template is broken: the problem, naming the
    template and the tag, is added to ``problems`` and the run goes on."""
    from .render import render_document

    try:
        return render_document(template, ctx, finish=finish_document, fonts=fonts, properties={
            "title": title, "author": ctx["落款"], "date": as_date(ctx["成文日期"])})
    except TemplateProblem as e:
        problems.append(Problem(ERROR, template.name, "", "", str(e)))
        return None


def render_unit(ctx: dict, tables: set[str], templates: Path, fonts: str = "standard",
                only: frozenset[str] | None = None,
                folder: str = "") -> tuple[list[tuple[Document, bytes]], list[Skip], list[Problem]]:
    """Every document of one unit, written nowhere: ([(record, bytes)], skipped, problems).
    Runs in a worker process; ``only`` limits it to some kinds; ``folder`` is the unit's
    folder and file-name prefix (its safe name, unless another unit's is the same)."""
    docs, skipped, problems = [], [], []
    folder = folder or safe_name(ctx["单位名称"])
    for kind in KINDS:
        if only is not None and kind.key not in only:
            continue
        template = templates / kind.template
        reason = kind.needs(tables, ctx)
        if not template.is_file():
            reason = f"模板文件“{kind.template}”不存在"
        if reason:
            skipped.append(Skip(kind.key, reason))
            continue
        if kind.folder:
            docs += _render_members(kind, template, ctx, fonts, f"{folder}/{kind.folder}", problems)
            continue
        data = _render(template, ctx, kind.title.format(**ctx), fonts, problems)
        if data is not None:
            docs.append((Document(kind.key, f"{folder}/{folder}{safe_name(kind.label.format(**ctx))}.docx"), data))
    if only is None or CUSTOM in only:
        for template in custom_templates(templates):
            data = _render(template, ctx, template.stem, fonts, problems)
            if data is not None:
                docs.append((Document(CUSTOM, f"{folder}/{folder}{safe_name(template.stem)}.docx",
                                      template=template.name), data))
    return docs, skipped, problems


def _render_members(kind: Kind, template: Path, ctx: dict, fonts: str, folder: str,
                    problems: list[Problem]) -> list[tuple[Document, bytes]]:
    """One document per member on the team at year end, with the member as 本人; a fault
    in the template is named once, not once per member."""
    docs = []
    label, title = safe_name(kind.label.format(**ctx)), kind.title.format(**ctx)
    for member, stem in member_files(ctx["名册"]):
        mine = Cleaned(ctx)
        mine["本人"] = member
        before = len(problems)
        data = _render(template, mine, member["姓名"] + title, fonts, problems)
        if data is None:
            if any(p.message == problems[-1].message for p in problems[:before]):
                problems.pop()  # the same fault for every member: named once
            continue
        docs.append((Document(kind.key, f"{folder}/{stem}{label}.docx", member=member["姓名"]), data))
    return docs


def member_files(members: list[dict]) -> list[tuple[dict, str]]:
    """Each member with the start of their file's name: the name; with the department added
    when two names make one file name (as Windows compares them), and a number after that."""
    stems = [safe_name(m["姓名"]) for m in members]
    clash = Counter(s.casefold() for s in stems)
    out, taken = [], set()
    for m, stem in zip(members, stems, strict=True):
        if clash[stem.casefold()] > 1:
            stem = safe_name(f"{m['姓名']}（{m['部门']}）")
        stem = free_name(stem, taken)
        taken.add(stem.casefold())
        out.append((m, stem))
    return out


def render_rollup(result: RunResult, templates: Path, writer: Writer, fonts: str = "standard",
                  issuer: str = "") -> RollupResult:
    """The roll-up document and 汇总表.xlsx, for a run over two or more units."""
    from .sheets import rollup_workbook

    done = [res for res in result.units if res.context]
    if len(done) < 2:
        return RollupResult(units=len(done), missing="units")
    ctx, left_out = rollup.rollup([res.context for res in done], issuer)
    ctx = Cleaned(ctx)  # made of the units' cleaned contexts
    out = RollupResult(units=ctx["单位数"], left_out=left_out, figures=ctx)
    template = templates / ROLLUP.template
    if template.is_file():
        data = _render(template, ctx, ROLLUP.title.format(**ctx), fonts, result.problems)
        if data is not None:
            w = writer.write(f"{safe_name(ROLLUP.label.format(**ctx))}.docx", data)
            out.documents.append(Document(ROLLUP.key, w.path, w.sha256, kept=w.kept))
    else:
        out.missing = "template"
    w = writer.write(ROLLUP_BOOK, rollup_workbook(ctx))
    out.documents.append(Document(ROLLUP_WORKBOOK, w.path, w.sha256, kept=w.kept))
    return out
