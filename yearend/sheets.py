"""The workbooks we write besides annotated copies: ``init``'s blank workbook and
the roll-up table 汇总表.xlsx.

The blank workbook is laid out as docs/workbook.md describes. Every sheet and header comes from ``schema``, so what ``init`` writes is exactly
what the reader looks for. Closed lists become dropdowns, date columns get date
formats, phone columns are text (so 138… never turns into 1.38E+10), and the
header row is frozen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import schema
from .errors import OutputError
from .ooxml import FIXED_DATE, set_text, workbook_bytes
from .output import safe_name, write_atomic

GUIDE_SHEET = "填写说明"
ROWS = 1000  # rows that get dropdowns and formats
EXAMPLE_METRICS = ("发帖（条）", "跟帖（条）", "转发（次）")

# column key → closed list, per table
DROPDOWNS: dict[str, dict[str, tuple[str, ...]]] = {
    "members": {"category": schema.CATEGORIES, "level": schema.LEVELS, "group_role": schema.GROUP_ROLES,
                "politics": schema.POLITICS, "gender": ("男", "女")},
    "assessment": {"grade": schema.GRADES},
    "points": {"category": ("成效", "问题", "计划")},
    "duties": {"category": schema.CATEGORIES, "level": schema.LEVELS},
    "quotas": {"category": schema.CATEGORIES, "level": schema.LEVELS},
    "opinions": {"level": schema.OPINION_LEVELS, "source": schema.SOURCES},
    "outlets": {"platform": schema.OUTLET_PLATFORMS, "status": ("正常", "停更", "已注销")},
    "events": {"type": ("会议", "文件", "制度", "活动", "督查", "值班", "其他")},
}
FORMATS = {schema.DATE: "yyyy-mm-dd", schema.MONTH: "yyyy-mm", schema.PHONE: "@", schema.MOMENT: "yyyy-mm-dd hh:mm"}
WIDTHS = {schema.DATE: 13, schema.MONTH: 11, schema.PHONE: 15, schema.NAME: 10, schema.NUMBER: 8, schema.MOMENT: 17}
WIDE = {"topic", "content", "duty", "comment", "attendees", "note", "department", "place", "summary", "measures",
        "result"}

GUIDE = """\
{unit}{year}年度队伍建设情况报表：填写说明

本工作簿由上级单位统一下发，用来汇总本单位{year}年度队伍建设的情况，上级据此生成各类年终材料。
请按下列说明逐表填写，填好后按上级的要求报送；文件名和工作表名请不要改。

表头前带红色 * 的列必须填写，其余的列有就填，没有可以空着。带下拉箭头的列请从列表中选择；
数字列填的不是数字、日期列填的不像日期时，Excel/WPS 会提示，请核对后再报送。

一、单位信息：在“内容”列填写，单位名称、年度必填；点选“内容”列的一格，旁边会显示这一项怎么填。
二、人员名册：每人一行，姓名、部门必填。年内离队的人员请保留在名册中，只填写离队日期。
三、培训记录：每次培训一行，日期、主题、学时必填。参训人员填姓名，用顿号、逗号或空格分隔；
    全员参加可填“全体”。也可以不填这一列，改在“参训名单”表中每人每次一行登记：
    填姓名，再填这次培训在培训记录中的“编号”，或者同样的“主题”和“日期”，两表据此对应。
四、工作量：每人每月一行，姓名、月份必填，月份写 3、3月或 {year}-03 都可以；其余每一列是一项工作，
    列名可以改、可以增加，单位写在括号里，如“发帖（条）”。
五、考核结果、培训计划、工作要点、工作职责：有则填写，没有可以空着，相应段落会自动略去。
    工作要点的“类别”填“成效”“问题”或“计划”。
