"""What a run shows on the screen: progress, each unit's line, the table of units at the
desk, the problems (errors first, a few lines a file), the stage times with -v.

With cli.py, the only modules that word a message for the screen (and import click);
the run itself returns a RunResult and this module tells the clerk.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from .clickzh import columns as _columns
from .kinds import PER_MEMBER, ROLLUP, name_of

STAGES = {"read": "读取工作簿", "annotate": "问题标注副本", "render": "生成文档", "rollup": "汇总",
          "pdf": "转换 PDF", "record": "问题汇总、运行报告和 manifest"}
BARS = ("read", "render", "pdf")  # the stages long enough for a progress bar
OFFICE_MISSING = ("未找到 LibreOffice，未生成 PDF（.docx 文档已全部写好）。"
                  "Windows：从 libreoffice.org 下载安装 LibreOffice；"
                  "Debian/Ubuntu：sudo apt-get install libreoffice-writer fonts-noto-cjk。装好后加 --pdf 重新运行")

def print_problems(problems, errors_only: bool = False) -> None:
    """Errors first, then warnings (each in the order found); with ``errors_only`` (-q) the
    warnings are counted, not listed: they are in the report and the annotated copies."""
    from .errors import ERROR, screen_lines

    errors = [p for p in problems if p.level == ERROR]
    warnings = [p for p in problems if p.level != ERROR]
    counts = "、".join(f"{n} 个{what}" for n, what in ((len(errors), "错误"), (len(warnings), "警告")) if n)
    click.echo(f"发现 {counts}：" if not errors_only or errors else f"另有 {counts}，见运行报告、问题汇总.xlsx 和问题标注副本。", err=True)
    lines, held = screen_lines(errors + ([] if errors_only else warnings))
    for line in lines:
        click.echo(line, err=True)
    if held:
        click.echo("另有 " + "、".join(f"{file} {n} 条" for file, n in held.items())
                   + "，见运行报告（运行报告.html）和问题汇总.xlsx。", err=True)
    if errors_only and errors and warnings:
        click.echo(f"另有 {len(warnings)} 个警告，见运行报告、问题汇总.xlsx 和问题标注副本。", err=True)


def annotation_notes(written, failed, say) -> None:
    for d in written:
        if d.kept:
            say(_kept_note(d))
    for name in failed:
        say(f"  未能生成“{name}”的问题标注副本，问题见下方列表和 manifest.json")


def _kept_note(doc) -> str:
    return f"  注意：“{Path(doc.kept).name}”在上次生成后被修改过，已保留原文件，新文件另存为“{Path(doc.path).name}”"


class Screen:
    """What a run shows: on a terminal a progress bar (stage, done/total) kept under
    the messages; elsewhere plain lines. --quiet shows neither, --verbose adds timings."""

    def __init__(self, quiet: bool, verbose: bool):
        import time

        self.clock = time.perf_counter
        self.quiet, self.verbose = quiet, verbose
        self.bar = not quiet and not verbose and sys.stderr.isatty()
        self.shown = ""
        # with -v, each stage's time runs from the end of the one before, so that they add up to the whole
        self.mark = self.begin = self.clock()
        self.timed: set[str] = set()
        self.said: set = set()  # the skipped kinds (manifest.Skip) whose reason is on the screen already
        self.unchanged: list[str] = []  # units carried from the last run, said in one line at the end

    def line(self, message: str) -> None:
        if self.quiet:
            return
        if self.shown:
            click.echo("\r\033[K", nl=False, err=True)
        click.echo(message)
        if self.shown:
            click.echo(self.shown, nl=False, err=True)

    def unit(self, res) -> None:
        """A unit is done: what was written, carried or refused, and what was skipped."""
        from .manifest import State

        if res.outcome == State.FAILED:  # its data, or its folder refused
            self.line(f"{res.name}：有错误，未生成文档")
            return
        if res.state == State.UNCHANGED:  # counted, said once at the end (a county's rerun: 20 such lines)
            self.unchanged.append(res.name)
            return
        if res.state == State.NOT_SELECTED:
            return
        fresh = [d for d in res.documents if d.fresh]  # with --only, the rest is carried
        for d in fresh:
            if d.kept:
                self.line(_kept_note(d))
        # counted, not listed (13 names made a 300-character line), but for one or two or with -v;
        # per-member documents are always counted: a unit may have hundreds
        each = Counter(d.kind for d in fresh if d.kind in PER_MEMBER)
        names = [Path(d.path).name for d in fresh if d.kind not in PER_MEMBER]
        written = "、".join([*(names if len(names) <= 2 or self.verbose else [f"{len(names)} 份文档"]),
                             *(f"{name_of(k)} {n} 份（在“{PER_MEMBER[k].folder}”文件夹中）" for k, n in each.items())])
        written = written or "无"
        # a reason once a run: a county's units mostly lack the same sheets (4 lines × 30 units)
        again = [s for s in res.skipped if s in self.said]
        same = f"；未生成{'、'.join(name_of(s.kind) for s in again)}，原因同上" if again else ""
        self.line(f"{res.name}：已生成 {written}{same}")
        for s in res.skipped:
            if s not in again:
                self.line(f"  未生成{name_of(s.kind)}：{s.reason}")
                self.said.add(s)

    def run_done(self, result) -> None:
        """The roll-up, the annotated copies and the PDFs, worded."""
        annotation_notes(result.annotated, result.not_annotated, self.line)
        if self.unchanged:
            shown = "、".join(self.unchanged[:3]) + (f" 等 {len(self.unchanged)} 个单位" if len(self.unchanged) > 3 else "")
            self.line(f"{shown}：工作簿和模板与上次相同，未重新生成（加 --force 重新生成）")
        r = result.rollup
        if r is not None and not r.carried:
            if r.missing == "units":
                if len(result.units) >= 2:
                    self.line(f"未生成汇总：可汇总的单位不足两个（{r.units} 个单位没有错误）")
            else:
                for name, other in r.left_out:
                    self.line(f"汇总未包含 {name}：其年度（{other}）与其他单位（{result.year}）不同")
                if r.missing == "template":
                    self.line(f"未生成汇总文档：模板文件“{ROLLUP.template}”不存在")
                elif r.missing == "broken":
                    self.line(f"未生成汇总文档：模板“{ROLLUP.template}”有误（见问题列表）")
                for d in r.documents:
                    if d.kept:
                        self.line(_kept_note(d))
                self.line(f"汇总（{r.units} 个单位）：已生成 " + "、".join(d.path for d in r.documents))
        for name, docs in result.stale:
            self.line(f"{name}：本次输入中没有这个单位的工作簿（已删除或改名）；上次生成的 {len(docs)} 份文档仍在输出文件夹中，"
                      "未删除，也不计入本次的汇总")
        if result.report is not None:
            if result.report.kept:
                self.line(_kept_note(result.report))
            self.line(f"运行报告：{result.report.path}（用浏览器打开）")
        p = result.pdf
        if p is not None:
            if p.office_missing:
                click.echo(f"[警告] {OFFICE_MISSING}", err=True)
            elif p.converted or p.failed:
                self.line(f"PDF：{p.converted} 份，写在各自的 .docx 旁边" + (f"；{len(p.failed)} 份未能转换" if p.failed else ""))

    def progress(self, stage, done: int, total: int) -> None:
        name = STAGES[stage.value]
        if self.bar and stage.value in BARS and total:
            width = 30
            filled = width * done // max(total, 1)
            self.shown = f"{name} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
            click.echo("\r\033[K" + self.shown, nl=False, err=True)
            if done == total:
                click.echo(err=True)
                self.shown = ""
        elif self.verbose and done == total and name not in self.timed:
            now = self.clock()
            self.timed.add(name)
            count = f"{total} 项，" if stage.value in BARS else ""
            click.echo(f"{name}：{count}用时 {now - self.mark:.1f} 秒")
            self.mark = now

    def times(self) -> None:
        """With -v: the whole run's time, which the stages above add up to."""
        if self.verbose:
            now = self.clock()
            if now - self.mark >= 0.05:
                click.echo(f"其余：用时 {now - self.mark:.1f} 秒")
            click.echo(f"合计用时 {now - self.begin:.1f} 秒（以上各项之和）")

    def done(self) -> None:
        if self.shown:
            click.echo(err=True)
            self.shown = ""


def unit_table(result, verbose: bool) -> None:
    """One line per unit at the desk (the list's units, sent or not, then the others):
    its state, documents written (or kept), warnings, errors, workbook."""
    if not result.desk:
        return
    from .errors import ERROR
    cols = _columns

    def pad(text: str, width: int) -> str:
        return text + " " * (width - cols(text))

    def state(e) -> str:
        return e.words

    width = max(cols(e.name) for e in result.desk)
    state_width = max(cols(w) for w in [*(state(e) for e in result.desk), "状态"])
    click.echo(f"{pad('单位', width)}  {pad('状态', state_width)}  文档  警告  错误  工作簿")
    for e in result.desk:
        u = e.unit
        numbers = " " * 16
        if u is not None:
            warnings = sum(1 for p in u.problems if p.level != ERROR)
            errors = sum(1 for p in u.problems if p.level == ERROR)
            numbers = f"{len(u.documents):>4}  {warnings:>4}  {errors:>4}"
        click.echo(f"{pad(e.name, width)}  {pad(state(e), state_width)}  {numbers}  {'、'.join(e.files)}")
        if verbose and u is not None:
            for d in u.documents:
                click.echo(f"    {d.path}" + (f"（PDF：{d.pdf}）" if d.pdf else ""))


