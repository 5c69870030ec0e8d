#!/usr/bin/env python3
"""Regenerate the bundled Word templates in templates/.

    python scripts/build_templates.py [--fonts standard|windows] [-o templates/]

The .docx files are committed so a clerk can open and reword them in Word or
WPS; this script is how we rebuild them when the layout or the default wording
changes. A clerk's edits live in the .docx files, not here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yearend import styles  # noqa: E402
from yearend.ooxml import normalise_zip  # noqa: E402


class Builder:
    """Adds formal-document parts to a python-docx Document, Jinja tags included."""

    def __init__(self, fonts: str, landscape: bool = False):
        self.doc = styles.new_document(fonts, landscape)

    def p(self, text: str = "", style: str | None = None):
        para = self.doc.add_paragraph(text)
        if style:
            para.style = self.doc.styles[styles.STYLE_NAMES[style]]
        return para

    def tag(self, statement: str):
        """A paragraph holding only ``{%p … %}``: docxtpl removes it when rendering."""
        return self.p("{%p " + statement + " %}")

    def h1(self, text: str):
        return self.p("{{ 编号(1) }}" + text, "GwH1")

    def h2(self, text: str):
        return self.p("{{ 编号(2) }}" + text, "GwH2")

    def numbered(self, items: list[str]):
        for i, item in enumerate(items, 1):
            self.p(f"{i}.{item}")

    def numbered_loop(self, seq: str):
        """``1.`` ``2.`` … over a context list of strings (``（1）`` where an item starts with a digit)."""
        self.tag(f"for x in {seq}")
        self.p("{{ loop.index|条目(" + seq + ") }}{{ x }}")
        self.tag("endfor")

    def chart(self, caption: str, name: str):
        """A caption and a native chart (``图表.name``) in a paragraph of its own."""
        self.p(caption, "GwCaption")
        self.p("{{ 图表." + name + " }}", "GwFigure")
        self.p()

    @staticmethod
    def _row(row, first: bool) -> None:
        """Rows do not split; the first row repeats at the top of each page."""
        from docx.oxml import parse_xml

        trpr = row._tr.get_or_add_trPr()
        trpr.append(parse_xml(f'<w:cantSplit xmlns:w="{styles.W_NS}"/>'))
        if first:
            trpr.append(parse_xml(f'<w:tblHeader xmlns:w="{styles.W_NS}"/>'))

    def _text(self, para, text: str, left: bool, bold: bool = False, size: int | None = None) -> None:
        from docx.shared import Pt

        para.text = text
        para.style = self.doc.styles[styles.STYLE_NAMES["GwCellLeft" if left else "GwCell"]]
        for run in para.runs:
            if bold:
                run.bold = True
            if size:
                run.font.size = Pt(size)

    def table(self, columns: list[tuple[str, str, int]], loop: str, total: list[str] | None = None,
              size: int | None = None):
        """A table with a header row repeated on each page and one row per item of ``loop``.

        ``columns`` is (header, cell expression, width in twips); the widths add up
        to the 版心 width and are sized for their content at 14 pt (a CJK character
        is 280 twips, a digit 140, plus 170 of cell margins), or at ``size`` points
        when a wide table needs smaller text. Rows do not split.
        """
        from docx.shared import Twips

        t = self.doc.add_table(rows=4 + (1 if total else 0), cols=len(columns))
        t.style = self.doc.styles[styles.STYLE_NAMES["GwTable"]]
        t.autofit = False
        for i, (_, _, width) in enumerate(columns):
            t.columns[i].width = Twips(width)
        var = loop.split(" in ")[0].strip()
        rows = [
            [h for h, _, _ in columns],
            ["{%tr for " + loop + " %}"] + [""] * (len(columns) - 1),
            ["{{ " + var + "." + e + " }}" if e and not e.startswith("{") else e for _, e, _ in columns],
            ["{%tr endfor %}"] + [""] * (len(columns) - 1),
        ]
        if total:
            rows.append(total)
        if total and total[1] == "":
            # "合计" spans the narrow 序号 column and the next one instead of wrapping
            t.rows[4].cells[0].merge(t.rows[4].cells[1])
            rows[4] = [total[0], *total[2:]]
        for r, values in enumerate(rows):
            row = t.rows[r]
            self._row(row, r == 0)
            cells = list(dict.fromkeys(row.cells))  # a merged cell appears once
            for c, value in enumerate(values):
                cell = cells[c]
                if len(cells) == len(columns):
                    cell.width = Twips(columns[c][2])
                self._text(cell.paragraphs[0], value, r == 2 and columns[c][2] >= 2000, r == 0, size)
        return t

    def form(self, widths: list[int], rows: list[list[tuple[str, int]]], heights: dict[int, int] | None = None,
             size: int | None = None):
        """A form: ``rows`` of (text, columns spanned) on a grid of ``widths``; text with
        ``\n`` becomes several paragraphs, and a row in ``heights`` gets that least height."""
        from docx.enum.table import WD_ROW_HEIGHT_RULE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Twips

        t = self.doc.add_table(rows=len(rows), cols=len(widths))
        t.style = self.doc.styles[styles.STYLE_NAMES["GwTable"]]
        t.autofit = False
        for i, w in enumerate(widths):
            t.columns[i].width = Twips(w)
        for r, cells in enumerate(rows):
            row = t.rows[r]
            self._row(row, r == 0)  # should a long form break, its first row heads the next page too
            if heights and r in heights:
                row.height, row.height_rule = Twips(heights[r]), WD_ROW_HEIGHT_RULE.AT_LEAST
            c = 0
            for text, span in cells:
                cell = row.cells[c]
                for i in range(c, c + span):
                    row.cells[i].width = Twips(widths[i])
                if span > 1:
                    cell = cell.merge(row.cells[c + span - 1])
                lines = text.split("\n")
                left = len(lines) > 1 or span > 2 or widths[c] > 4000
                for i, line in enumerate(lines):
                    para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    self._text(para, line, left, size=size)
                    if "签字" in line or line.endswith("日"):
                        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # the signature and date lines of a box
                c += span
        return t

    def _kept_blank(self) -> None:
        """The last paragraph (unless a tag docxtpl removes) kept with a blank line after it,
        which is kept with what follows."""
        last = self.doc.paragraphs[-1]
        if last.text and not last.text.startswith("{%p"):
            last.paragraph_format.keep_with_next = True
        self.p().paragraph_format.keep_with_next = True

    def attachment_line(self, text: str):
        """A blank line and the 附件 line after the body, kept on one page with the body's last
        paragraph and the signature that follows (no page of a 附件 line and signature alone)."""
        self._kept_blank()
        return self.p(text)

    def signature(self, signer: str = "落款"):
        """The signature block, kept on one page with the paragraph before it (GB/T 9704: a
        signature never stands alone on a page)."""
        self._kept_blank()
        self.p("{{ " + signer + " }}", "GwSign")
        self.p("{{ 成文日期 }}", "GwDate")

    def save(self, path: Path) -> None:
        import io

        buf = io.BytesIO()
        self.doc.save(buf)
        path.write_bytes(normalise_zip(buf.getvalue()))


def _join(seq: str, expr: str, sep: str = "、") -> str:
    """``{% for x in seq %}expr{% if not loop.last %}、{% endif %}{% endfor %}``."""
    return "{% for x in " + seq + " %}" + expr + "{% if not loop.last %}" + sep + "{% endif %}{% endfor %}"


W = styles.TEXT_WIDTH


# Each category's duties when the duties sheet gives none (the plan, the formation notice, the rules)
DEFAULT_DUTIES = {
    "新闻通讯员": [
        "围绕本单位重点工作，及时采写新闻稿件和工作信息，按要求报送。",
        "做好重要会议和活动的文字、图片记录，为宣传报道提供素材。",
        "协助维护本单位网站和新媒体账号的内容更新。",
    ],
    "网络信息员": [
        "关注网上涉及本单位和本行业的信息，发现苗头性、倾向性问题及时报告。",
        "按要求收集整理网络信息，定期报送工作情况。",
        "配合做好相关信息的核实和回应工作，不擅自对外发布信息。",
    ],
    "网络文明志愿者": [
        "参与网络文明志愿服务活动，在网上传播文明风尚和正面信息。",
        "发现网上不文明、不实信息，及时向领导小组办公室报告，配合做好劝导和澄清。",
        "按要求参加培训和志愿服务，如实记录服务情况。",
    ],
    "": [  # 网络评论员, and any other category
        "学习掌握党的路线方针政策和上级有关部署，准确把握正面宣传的重点。",
        "围绕本单位中心工作和群众关注的问题，在网络平台发表理性、建设性的评论。",
        "关注网上涉及本单位的舆情动态，发现问题及时报告，不擅自处置。",
        "按要求参加教育培训和专题活动，按时报送工作情况。",
    ],
}


def _default_choices() -> list[tuple[str, list[str]]]:
    """The default duties as a Jinja if/elif/else chain on c.类别: (statement, sentences) each,
    the chain to be closed with endif."""
    categories = [c for c in DEFAULT_DUTIES if c]
    return [(("if" if i == 0 else "elif") + f" c.类别 == '{c}'", DEFAULT_DUTIES[c]) for i, c in enumerate(categories)] \
        + [("else", DEFAULT_DUTIES[""])]


def _inline_default_duties() -> str:
    """The default duties as one sentence of （一）（二） items, chosen by c.类别 (the rules' articles)."""
    from yearend.chinese import chinese_number

    return "".join("{% " + statement + " %}"
                   + "；".join(f"（{chinese_number(n)}）{s.rstrip('。')}" for n, s in enumerate(sentences, 1)) + "。"
                   for statement, sentences in _default_choices()) + "{% endif %}"


TIER_DUTIES = "队伍成员按层级分工：" + _join("层级职责", "{{ x.层级 }}成员{{ x.职责 }}", "；") + "。"


def duties(b: Builder) -> None:
    """Duties of each category (a sub-heading each when there are several), then the tiers'."""
    b.tag("for c in 类别统计")
    b.tag("if 类别统计|length > 1")
    b.h2("{{ c.类别 }}")
    b.tag("endif")
    b.tag("if c.类别 in 职责")
    b.tag("for x in 职责[c.类别]")
    b.p("{{ loop.index|条目(职责[c.类别]) }}{{ x }}")
    b.tag("endfor")
    b.tag("else")
    for statement, sentences in _default_choices():
        b.tag(statement)
        b.numbered(sentences)
    b.tag("endif")
    b.tag("endif")
    b.tag("endfor")
    b.tag("if 层级职责")
    b.p(TIER_DUTIES)
    b.tag("endif")


def department_table(b: Builder, caption: str) -> None:
    """The team by department (部门统计): the plan's make-up, the formation notice without quotas."""
    b.p(caption, "GwCaption")
    b.table([("序号", "{{ loop.index }}", 800), ("部门", "部门", 3000), ("人数", "人数", 1000),
             ("构成", "构成", W - 4800)], "d in 部门统计", total=["合计", "", "{{ 队伍人数 }}", ""])
    b.p()


def build_plan(fonts: str) -> Builder:
    """The plan for the coming year. It carries no 文号: the covering notice (印发通知) does."""
    b = Builder(fonts)
    b.p('{{ ["关于加强", 单位名称, 队伍名称, "建设的实施方案"]|标题 }}', "GwTitle")
    b.p()
    b.p("为进一步加强{{ 简称 }}{{ 队伍名称 }}建设，提高队伍成员的政治素质和业务能力，更好地服务中心工作，"
        "{% if 工作依据 %}根据{{ 工作依据 }}{% elif 上级单位 %}根据{{ 上级单位 }}有关工作要求{% else %}根据上级有关工作要求"
        "{% endif %}，结合{{ 简称 }}实际，制定本方案。")

    b.h1("指导思想和目标任务")
    b.p("坚持正确政治方向，围绕中心、服务大局，以提高队伍素质为重点，以健全制度为保障，"
        "建设一支政治坚定、业务熟练、作风扎实的{{ 成员称谓 }}队伍。")
    b.p("{{ 计划年度 }}年的主要目标是：队伍规模保持在{{ 队伍人数 }}名左右"
        "{% if 培训计划 %}；全年组织集中培训{{ 计划培训次数 }}次、共{{ 计划培训学时 }}学时"
        "{% if 计划学时差 < 0 %}，比{{ 年度 }}年实际少{{ -计划学时差 }}学时，执行中将根据工作需要适时增加专题培训{% endif %}"
        "{% endif %}"
        "{% if 工作目标 %}；每名成员每月" + _join("工作目标", "{{ x.指标 }}不少于{{ x.人均每月 }}{{ x.单位 }}")
        + "，不低于{{ 年度 }}年的人均水平{% endif %}"
        "；健全日常管理和年度考核制度，队伍作用得到进一步发挥。")

    b.tag("if 领导小组.组长 or 领导小组.副组长 or 领导小组.成员")
    b.h1("组织领导")
    b.p("调整充实{{ 简称 }}{{ 队伍名称 }}建设工作领导小组，组成如下：")
    for role in ("组长", "副组长", "成员"):
        b.tag(f"if 领导小组.{role}")
        b.p(f"{role}：" + _join(f"领导小组.{role}", "{{ x.称呼 }}"))
        b.tag("endif")
    b.tag("if 办公室")
    b.p("领导小组下设办公室，办公室设在{{ 办公室 }}，负责队伍日常管理、教育培训和考核等具体工作。")
    b.tag("else")
    b.p("领导小组负责研究部署队伍建设工作，协调解决工作中遇到的问题。")
    b.tag("endif")
    b.tag("endif")

    b.h1("队伍组成")
    b.p("队伍现有成员{{ 队伍人数 }}名，来自{{ 部门数 }}个部门。"
        "{% if 类别统计|length > 1 %}按队伍类别分，" + _join("类别统计", "{{ x.类别 }}{{ x.人数 }}名") + "；{% endif %}"
        "{% if 层级统计 %}按层级分，" + _join("层级统计", "{{ x.层级 }}{{ x.人数 }}名") + "；{% endif %}"
        "中共党员{{ 党员人数 }}名{% if 预备党员人数 %}（含预备党员{{ 预备党员人数 }}名）{% endif %}。各部门人员分布见下表。")
    department_table(b, "队伍成员部门分布")

    b.h1("工作职责")
    duties(b)

    b.h1("选任条件")
    b.p("队伍成员从本单位干部职工中选任，应当具备以下条件：")
    b.numbered([
        "政治立场坚定，拥护党的理论和路线方针政策，遵守宪法和法律法规。",
        "具有较好的文字表达能力，能够围绕工作主题撰写评论和信息。",
        "熟悉常用网络平台，了解网络传播的特点和规律。",
        "遵守工作纪律和保密规定，责任心强，能够按时完成工作任务。",
    ])

    b.tag("if 培训计划")
    b.h1("教育培训")
    b.p("{{ 计划年度 }}年计划组织集中培训{{ 计划培训次数 }}次、共{{ 计划培训学时 }}学时，具体安排见下表。"
        "各部门要支持队伍成员按时参训，参训情况纳入年度考核。")
    b.p("{{ 计划年度 }}年度培训计划", "GwCaption")
    b.table([("序号", "序号", 750), ("时间", "时间", 1800), ("主题", "主题", W - 5950),
             ("形式", "形式", 1300), ("学时", "学时", 700), ("对象", "对象", 1400)], "p in 培训计划")
    b.p()
    b.tag("endif")

    b.h1("考核奖惩")
    b.p("队伍实行年度考核，由领导小组{% if 办公室 %}办公室{% endif %}在每年年底组织实施，"
        "结合参训情况、日常工作量和工作质量综合评定。考核结果分为{{ 考核等次 }}四个等次。")
    b.p("对考核优秀的成员予以通报表彰，并通报其所在部门。对考核为{{ 考核末等 }}或者无正当理由长期不履行职责的成员，"
        "调整出队伍。")

    b.h1("工作要求")
    b.h2("加强组织领导")
    b.p("各部门要把队伍建设列入工作安排，主要负责同志亲自过问，支持队伍成员开展工作。")
    b.h2("及时报送信息")
    b.p("发现涉及{{ 简称 }}的重要舆情，队伍成员应在1小时内报告领导小组{% if 办公室 %}办公室{% endif %}，"
        "不得迟报、漏报、瞒报。因迟报、漏报、瞒报或者不当言论造成不良影响的，依规依纪追究相关人员责任。")
    b.h2("强化工作保障")
    b.p("为队伍成员参加培训和开展工作提供必要的时间、设备和经费保障。")
    b.h2("严守工作纪律")
    b.p("队伍成员要遵守网络管理有关规定和保密纪律，不得在网上发布涉密和未经核实的信息，"
        "不得以个人名义发布代表单位立场的意见。")
    b.tag("if 联系人")
    b.p("联系人：{{ 联系人 }}{% if 联系电话 %}，联系电话：{{ 联系电话 }}{% endif %}。")
    b.tag("endif")

    b.attachment_line("附件：{{ 队伍名称 }}名册")
    b.signature()

    # the attachment starts on a new page
    b.p("附件", "GwAttachMark").paragraph_format.page_break_before = True
    b.p()
    b.p("{{ 队伍名称 }}名册", "GwTitle")
    b.p()
    b.table([("序号", "序号", 750), ("姓名", "姓名", 1200), ("性别", "性别", 750), ("部门", "部门", 1900),
             ("职务", "职务", W - 7100), ("队伍类别", "队伍类别", 1700), ("层级", "层级", 800)], "m in 名册")
    return b


def build_summary(fonts: str) -> Builder:
    b = Builder(fonts)
    b.p('{{ [单位名称, 年度 ~ "年度", 队伍名称, "建设工作总结"]|标题 }}', "GwTitle")
    b.p()
    b.p("{{ 年度 }}年，{{ 简称 }}围绕中心工作，持续加强{{ 队伍名称 }}建设，队伍管理、教育培训和日常工作有序开展。"
        "截至{{ 年度 }}年底，队伍共有成员{{ 队伍人数 }}名"
        "{% if 培训列表 %}，全年组织培训{{ 培训次数 }}次、累计{{ 培训学时 }}学时{% endif %}"
        "{% if 工作指标 %}，" + _join("工作指标[:3]", "{{ x.指标 }}{{ x.合计 }}{{ x.单位 }}") + "{% endif %}"
        "。现将有关情况总结如下：")

    b.h1("基本情况")
    b.p("截至{{ 年度 }}年12月31日，队伍共有成员{{ 队伍人数 }}名，分布在{{ 部门数 }}个部门。"
        "{% if 类别统计|length > 1 %}按队伍类别分，" + _join("类别统计", "{{ x.类别 }}{{ x.人数 }}名") + "；{% endif %}"
        "{% if 层级统计 %}按层级分，" + _join("层级统计", "{{ x.层级 }}{{ x.人数 }}名") + "；{% endif %}"
        "中共党员{{ 党员人数 }}名{% if 预备党员人数 %}（含预备党员{{ 预备党员人数 }}名）{% endif %}，"
        "占{{ 党员比例|百分比 }}{% if 平均年龄 %}；平均年龄{{ 平均年龄 }}岁{% endif %}。")
    b.p("{% if 新增人数 or 减少人数 %}全年新增成员{{ 新增人数 }}名，离队{{ 减少人数 }}名"
        "{% else %}全年队伍成员保持稳定，没有人员增减{% endif %}"
        "{% if 上年 %}。与{{ 上年.年度 }}年相比，队伍人数{{ 增减.队伍人数|增减('名') }}"
        "，培训次数{{ 增减.培训次数|增减('次') }}，培训学时{{ 增减.培训学时|增减('学时') }}{% endif %}。")

    b.h1("主要做法和成效")
    # a sub-heading stands only when another follows (GENRE: no lone （一）)
    b.tag("set 多节 = 培训列表 or 工作指标 or 考核统计 or 成效")
    b.tag("if 多节")
    b.h2("加强队伍建设")
    b.tag("endif")
    b.p("{% if 领导小组.组长 %}{{ 简称 }}{{ 队伍名称 }}建设工作领导小组由" + _join("领导小组.组长", "{{ x.称呼 }}")
        + "任组长{% if 领导小组.副组长 %}，" + _join("领导小组.副组长", "{{ x.称呼 }}") + "任副组长{% endif %}"
        "{% if 办公室 %}，办公室设在{{ 办公室 }}{% endif %}，统筹负责队伍管理。"
        "{% endif %}按照选任条件从各部门选配队伍成员，实行名册管理，人员变动及时更新。"
        "{% if 名额表 %}按各部门分配的名额，队伍共设{{ 名额合计 }}个名额，"
        "{% if 名额缺口 %}截至年底尚有{{ 缺额合计 }}个未配齐，涉及" + _join("名额缺口", "{{ x.部门 }}") + "。"
        "{% else %}截至年底各部门均已按名额配齐。{% endif %}{% endif %}")

    b.tag("if 培训列表")
    b.h2("开展教育培训")
    b.p("全年组织培训{{ 培训次数 }}次，累计{{ 培训学时 }}学时，参训{{ 参训人次 }}人次，参训率{{ 参训率|百分比 }}，"
        "队伍成员人均参训{{ 人均学时 }}学时。各次培训情况见下表。")
    b.p("{{ 年度 }}年度培训情况", "GwCaption")
    # 学时 is wide enough for the total's "17.5" on one line
    b.table([("序号", "序号", 750), ("日期", "月日", 1600), ("主题", "主题", W - 5500),
             ("形式", "形式", 1300), ("学时", "学时", 850), ("参训人数", "参训人数", 1000)], "t in 培训列表",
            total=["合计", "", "{{ 培训次数 }}次", "", "{{ 培训学时 }}", "{{ 参训人次 }}"])
    b.p()
    b.tag("endif")

    b.tag("if 工作指标")
    b.h2("做好日常工作")
    b.p("全年累计完成" + _join("工作指标", "{{ x.指标 }}{{ x.合计 }}{{ x.单位 }}")
        + "。{% if 月度工作|length > 1 %}从月份看，{{ 工作高峰月份 }}月工作量最多{% endif %}"
        "{% if 部门工作|length > 1 %}{% if 月度工作|length > 1 %}；{% endif %}从部门看，{{ 工作最多部门 }}完成的工作量最多"
        "{% endif %}{% if 月度工作|length > 1 or 部门工作|length > 1 %}。{% endif %}")
    b.tag("if 月度工作|length > 1")
    b.chart("{{ 年度 }}年度每月工作量", "月度工作")
    b.tag("endif")
    b.tag("endif")

    b.tag("if 考核统计")
    b.h2("严格考核表彰")
    b.p("年底组织开展年度考核，评定结果为：" + _join("考核统计", "{{ x.等次 }}{{ x.人数 }}名") + "。"
        "{% if 优秀名单 %}评为优秀的是：" + _join("优秀名单", "{{ x.姓名 }}") + "。{% endif %}")
    b.tag("endif")

    b.tag("if 成效")
    b.h2("其他工作成效")
    b.numbered_loop("成效")
    b.tag("endif")

    b.tag("if 问题")
    b.h1("存在的问题")
    b.p("工作中还存在一些不足，主要是：")
    b.numbered_loop("问题")
    b.tag("endif")

    b.tag("if 计划 or 培训计划")
    b.h1("下一步工作打算")
    b.numbered_loop("计划")
    b.tag("if 培训计划")
    b.p("{% if 计划 %}{{ (计划|length + 1)|条目(计划) }}{% endif %}抓好教育培训。{{ 计划年度 }}年计划组织集中培训{{ 计划培训次数 }}次、"
        "共{{ 计划培训学时 }}学时，重点围绕" + _join("培训计划[:3]", "“{{ x.主题 }}”", sep="") + "等内容开展。")
    b.tag("endif")
    b.tag("endif")

    b.signature()
    return b


def _report_head(b: Builder, title: str) -> None:
    """The title and the 填报单位 line of a table document (GENRE: no prose)."""
    b.p(title, "GwTitle")
    b.p()
    b.p("填报单位：{{ 单位名称 }}　　统计截止：{{ 年度 }}年12月31日", "GwMeta")


def build_roster(fonts: str) -> Builder:
    b = Builder(fonts, landscape=True)
    _report_head(b, '{{ [单位名称, 队伍名称, "名册"]|标题 }}')
    # 五号 (10.5 pt): twelve columns, 部门 and 职务 apart and 备注 last, fit the 225 mm line only
    # at this size. These widths are weights: finish.fit_columns sizes the columns from what
    # they hold once rendered, so no short value breaks inside its cell.
    wide = styles.LANDSCAPE_TEXT_WIDTH
    cols = [("序号", "序号", 600), ("姓名", "姓名", 1000), ("性别", "性别", 600), ("出生年月", "出生年月", 1250),
            ("政治面貌", "政治面貌", 1450), ("部门", "部门", 1400), ("职务", "职务", 0), ("队伍类别", "队伍类别", 1250),
            ("层级", "层级", 600), ("入队时间", "入队年月", 1250), ("联系电话", "{{ m.联系电话|掩码 }}", 1350),
            ("备注", "备注", 1000)]
    cols[6] = ("职务", "职务", wide - sum(c[2] for c in cols))
    b.table(cols, "m in 名册", size=10.5)
    b.p("共{{ 队伍人数 }}名。")
    return b


def build_ledger(fonts: str) -> Builder:
    b = Builder(fonts, landscape=True)
    wide = styles.LANDSCAPE_TEXT_WIDTH
    _report_head(b, '{{ [单位名称, 年度 ~ "年度", "培训台账"]|标题 }}')
    # the totals before the table, which they introduce: after it, a page break could part them
    b.p("全年共培训{{ 培训次数 }}次，累计{{ 培训学时 }}学时，参训{{ 参训人次 }}人次，参训率{{ 参训率|百分比 }}。")
    b.p("培训情况", "GwCaption")
    b.table([("序号", "序号", 650), ("日期", "月日", 1300), ("主题", "主题", 2400), ("形式", "形式", 1150),
             ("主讲人", "主讲人", 1650), ("地点", "地点", 1650), ("学时", "学时", 700), ("参训人数", "参训人数", 1150),
             ("参训人员", "参训情况", wide - 10650)], "t in 培训列表",
            total=["合计", "", "{{ 培训次数 }}次", "", "", "", "{{ 培训学时 }}", "{{ 参训人次 }}", ""], size=10.5)
    b.p()
    b.p("个人参训学时", "GwCaption")
    b.table([("序号", "序号", 650), ("姓名", "姓名", 1300), ("部门", "部门", wide - 6850), ("在队情况", "在队情况", 1900),
             ("参训次数", "参训次数", 1000), ("学时", "学时", 1000), ("等次", "等次", 1000)], "m in 全年人员",
            total=["合计", "", "{{ 全年在队人数 }}名", "", "{{ 参训人次 }}", "{{ 成员学时合计 }}", ""], size=12)
    b.p("填表人：{{ 联系人 }}　　　　审核人：{{ 审核人 }}　　　　填报日期：{{ 成文日期 }}", "GwMeta")
    return b


TRAININGS_SHOWN = 6  # trainings listed on a member's form; more are counted, as the page allows
# A line break inside a cell (a newline typed into the builder's text would start a new
# paragraph and split the loop).
BREAK_TAG = "{{ 换行 }}"


def build_member_form(fonts: str) -> Builder:
    b = Builder(fonts)
    b.tag("for m in 全年人员")
    title = b.p('{{ [年度 ~ "年度", 队伍名称, "个人考核登记表"]|标题 }}', "GwTitle")
    title.paragraph_format.page_break_before = True  # one member a sheet; Word ignores it on page 1
    b.p("填报单位：{{ 单位名称 }}", "GwMeta")
    # one table (two tables in a row would merge anyway), sized so that every short value
    # (中共预备党员, 网络文明志愿者, 基础教育股, 党组书记、局长, 2022年11月2日) stays on one line at 12 pt
    label, v1, v2 = 1150, 1900, 1400
    widths = [label, v1, label, v2, label, W - 3 * label - v1 - v2]
    b.form(widths, [
        [("姓名", 1), ("{{ m.姓名 }}", 1), ("性别", 1), ("{{ m.性别 }}", 1), ("出生年月", 1), ("{{ m.出生年月 }}", 1)],
        [("政治面貌", 1), ("{{ m.政治面貌 }}", 1), ("部门", 1), ("{{ m.部门 }}", 1), ("职务", 1), ("{{ m.职务 }}", 1)],
        [("队伍类别", 1), ("{{ m.队伍类别 }}", 1), ("层级", 1), ("{{ m.层级 }}", 1), ("入队日期", 1),
         ("{{ m.入队日期 }}", 1)],
        [("参训次数", 1), ("{{ m.参训次数 }}次", 1), ("参训学时", 1), ("{{ m.学时 }}", 1), ("得分", 1), ("{{ m.得分 }}", 1)],
        [("工作量", 1), ("{% if m.工作量 %}" + _join("m.工作量", "{{ x.指标 }}{{ x.合计 }}{{ x.单位 }}", "，")
                          + "{% else %}—{% endif %}", 5)],
        [("参加培训", 1), ("{% for t in m.培训记录[:" + str(TRAININGS_SHOWN) + "] %}{{ t.月日 }}　{{ t.主题 }}"
                          "（{{ t.学时 }}学时）{% if not loop.last %}" + BREAK_TAG + "{% endif %}{% endfor %}"
                          "{% if m.参训次数 > " + str(TRAININGS_SHOWN) + " %}" + BREAK_TAG + "等{{ m.参训次数 }}次，详见培训台账"
                          "{% endif %}{% if not m.参训次数 %}—{% endif %}", 5)],
        [("个人小结", 1), ("\n\n\n\n\n本人签字：　　　　　　　　\n　　　　年　　月　　日", 5)],
        [("考核意见", 1), ("等次：{{ m.考核情况 }}\n负责人签字：　　　　　　　　（盖章）\n　　　　年　　月　　日", 5)],
    ], heights={6: 3900, 7: 1900}, size=12)
    b.tag("endfor")
    return b


def build_commendation(fonts: str) -> Builder:
    b = Builder(fonts)
    b.p("{% if 表彰文号 %}{{ 表彰文号 }}{% endif %}", "GwDocNo")  # empty: a line for a number written by hand
    b.p()
    b.p('{{ ["关于表彰", 年度 ~ "年度", 表彰对象, "的通报"]|标题 }}', "GwTitle")
    b.p()
    b.p("各部门（科室）：", "GwTo")
    b.p("{{ 年度 }}年，{{ 简称 }}{{ 队伍名称 }}围绕中心工作履职尽责"
        "{% if 培训列表 %}，全年参加培训{{ 参训人次 }}人次{% endif %}"
        "{% if 工作指标 %}，完成" + _join("工作指标[:3]", "{{ x.指标 }}{{ x.合计 }}{{ x.单位 }}") + "{% endif %}"
        "，队伍作用得到较好发挥。")
    b.p("为表彰先进、激励担当，经{{ 决定机关 }}研究，决定对年度考核优秀的以下{{ 优秀人数 }}名同志予以通报表彰：")
    b.tag("for d in 优秀分部门")
    b.tag("for x in d.名单")
    b.p("{{ x.姓名 }}（{{ d.部门 }}{% if x.职务 %}，{{ x.职务 }}{% endif %}）{% if x.事迹 %}：{{ x.事迹 }}{% endif %}。")
    b.tag("endfor")
    b.tag("endfor")
    b.p("希望受到表彰的同志珍惜荣誉、再接再厉。全体队伍成员要以先进为榜样，认真履行职责，"
        "为做好{{ 计划年度 }}年各项工作作出新的贡献。")
    b.signature()
    return b


PLAN_TITLE = '["关于加强", 单位名称, 队伍名称, "建设的实施方案"]'
TO_DEPARTMENTS = "各部门（科室）："


def build_plan_notice(fonts: str) -> Builder:
    """The covering notice that issues the plan: it carries the 发文字号 (an empty line for
    one written by hand), and the plan (实施方案) is its attachment."""
    b = Builder(fonts)
    b.p("{% if 发文字号 %}{{ 发文字号 }}{% endif %}", "GwDocNo")
    b.p()
    b.p('{{ ["关于印发《关于加强", 单位名称, 队伍名称, "建设的实施方案》的通知"]|标题 }}', "GwTitle")
    b.p()
    b.p(TO_DEPARTMENTS, "GwTo")
    b.p("现将《关于加强{{ 单位名称 }}{{ 队伍名称 }}建设的实施方案》印发给你们，请结合工作实际，认真抓好落实。")
    b.p("各部门要按照方案要求，支持本部门队伍成员参加培训、开展工作，"
        "{{ 计划年度 }}年队伍建设中的新情况、新问题，请及时报告领导小组{% if 办公室 %}办公室（设在{{ 办公室 }}）{% endif %}。"
        "{% if 联系人 %}联系人：{{ 联系人 }}{% if 联系电话 %}，联系电话：{{ 联系电话 }}{% endif %}。{% endif %}")
    b.attachment_line("附件：关于加强{{ 单位名称 }}{{ 队伍名称 }}建设的实施方案")
    b.signature()
    return b


def build_formation_notice(fonts: str) -> Builder:
    """The notice to the unit's departments that forms (adjusts) the team: quotas, standards,
    duties, when and how to reply; a blank nomination form as its attachment."""
    b = Builder(fonts)
    b.p('{{ ["关于调整充实", 单位名称, 队伍名称, "的通知"]|标题 }}', "GwTitle")
    b.p()
    b.p(TO_DEPARTMENTS, "GwTo")
    b.p("为进一步加强{{ 简称 }}{{ 队伍名称 }}建设，适应{{ 计划年度 }}年工作需要，经研究，决定对{{ 队伍名称 }}进行调整充实。"
        "现将有关事项通知如下：")
    b.h1("人员组成结构和推荐数目")
    b.tag("if 名额表")
    b.p("队伍按部门、队伍类别和层级分配名额，共{{ 名额合计 }}名，各部门名额见下表。"
        "{% if 名额缺口 %}截至{{ 年度 }}年底，尚有{{ 缺额合计 }}个名额未配齐，涉及"
        + _join("名额缺口", "{{ x.部门 }}") + "，请相关部门按名额推荐补齐；{% else %}截至{{ 年度 }}年底，各部门名额均已配齐；"
        "{% endif %}其他部门对不适宜继续承担工作的成员，可以提出调整意见并推荐替补人选。")
    b.p("各部门推荐名额", "GwCaption")
    b.table([("序号", "{{ loop.index }}", 750), ("部门", "部门", 2400), ("队伍类别", "{{ q.队伍类别 or '不限' }}", 1800),
             ("层级", "{{ q.层级 or '不限' }}", 1000), ("名额", "名额", 900), ("现有", "现有", 900),
             ("情况", "情况", W - 7750)], "q in 名额表",
            total=["合计", "", "", "", "{{ 名额合计 }}", "", "{% if 缺额合计 %}缺{{ 缺额合计 }}名{% endif %}"])
    b.p()
    b.tag("else")
    b.p("队伍现有成员{{ 队伍人数 }}名，来自{{ 部门数 }}个部门，各部门人员构成见下表。各部门原则上保持现有人数，"
        "对不适宜继续承担工作的成员提出调整意见，并推荐替补人选。")
    department_table(b, "各部门人员构成")
    b.tag("endif")
    b.h1("推荐标准")
    b.p("推荐人选应当具备以下条件：")
    b.numbered([
        "政治立场坚定，遵守宪法和法律法规，在思想上、行动上与党中央保持一致。",
        "熟悉本部门业务，文字功底较好，能够围绕工作主题撰写评论和信息。",
        "经常使用网络平台，了解网络传播特点，有较强的信息甄别能力。",
        "工作认真负责，遵守保密纪律，能够保证必要的工作时间。",
    ])
    b.p("核心成员一般从熟悉全局工作的中层以上干部中推荐，骨干和基层成员从各部门干部职工中推荐。")
    b.h1("工作职责")
    duties(b)
    b.h1("报送要求")
    b.p("请各部门认真研究，填写《{{ 队伍名称 }}成员推荐表》（见附件），经部门负责同志签字后，于{{ 报送日期 }}前报送"
        "{% if 办公室 %}{{ 办公室 }}{% else %}领导小组办公室{% endif %}。"
        "{% if 联系人 %}联系人：{{ 联系人 }}{% if 联系电话 %}，联系电话：{{ 联系电话 }}{% endif %}。{% endif %}")
    b.attachment_line("附件：{{ 队伍名称 }}成员推荐表")
    b.signature()

    b.p("附件", "GwAttachMark").paragraph_format.page_break_before = True
    b.p()
    b.p("{{ 队伍名称 }}成员推荐表", "GwTitle")
    b.p("推荐部门（盖章）：　　　　　　填表日期：　年　月　日", "GwMeta")
    label, value = 1500, 1600
    pick = "（在选定的一项上打“√”）"
    b.form([label, value, label, value, label, W - 3 * label - 2 * value], [
        [("姓名", 1), ("", 1), ("性别", 1), ("", 1), ("出生年月", 1), ("", 1)],
        [("政治面貌", 1), ("", 1), ("职务", 1), ("", 1), ("联系电话", 1), ("", 1)],
        [("部门", 1), ("", 5)],
        [("队伍类别", 1), ("{% for c in 类别统计 %}{{ c.类别 }}　{% endfor %}" + pick, 5)],
        [("推荐层级", 1), ("核心　骨干　基层　" + pick, 5)],
        [("网络平台账号", 1), ("", 5)],
        [("推荐理由", 1), ("", 5)],
        [("部门意见", 1), ("\n负责人签字：　　　　　　\n　　　　年　　月　　日", 5)],
        [("审核意见", 1), ("\n　　　　年　　月　　日", 5)],
    ], heights={5: 800, 6: 2800, 7: 1500, 8: 1200}, size=14)
    return b


def build_rules(fonts: str) -> Builder:
    """The team's management rules in articles (制度): purpose and basis, composition, duties
    (the duties sheet's sentences, else defaults per category and tier), management,
    support, assessment and accountability, supplementary provisions."""
    b = Builder(fonts)
    b.p('{{ [单位名称, 队伍名称, "管理办法"]|标题 }}', "GwTitle")
    b.p()
    article = "{{ 条款() }}　"
    b.p(article + "为加强{{ 简称 }}{{ 队伍名称 }}建设和管理，规范队伍成员的选任、培训和考核，"
        "{% if 工作依据 %}根据{{ 工作依据 }}，{% endif %}结合{{ 简称 }}实际，制定本办法。")
    b.p(article + "本办法所称{{ 队伍名称 }}，是指由{{ 简称 }}各部门推荐、经领导小组审核确定，"
        "围绕{{ 简称 }}中心工作开展网上宣传、舆情收集和信息报送的干部职工队伍。")
    b.p(article + "{{ 队伍名称 }}由"
        + _join("类别统计", "{{ x.类别 }}", "、") + "组成"
        "{% if 层级统计 %}，按工作职责分为" + _join("层级统计", "{{ x.层级 }}", "、") + "成员{% endif %}。"
        "队伍在{{ 简称 }}{{ 队伍名称 }}建设工作领导小组领导下开展工作，领导小组办公室"
        "{% if 办公室 %}设在{{ 办公室 }}，{% endif %}负责队伍的日常管理。")
    b.tag("for c in 类别统计")
    b.p(article + "{{ c.类别 }}的主要职责是："
        "{% if c.类别 in 职责 %}" + _join("职责[c.类别]", "（{{ loop.index|中文数字 }}）{{ x.rstrip('。；;') }}", "；")
        + "。{% else %}" + _inline_default_duties() + "{% endif %}")
    b.tag("endfor")
    b.tag("if 层级职责")
    b.p(article + TIER_DUTIES)
    b.tag("endif")
    b.p(article + "队伍成员由所在部门按照推荐标准和分配名额推荐，经领导小组办公室审核、领导小组同意后确定。"
        "成员因工作调动、退休等原因不再适合承担工作的，由所在部门及时提出，按程序调整。")
    b.p(article + "领导小组办公室建立队伍名册和工作台账，如实记录成员的参训情况和工作情况，人员变动及时更新，"
        "每年年底汇总一次。")
    b.p(article + "各部门应当为队伍成员履行职责提供必要的时间保障。领导小组办公室每年组织集中培训"
        "{% if 计划培训次数 %}不少于{{ 计划培训次数 }}次{% endif %}，队伍成员应当按时参训。")
    b.p(article + "队伍开展工作所需经费按有关规定列支，保障培训、设备和必要的工作条件。")
    b.p(article + "队伍成员实行年度考核，由领导小组办公室在每年年底组织，结合参训情况、工作量和工作质量综合评定。"
        "考核结果分为{{ 考核等次 }}等次。")
    b.p(article + "对考核优秀的成员予以通报表彰，并通报其所在部门。对考核为{{ 考核末等 }}的成员，调整出队伍。"
        "队伍成员违反工作纪律、发布不当言论或者迟报、漏报、瞒报重要舆情，造成不良影响的，依规依纪追究责任。")
    b.p(article + "本办法由{{ 简称 }}{{ 队伍名称 }}建设工作领导小组办公室负责解释。")
    b.p(article + "本办法自印发之日起施行。")
    b.signature()
    return b


TOPICS_SHOWN = 5  # topics named in a personal summary; more are counted


def build_personal_summary(fonts: str) -> Builder:
    """A member's own year in the first person, for them to reword (GENRE: the other documents
    of the seeds). Every figure is the member's own, the team's average beside it; a section
    with no data of theirs is left out, and the headings number themselves."""
    b = Builder(fonts)
    b.p('{{ 年度 }}年度个人工作总结', "GwTitle")
    b.p("{{ 本人.部门 }}　{{ 本人.姓名 }}", "GwByline")
    b.p()
    b.p("{% if 本人.年内入队 %}{{ 本人.入队年月 }}，本人加入{{ 简称 }}{{ 队伍名称 }}{% else %}{{ 年度 }}年，本人继续在"
        "{{ 简称 }}{{ 队伍名称 }}中工作{% endif %}，作为一名{% if 本人.层级 %}{{ 本人.层级 }}{% endif %}{{ 本人.队伍类别 }}，"
        "在领导小组的安排下履行职责、完成任务。现将一年来的情况总结如下：")
    b.h1("思想认识")
    b.p("本人注重加强政治理论学习，认真学习党的路线方针政策和网络管理有关规定，增强政治意识和责任意识，"
        "在网上坚持正确立场，自觉遵守工作纪律和保密规定。")
    b.tag("if 本人.参训次数")
    b.h1("学习培训")
    since = "{% if 本人.年内入队 %}入队以来{% else %}全年{% endif %}"
    b.p(since + "参加培训{{ 本人.参训次数 }}次、{{ 本人.学时 }}学时"
        "（队伍人均{{ 人均参训次数 }}次、{{ 人均学时 }}学时），内容包括"
        + _join("本人.培训主题[:" + str(TOPICS_SHOWN) + "]", "“{{ x }}”", sep="")
        + "{% if 本人.培训主题|length > " + str(TOPICS_SHOWN) + " %}等{{ 本人.培训主题|length }}个专题{% endif %}。"
        "通过学习，本人对网上舆情的研判和引导方法有了更深的了解。")
    b.tag("endif")
    b.tag("if 本人.工作最多月份")
    b.h1("工作开展")
    b.p(since + "完成" + _join("本人.工作量", "{{ x.指标 }}{{ x.合计 }}{{ x.单位 }}（队伍人均{{ x.队伍人均 }}{{ x.单位 }}）")
        + "，其中{{ 本人.工作最多月份 }}月完成最多。工作中注意围绕{{ 简称 }}中心工作发声，发现苗头性问题及时报告。")
    b.tag("endif")
    b.tag("if 本人.等次")
    b.h1("考核情况")
    b.p("在{{ 年度 }}年度考核中，本人被评为“{{ 本人.等次 }}”等次。")
    b.tag("endif")
    b.h1("不足和打算")
    b.p("回顾一年的工作，本人还存在理论学习不够深入、评论写作的质量和时效有待提高等不足。"
        "{{ 计划年度 }}年，本人将加强学习，按时参加培训，积极完成各项任务，努力提高工作水平。")
    b.signature("本人.姓名")
    return b


def build_rollup(fonts: str) -> Builder:
    """The county office's 情况通报 over its units: totals, the table (the columns of
    汇总表.xlsx), who leads and who trails, what to do next; signed by the shared 上级单位."""
    b = Builder(fonts, landscape=True)
    b.p('{{ [年度 ~ "年度", 队伍名称, "建设情况汇总"]|标题 }}', "GwTitle")
    b.p()
    b.p("各有关单位：", "GwTo")
    b.p("根据各单位报送的{{ 年度 }}年度数据，现将{{ 队伍名称 }}建设情况通报如下。")
    b.h1("基本情况")
    b.p("截至{{ 年度 }}年底，{{ 单位数 }}个单位共有队伍成员{{ 合计.队伍人数 }}名，全年新增{{ 合计.新增人数 }}名、"
        "离队{{ 合计.减少人数 }}名，其中中共党员{{ 合计.党员人数 }}名。全年共组织培训{{ 合计.培训次数 }}次、"
        "{{ 合计.培训学时 }}学时，参训{{ 合计.参训人次 }}人次，人均学时{{ 合计.人均学时 }}，"
        "参训率{{ 合计.参训率|百分比 }}；考核优秀{{ 合计.优秀人数 }}名。各单位情况见下表，排名按人均学时从高到低。")
    b.p("{{ 年度 }}年度各单位情况", "GwCaption")
    cols = [("序号", "序号", 600), ("单位", "单位名称", 0), ("队伍人数", "队伍人数", 900), ("新增人数", "新增人数", 900),
            ("减少人数", "减少人数", 900), ("党员人数", "党员人数", 900), ("培训次数", "培训次数", 900),
            ("培训学时", "培训学时", 900), ("参训人次", "参训人次", 900), ("人均学时", "人均学时", 900),
            ("参训率", "{{ u.参训率|百分比 }}", 900), ("优秀人数", "优秀人数", 900), ("排名", "排名", 650)]
    cols[1] = ("单位", "单位名称", styles.LANDSCAPE_TEXT_WIDTH - sum(c[2] for c in cols))
    b.table(cols, "u in 单位列表", total=["合计", "", "{{ 合计.队伍人数 }}", "{{ 合计.新增人数 }}", "{{ 合计.减少人数 }}",
                                         "{{ 合计.党员人数 }}", "{{ 合计.培训次数 }}", "{{ 合计.培训学时 }}",
                                         "{{ 合计.参训人次 }}", "{{ 合计.人均学时 }}", "{{ 合计.参训率|百分比 }}",
                                         "{{ 合计.优秀人数 }}", ""], size=10.5)
    b.p()
    b.tag("if 人均学时前列 or 未培训单位")
    b.h1("比较分析")
    b.p("{% if 人均学时前列 %}从人均学时看，{{ 人均学时前列 }}位居前列，{{ 人均学时后列 }}相对靠后；"
        "从参训率看，{{ 参训率前列 }}较高，{{ 参训率后列 }}较低。{% endif %}"
        "{% if 未培训单位 %}{{ 未培训单位 }}全年没有组织培训。{% endif %}")
    b.tag("endif")
    b.h1("下一步要求")
    b.p("各单位要对照本通报查找差距，人均学时和参训率靠后的单位要分析原因、制定措施，确保{{ 年度 + 1 }}年教育培训"
        "按计划落实；队伍人员变动要及时更新名册，按时报送有关数据。")
    b.tag("if 落款")
    b.signature()
    b.tag("endif")
    return b


TEMPLATES = {"印发通知.docx": build_plan_notice, "实施方案.docx": build_plan, "年度工作总结.docx": build_summary, "名册.docx": build_roster,
             "培训台账.docx": build_ledger, "个人考核登记表.docx": build_member_form, "表彰通报.docx": build_commendation,
             "组建通知.docx": build_formation_notice, "管理办法.docx": build_rules,
             "个人工作总结.docx": build_personal_summary, "汇总.docx": build_rollup}


def main() -> None:
    ap = argparse.ArgumentParser(description="重新生成 templates/ 中的模板")
    ap.add_argument("--fonts", choices=sorted(styles.FONT_PROFILES), default="standard")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "templates")
    args = ap.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    for name, make in TEMPLATES.items():
        make(args.fonts).save(args.output / name)
        print(f"已生成 {args.output / name}")


if __name__ == "__main__":
    main()