六、名额：每个部门、队伍类别、层级应推荐的人数，一行一项；部门填“各部门”表示每个部门都按这一行。
七、舆情台账：每条舆情一行，发现时间、来源、内容摘要必填；等级从下拉中选。发现、上报、回应时间
    请写到分钟，如 {year}-03-05 09:30，是否及时按小时计算（时限可在单位信息表“上报时限”中改）。
    办结时间不填表示未办结。发现人填队伍成员姓名，几个人用顿号分隔。
八、网络阵地：本单位开设的每个网站、新媒体账号一行，平台、名称必填；在用的账号请填写审核人
    （负责人以外的人），停止更新的把状态改为“停更”。
九、工作记录：全年召开的会议、印发的文件、出台的制度、开展的活动和督查，每件一行，日期、类型、内容必填。

填写提示：
- 日期请写成 {year}-03-05 或 {year}/3/5，Excel 会认作日期；写成 {year}年3月5日、{year}.3.5 也能识别，
  Excel 提示“请检查填写的内容”时点“是”保留即可。出生年月写成 1990-10 或 1990年10月。
- 表格下方的“合计”行和“填表说明”“注：”等文字不会被当作数据。
- 表头文字请不要改动（工作量表的工作列除外）。可以在表头上方加标题行。
- 有疑问请联系上级单位。
"""

# what each 单位信息 key means, beside it in the blank workbook (column C)
UNIT_NOTES = {
    "name": "单位全称，如“青山县教育局”，与公章一致",
    "year": "报送数据的年度，如 2025",
    "team": "队伍名称，不填按“网络评论员队伍”",
    "superior": "上级单位全称，如“中共青山县委宣传部”",
    "doc_number": "下一年度实施方案印发通知的发文字号，如“青教发〔2025〕12号”；没有可不填",
    "date": "文件的成文日期；不填按当年 12 月 31 日",
    "signatory": "落款的机关名称；不填按单位名称",
    "contact": "填表人姓名，上级核对数据时联系",
    "phone": "填表人的电话",
    "office": "领导小组办公室设在哪个部门，如“办公室”；没有可不填",
    "short": "文件中单位的自称，如“我局”“我镇”；不填按单位名称推断",
    "basis": "实施方案依据的上级文件名称；没有可不填",
    "decider": "作出表彰决定的机关，如“局党组”；不填按组长职务推断",
    "honour_number": "表彰通报的发文字号；没有可不填",
    "reviewer": "舆情台账的审核人",
    "report_limits": "舆情上报时限，如“重大1小时，较大2小时，一般24小时”；不填按默认",
    "in_charge": "分管领导的职务和姓名",
    "ideology_number": "责任制实施方案印发通知的发文字号；不填就不单独印发",
}


def required_header(column: schema.Column) -> str:
    """A header as the blank workbook writes it: * before a required column (the reader reads past it)."""
    return f"*{column.header}" if column.required else column.header


def year_just_ending(today) -> int:
    """The year whose materials are being collected: this year from July on, else last year."""
    return today.year if today.month >= 7 else today.year - 1


def new_workbook(name: str = "", year: int | None = None, contact: str = "", phone: str = "",
                 superior: str = "") -> bytes:
    import openpyxl  # heavy: only for init
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook()
    wb.properties.created = FIXED_DATE
    guide = wb.active
    guide.title = GUIDE_SHEET
    guide.column_dimensions["A"].width = GUIDE_WIDTH
    shown_year = year or year_just_ending(dt.date.today())  # what the guide and Excel's checks give as examples
    for r, line in enumerate(GUIDE.format(unit=name, year=shown_year).splitlines(), start=1):
        set_text(guide.cell(r, 1), line)
        guide.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
        # Excel does not grow a row for wrapped text it did not lay out itself: give it the lines
        guide.row_dimensions[r].height = 15 * max(1, -(-len(line) * 2 // GUIDE_WIDTH))
    guide["A1"].font = Font(bold=True, size=14)
    _print_setup(guide, landscape=False, title_row=None)

    bold = Font(bold=True)
    required = Font(bold=True, color="C00000")
    head_fill = PatternFill("solid", fgColor="DDEBF7")

    unit = wb.create_sheet(schema.UNIT.title)
    unit.append(["项目", "内容"])
    values = {"name": name, "year": year, "contact": contact, "phone": phone, "superior": superior}
    for key in schema.UNIT.columns:
        unit.append([required_header(key), values.get(key.key) or None])
        row = unit.max_row
        unit.cell(row, 1).font = required if key.required else Font()
        if key.kind in FORMATS:
            unit.cell(row, 2).number_format = FORMATS[key.kind]
        # what the key means shows beside the cell as the clerk selects it (Excel's input
        # message): text in a third column would be read as the value of a key left blank
        _validate(unit, "year" if key.key == "year" else key.kind, f"B{row}", (key.header, UNIT_NOTES.get(key.key, "")),
                  shown_year)
    for c in unit[1]:
        c.font, c.fill = bold, head_fill
    for letter, width in (("A", 14), ("B", 40)):
        unit.column_dimensions[letter].width = width
    unit.freeze_panes = "A2"
    _print_setup(unit, landscape=False)

    for table in schema.TABLES[1:]:
        ws = wb.create_sheet(table.title)
        columns = list(table.columns)
        headers = [required_header(c) for c in columns]
        if table.key == "work":
            headers += EXAMPLE_METRICS
        ws.append(headers)
        for i, header in enumerate(headers, start=1):
            cell = ws.cell(1, i)
            col: schema.Column | None = columns[i - 1] if i <= len(columns) else None
            cell.font, cell.fill = (required if col and col.required else bold), head_fill
            letter = get_column_letter(i)
            width = 24 if col and col.key in WIDE else WIDTHS.get(col.kind if col else schema.NUMBER, 10)
            ws.column_dimensions[letter].width = max(width, len(header) * 2 + 2)
            kind = col.kind if col else schema.NUMBER  # a work column past the table's own is a count
            if kind in VALIDATED:
                _validate(ws, kind, f"{letter}2:{letter}{ROWS + 1}", year=shown_year)
            if col is None:
                continue
            if col.kind in FORMATS:
                for r in range(2, ROWS + 2):
                    ws.cell(r, i).number_format = FORMATS[col.kind]
            allowed = DROPDOWNS.get(table.key, {}).get(col.key)
            if allowed:
                # Not strict: a value outside the list is a warning of ours, not a wall.
                dv = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True,
                                    showErrorMessage=True, errorStyle="warning",
                                    errorTitle="不在列表中", error=f"建议从列表中选择：{'、'.join(allowed)}")
                dv.add(f"{letter}2:{letter}{ROWS + 1}")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
        width = sum(ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(headers) + 1))
        _print_setup(ws, landscape=width > PORTRAIT_WIDTH)

    wb.active = 0
    return workbook_bytes(wb)


# 月份 is left free: a clerk types 3, 3月 or 2025-03, and Excel would call the first two wrong
VALIDATED = (schema.DATE, schema.MOMENT, schema.NUMBER)


def _validate(ws, kind: str, cells: str, prompt: tuple[str, str] | None = None, year: int = 2025) -> None:
    """Excel's own check on a date or number column: a warning the clerk can pass (our
    reader takes 2025年3月5日 typed as text, which Excel does not see as a date); and
    ``prompt`` (title, text), shown as the cell is selected."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind == "year":
        dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100",
                            error=f"年度应填写四位年份，如 {year}")
    elif kind == schema.NUMBER:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            error="这一格应填写不小于 0 的数字，如 3 或 1.5")
    elif kind in (schema.DATE, schema.MOMENT):
        dv = DataValidation(type="date", operator="between", formula1="DATE(1940,1,1)", formula2="DATE(2100,12,31)",
                            error=f"这一格应填写日期，如 {year}-03-05。写成 {year}年3月5日 或 {year}.3.5 也能识别：点“是”保留")
    else:
        dv = DataValidation()  # any value: the prompt alone
    dv.allow_blank, dv.showErrorMessage, dv.errorStyle, dv.errorTitle = True, True, "warning", "请检查填写的内容"
    if prompt and prompt[1]:
        dv.showInputMessage, dv.promptTitle, dv.prompt = True, prompt[0][:32], prompt[1][:255]
    dv.add(cells)
    ws.add_data_validation(dv)


