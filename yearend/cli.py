"""yearend 命令行：python generate.py build 收到的报表/ -o output/

The commands and their options. With screen.py (what a run shows), the only modules
that import click and word a message for the screen. Library code raises
YearendError or returns results and Problems; here they become Chinese messages and
an exit code: 0 all good, 1 some unit had errors (the others were still built), 2
usage error.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from .clickzh import safe_streams as _safe_streams
from .errors import COMMAND_VARIABLE
from .kinds import ONLY_NAMES
from .resources import SAMPLES
from .screen import Screen, annotation_notes, print_problems, unit_table


class _Group(click.Group):
    def main(self, *args, **kwargs):
        _safe_streams()
        # help and messages name the command the user ran: yearend, or python generate.py
        ran = "python generate.py" if kwargs.get("prog_name") == "generate.py" else "yearend"
        os.environ[COMMAND_VARIABLE] = ran  # inherited by the worker processes, which word messages too
        for command in (self, *self.commands.values()):
            written = HELP_AS_WRITTEN.setdefault(command.name or "", command.help or "")
            command.help = written.replace("python generate.py", ran)
        return super().main(*args, **kwargs)


HELP_AS_WRITTEN: dict[str, str] = {}  # each command's help as its docstring says it, before naming the command
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
METAVAR = {"options_metavar": "[选项]"}



ONLY_HELP = ("只重新生成这些种类的文档，如 --only summary,plan 或 --only 年度工作总结。种类："
             + "、".join(f"{k} {v}" for k, v in ONLY_NAMES.items()) + "。")


def _run(ctx: click.Context, action):
    """Run ``action``; turn our errors into a message and exit code, never a traceback."""
    from .errors import YearendError

    try:
        return action()
    except YearendError as e:
        click.echo(f"错误：{e}", err=True)
        ctx.exit(1)
    except KeyboardInterrupt:
        click.echo("已中止。已写完的文档保持完整，可以重新运行。", err=True)
        ctx.exit(130)
    except click.ClickException:  # a usage error found on the way (--unit): click words it, exit 2
        raise
    except Exception:
        if ctx.obj.get("debug"):
            raise
        click.echo("程序内部出错，未能完成。请加 --debug 重新运行，并把输出发给维护人员。", err=True)
        ctx.exit(1)


def _positive(ctx, param, value):
    if value is not None and not 1 <= value <= 64:
        raise click.BadParameter("应为 1 到 64 之间的整数")
    return value


def _reading_options(f):
    f = click.option("--expected", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                     metavar="名单.xlsx",
                     help="应报单位名单（单位名称、简称、联系人、联系电话），据此列出未报送、读取失败、有错误的单位；"
                          "默认读取输入文件夹中的“应报单位.xlsx”（有的话）。")(f)
    f = click.option("-j", "--jobs", type=int, default=None, metavar="进程数", callback=_positive,
                     help="同时读取工作簿的进程数（默认为处理器核数，最多 4）。")(f)
    return click.option("--password", default=None, metavar="密码",
                        help="工作簿设有打开密码时，用这个密码打开（各工作簿密码相同时适用）。")(f)


@click.group(cls=_Group, context_settings=CONTEXT, subcommand_metavar="命令 [参数]...", **METAVAR)
@click.version_option(package_name="yearend", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="出错时显示完整的程序调用栈（供维护人员排查）。")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """年终材料生成工具：从各单位的 Excel 工作簿生成实施方案、年度工作总结等公文（Word）。

    \b
    常用：
      python generate.py build 收到的报表/ -o output/
      python generate.py check 收到的报表/
      python generate.py fields
      python generate.py lint output/某单位/某文档.docx
    """
    ctx.obj = {"debug": debug}


def _only(ctx, param, value):
    from .errors import UnknownKind
    from .kinds import parse_only

    if value is None:
        return None
    try:
        return parse_only(value)
    except UnknownKind as e:
        raise click.BadParameter(f"不认识的种类：{'、'.join(e.names)}。可选："
                                 + "、".join(f"{k}（{v}）" for k, v in ONLY_NAMES.items())) from None


@cli.command(context_settings=CONTEXT, **METAVAR)
@click.argument("input_dir", metavar="输入文件夹", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "output_dir", default="output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="生成文档的输出文件夹。")
@click.option("-t", "--templates", "templates_dir", default=None,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="模板文件夹（默认使用自带的 templates/）。")
@click.option("--force", is_flag=True, help="全部重新生成，没有变化的单位也重新生成；手工修改过的文档仍然保留，新文件另存。")
@click.option("--overwrite-edits", "overwrite", is_flag=True,
              help="用新生成的文档覆盖手工修改过的文档（修改会丢失；默认保留并另存新文件）。")
@click.option("--fonts", type=click.Choice(["standard", "windows"]), default="standard", show_default=True,
              help="字体方案：standard 用方正小标宋简体、仿宋_GB2312、楷体_GB2312（机关电脑常用）；"
                   "windows 用华文中宋、仿宋、楷体（Windows 自带）。")
@click.option("--previous", "previous_dir", default=None, metavar="上年文件夹",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="上一年度工作簿所在的文件夹：只用于与上年比较，不为它们生成文档。")
@click.option("--only", default=None, metavar="种类[,种类]", callback=_only, help=ONLY_HELP)
@click.option("--unit", "units", multiple=True, metavar="单位名称",
              help="只重新生成这个单位的文档（可写多次）。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 把本次生成的每份文档转成 PDF，放在 .docx 旁边。")
@click.option("--issuer", default="", metavar="机关名称",
              help="汇总文档的落款机关（默认取各单位共同填写的上级单位）。")
@click.option("--quarter", type=click.IntRange(1, 4), default=None, metavar="季度",
              help="网络舆情分析研判报告只写工作簿年度的这一季度（1–4），与上一季度比较；默认写全年。")
@click.option("-q", "--quiet", is_flag=True, help="只显示错误（警告只计数）和最后一行结果，不显示进度。")
@click.option("-v", "--verbose", is_flag=True, help="逐份列出写入的文档和各阶段用时。")
@_reading_options
@click.pass_context
def build(ctx, input_dir: Path, output_dir: Path, templates_dir: Path | None, force: bool, overwrite: bool, quiet: bool,
          verbose: bool, password: str | None, jobs: int | None, fonts: str, previous_dir: Path | None,
          only: frozenset[str] | None, units: tuple[str, ...], pdf: bool, issuer: str, quarter: int | None,
          expected: Path | None) -> None:
    """读取输入文件夹中的全部工作簿，校验数据，生成各单位的 Word 公文和 manifest.json。

    每个单位的文档写入 输出文件夹/<单位名称>/。有“错误”的单位不生成文档，其他单位照常生成；
    这时退出码为 1。工作簿和模板都没有变化的单位不会重新生成（加 --force 重新生成）。
    """
    from . import build as run

    templates = templates_dir or run.DEFAULT_TEMPLATES
    if not templates.is_dir():
        raise click.UsageError(f"找不到模板文件夹“{templates}”，请用 -t 指定")
    options = run.Options(input_dir, output_dir, templates, force=force, overwrite=overwrite, password=password,
                          jobs=jobs, fonts=fonts,
                          previous_dir=previous_dir, only=only, units=frozenset(units) or None, pdf=pdf,
                          issuer=issuer.strip(), quarter=quarter, expected=expected)
    screen = Screen(quiet, verbose)
    result = _run(ctx, lambda: _units_known(lambda: run.build(options, progress=screen.progress, unit_done=screen.unit)))
    screen.run_done(result)
    screen.done()
    screen.times()
    if not quiet:
        unit_table(result, verbose)
    _finish(ctx, result, output_dir, quiet)


def _units_known(action):
    """``action``, with a --unit name that no workbook holds made a usage error (exit 2)."""
    from .errors import UnknownUnit

    try:
        return action()
    except UnknownUnit as e:
        lines = [f"“{name}”在应报单位名单中，但还没有报送工作簿。" if name in e.not_sent else
                 f"没有找到单位“{name}”" + (f"，最接近的是：{'、'.join(near)}" if near else "") + "。"
                 for name, near in e.closest.items()]
        advice = "" if set(e.not_sent) >= set(e.closest) else "请按工作簿“单位信息”表中的单位名称（或应报单位名单中的名称）填写 --unit。"
        raise click.UsageError("".join(lines) + advice) from None


@cli.command(context_settings=CONTEXT, **METAVAR)
@click.argument("input_dir", metavar="输入文件夹", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "output_dir", default="output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="问题标注副本写入 输出文件夹/问题标注/。")
@click.option("-t", "--templates", "templates_dir", default=None, metavar="模板文件夹",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="同时检查这个文件夹中的模板（宏、外部链接、不存在的变量、写法）。")
@_reading_options
@click.pass_context
def check(ctx, input_dir: Path, output_dir: Path, templates_dir: Path | None, password: str | None,
          jobs: int | None, expected: Path | None) -> None:
    """只校验工作簿，列出全部问题，不生成公文。有“错误”时退出码为 1。

    有问题的工作簿另存一份标注副本到 输出文件夹/问题标注/：问题单元格涂色并加批注，第一张表“问题清单”列出全部问题。原文件不会被修改。
    """
    from . import build as run
    from .annotate import write_annotations

    def action():
        from .desk import settle

        result = run.gather(input_dir, password, jobs, exclude=output_dir, expected=expected)
        settle(result)
        if templates_dir is not None:
            from .documents import check_templates

            result.problems.extend(check_templates(templates_dir)[0])
        written, failed = write_annotations(result.read, result.all_problems, output_dir, password,
                                            jobs=jobs or run.workers.default_jobs())
        return result, written, failed

    result, written, failed = _run(ctx, action)
    annotation_notes(written, failed, click.echo)
    for e in result.desk:
        click.echo(f"{e.name}：{'可以生成' if e.unit is not None and not e.unit.has_errors else e.state.value}")
    if written:
        click.echo(f"问题标注副本 {len(written)} 份，写入 {output_dir}/问题标注/。")
    _finish(ctx, result, None)


@cli.command(context_settings=CONTEXT, **METAVAR)
@click.pass_context
def fields(ctx) -> None:
    """列出模板中可以使用的全部变量和过滤器，附自带样例中的取值。"""
    from . import build as run
    from . import chinese, figures, variables

    sample: dict = {}
    if SAMPLES.is_dir():
        result = _run(ctx, lambda: run.gather(SAMPLES))
        first = next((u for u in result.units if not u.has_errors), None)
        sample = dict(figures.context(first.model, first.previous)) if first else {}
    click.echo("【单个取值】写法：{{ 变量名 }}")
    for name, meaning in variables.SCALARS.items():
        value = sample.get(name, "")
        click.echo(f"  {name}：{meaning}" + (f"。样例：{value}" if value != "" else ""))
    click.echo("【表格和列表】写法：{%tr for 行 in 表名 %} … {%tr endfor %}")
    for name, meaning in variables.TABLES.items():
        count = len(sample.get(name) or []) if name in sample else None
        click.echo(f"  {name}：{meaning}" + (f"。样例中有 {count} 项" if count else ""))
    click.echo("【个人工作总结的变量】每名年末在队人员一份（个人工作总结.docx），上面的单位变量也可使用")
    for name, meaning in variables.PERSONAL.items():
        click.echo(f"  {name}：{meaning}")
    click.echo("【汇总文档（汇总.docx）的变量】一次处理两个及以上单位时使用；上面的单位变量在汇总文档中不可用")
    for name, meaning in variables.ROLLUP_VARIABLES.items():
        click.echo(f"  {name}：{meaning}")
    click.echo("【过滤器】写法：{{ 变量名|过滤器 }}")
    for name, fn in chinese.FILTERS.items():
        doc = (fn.__doc__ or "").strip().splitlines()[0]
        click.echo(f"  {name}：{doc}")


@cli.command(context_settings=CONTEXT, **METAVAR)
@click.argument("target", metavar="文件夹", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", "unit_name", default="", metavar="单位名称", help="预先填入单位信息表的单位名称。")
@click.option("--year", type=int, default=None, metavar="年度", help="预先填入的年度（默认为刚结束或即将结束的年度：7 月起为今年，之前为去年）。")
@click.option("--list", "unit_list", default=None, metavar="应报单位.xlsx",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="按应报单位名单，为每个单位写一份空白工作簿（以单位名称命名，填好单位名称、年度和联系人），供下发。")
@click.pass_context
def init(ctx, target: Path, unit_name: str, year: int | None, unit_list: Path | None) -> None:
    """为新单位生成一份空白工作簿（全部工作表和表头、必填列标记、下拉选项、日期和数字校验、填写说明），并复制一份模板供改写。

    加 --list 时为名单中的每个单位各写一份工作簿，不复制模板。已存在的文件不会被覆盖。
    """
    import datetime as dt

    from .build import DEFAULT_TEMPLATES
    from .sheets import init_folder, init_units, year_just_ending

    year = year or year_just_ending(dt.date.today())
    if unit_list is not None:
        from .desk import read_expected
        from .errors import YearendError

        def action():
            units, problems = read_expected(unit_list, unit_list.name)
            for p in problems:
                click.echo(str(p), err=True)
            if units is None:
                raise YearendError(f"名单“{unit_list.name}”中没有可用的单位，未写入任何文件")
            return init_units(target, units, year)

        written, kept = _run(ctx, action)
        for path in kept:
            click.echo(f"已存在，未覆盖：{path}")
        click.echo(f"已写入 {len(written)} 份空白工作簿（{year} 年度）到 {target}/，每个单位一份，请分别发给各单位填写。")
        return
    written = _run(ctx, lambda: init_folder(target, DEFAULT_TEMPLATES, unit_name, year))
    for path in written:
        click.echo(f"已写入 {path}")
    click.echo("请按“填写说明”表填写工作簿；模板文件夹中的 .docx 可以用 Word/WPS 改写，生成时用 -t 指定。")


@cli.command(context_settings=CONTEXT, **METAVAR)
@click.argument("files", metavar="文件.docx...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def lint(ctx, files: tuple[Path, ...]) -> None:
    """按 GB/T 9704-2012 检查 Word 文档的版式：纸张、页边距、网格、字体字号、行距、缩进、页码、落款、表格。

    逐条列出不合格之处及所在段落；有不合格时退出码为 1。
    """
    from .lint import lint_docx

    def action():
        return {path: lint_docx(path) for path in files}

    failed = 0
    for path, findings in _run(ctx, action).items():
        if not findings:
            click.echo(f"{path}：合格")
            continue
        failed += 1
        click.echo(f"{path}：{len(findings)} 处不合格")
        for f in findings:
            click.echo(f"  {f}")
    ctx.exit(1 if failed else 0)


def _finish(ctx: click.Context, result, output_dir: Path | None, quiet: bool = False) -> None:
    from .errors import ERROR

    problems = result.all_problems
    if problems:
        print_problems(problems, errors_only=quiet)
    if ctx.obj.get("debug"):
        for trace in result.faults:  # a worker's own traceback: what --debug is for
            click.echo("工作进程中的程序内部错误：\n" + trace, err=True)
    from .desk import count_line

    errors = sum(1 for p in problems if p.level == ERROR)
    units = count_line(result, "已生成" if output_dir is not None else "可以生成")
    if output_dir is not None:
        earlier = result.rollup.documents if result.rollup and result.rollup.missing == "units" else []
        docs = sum(len(u.documents) for u in result.units) + len(result.documents) - len(result.annotated) - len(earlier)
        copies = f"，问题标注副本 {len(result.annotated)} 份" if result.annotated else ""
        click.echo(f"完成：{units}；{docs} 份文档{copies}，写入 {output_dir}/（明细见 manifest.json）。"
                   + (f"{errors} 个错误需要处理。" if errors else ""))
    else:
        click.echo(f"{units}。")
    ctx.exit(result.exit_code)


def main() -> None:
    cli(prog_name="yearend")