GUIDE_WIDTH = 90  # characters of column width that fit a portrait A4 page
PORTRAIT_WIDTH = 95  # a table wider than this (in column-width units) prints landscape


def _print_setup(ws, landscape: bool, title_row: int | None = 1) -> None:
    """A4, one page wide (as many tall as the rows need), the header row (``title_row``) on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if title_row:
        ws.print_title_rows = f"{title_row}:{title_row}"


ROLLUP_SHEET = "汇总"


def rollup_workbook(ctx: dict) -> bytes:
    """汇总表.xlsx: one row per unit with its figures, a total row, set up to print on
    A4 landscape; where units sent their 舆情台账, a second sheet with each one's 舆情
    figures. Text is written through ``set_text``, so a unit name such as
    ``=HYPERLINK(…)`` stays text."""
    import openpyxl

    from .rollup import OPINION_COLUMNS, ROLLUP_COLUMNS

    wb = openpyxl.Workbook()
    wb.properties.created = FIXED_DATE
    headers = ["序号", "单位名称", *ROLLUP_COLUMNS, "排名", "备注"]
    rows = [[u[h] for h in headers[:-1]] + [""] for u in ctx["单位列表"]]
    # every unit at the desk has its row: those not summed, blank but for why
    blank = [""] * (len(headers) - 3)
    rows += [[len(rows) + i, u["单位名称"], *blank, "未汇总：" + u["原因"]]
             for i, u in enumerate(ctx.get("未汇总单位", []), 1)]
    total = ["合计", f"{ctx['单位数']}个单位", *(ctx["合计"][h] for h in ROLLUP_COLUMNS), "", ""]
    _table_sheet(wb.active, ROLLUP_SHEET, f"{ctx['年度']}年度{ctx['队伍名称']}建设情况汇总表", headers, rows, total)
    if ctx["舆情单位列表"]:
        headers = ["序号", "单位名称", *OPINION_COLUMNS]
        rows = [[u[h] for h in headers] for u in ctx["舆情单位列表"]]
        total = ["合计", f"{len(rows)}个单位", *(ctx["舆情合计"][h] for h in OPINION_COLUMNS)]
        _table_sheet(wb.create_sheet(), OPINION_SHEET, f"{ctx['年度']}年度各单位网络舆情工作情况", headers, rows, total)
    return workbook_bytes(wb)


OPINION_SHEET = "舆情"
PROBLEM_BOOK = "问题汇总.xlsx"
PROBLEM_HEADERS = ("单位", "联系人", "联系电话", "文件", "工作表", "单元格", "级别", "问题", "怎么改")


def problems_workbook(rows: list[tuple[str, ...]]) -> bytes:
    """问题汇总.xlsx: one row per problem of the run (PROBLEM_HEADERS), as given (errors
    first), with filters and a frozen header, for phoning units back."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    wb = openpyxl.Workbook()
    wb.properties.created = FIXED_DATE
    ws = wb.active
    ws.title = "问题"
    for c, h in enumerate(PROBLEM_HEADERS, start=1):
        set_text(ws.cell(1, c), h)
        ws.cell(1, c).font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            set_text(ws.cell(r, c), value)
            ws.cell(r, c).alignment = Alignment(vertical="top", wrap_text=c >= 8)
    for letter, width in zip("ABCDEFGHI", (24, 8, 15, 22, 10, 8, 6, 60, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{max(1, len(rows) + 1)}"
    _print_setup(ws, landscape=True, title_row=1)
    return workbook_bytes(wb)
PERCENT_COLUMNS = ("参训率", "上报及时率", "回应及时率")


def _table_sheet(ws, name: str, title: str, headers: list[str], rows: list[list], total: list) -> None:
    """A titled table on ``ws``: header, rows, a bold total row; printed A4 landscape."""
    from copy import copy

    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    ws.title = name
    set_text(ws.cell(1, 1), title)
    ws.merge_cells(start_row=1, end_row=1, start_column=1, end_column=len(headers))
    ws.cell(1, 1).font = Font(name="黑体", size=16)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = 30
    rows = [headers, *rows, total]
    thin = Side(style="thin")
    # each cell's formats set as a key: the first cell of a key gets them one by one (each
    # looked up among the workbook's formats, most of writing a county's 汇总表.xlsx), the
    # rest a copy of its result; the workbook's format list comes out the same
    formats: dict[tuple, object] = {}
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c)
            set_text(cell, value)
            left = c == 2 and 2 < r < len(rows) + 1
            percent = headers[c - 1] in PERCENT_COLUMNS and r > 2 and value != ""
            bold = r == 2 or r == len(rows) + 1
            key = (left, percent, bold)
            plain = value is None or type(value) in (str, int, float)  # a date sets a format of its own
            if plain and key in formats:
                cell._style = copy(formats[key])
                continue
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(horizontal="left" if left else "center", vertical="center", wrap_text=True)
            if percent:
                cell.number_format = '0.0"%"'
            if bold:
                cell.font = Font(bold=True)
            if plain:
                formats[key] = cell._style
    for c, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(c)].width = {"单位名称": 30, "备注": 24}.get(h, max(8, 2 * len(h) + 2))
    ws.freeze_panes = "C3"
    _print_setup(ws, landscape=True, title_row=2)


def init_folder(target: Path, templates: Path, name: str = "", year: int | None = None) -> list[Path]:
    """A blank workbook for a new unit in ``target``, and a copy of the templates beside
    it to reword. Nothing that exists is overwritten. Returns what was written."""
    import shutil

    book = target / f"{safe_name(name) if name else '本单位'}.xlsx"
    copies = target / "模板"
    clash = [p for p in (book, copies) if p.exists()]
    if clash:
        raise OutputError(f"“{clash[0]}”已经存在，为免覆盖，未写入任何文件。请换一个文件夹，或先移走它")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"无法创建文件夹“{target}”（{e.strerror or e}），未写入任何文件。请换一个文件夹") from None
    write_atomic(book, new_workbook(name, year))
    shutil.copytree(templates, copies, ignore=shutil.ignore_patterns("~$*", ".*"))
    return [book, copies]


def init_units(target: Path, units: list, year: int) -> tuple[list[Path], list[Path]]:
    """One blank workbook per listed unit (desk.Expected), named by it, with its name, the
    year and its contact filled in: the county's copies to send out. Two names that make
    one file name (青山/教育局 and 青山_教育局) get two files (…_2.xlsx). A file that was
    there before is left as it is (a unit may have sent it back filled in). Returns
    (written, kept)."""
    from .output import free_name

    try:
        target.mkdir(parents=True, exist_ok=True)
        there = {p.stem.casefold() for p in target.glob("*.xlsx")}
    except OSError as e:
        raise OutputError(f"无法创建或打开文件夹“{target}”（{e.strerror or e}），未写入任何文件。请换一个文件夹") from None
    written, kept = [], []
    taken: set[str] = set()
    for u in units:
        stem = free_name(safe_name(u.name), taken)
        taken.add(stem.casefold())
        book = target / f"{stem}.xlsx"
        if stem.casefold() in there:
            kept.append(book)
            continue
        write_atomic(book, new_workbook(u.name, year, u.contact, u.phone, u.superior))
        written.append(book)
    return written, kept
