"""The post-render fixes that change a document's structure, on bodies written by hand:
the signature kept with body text over a 附件 line, and the columns a marked table leaves out."""

from __future__ import annotations

import random

from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from yearend import columns, finish, styles
from yearend.cells import Heights, read_cells, size_of
from yearend.chinese import printed_width

W = styles.W_NS


def _p(text: str, style: str = "", ppr: str = "") -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return f"<w:p><w:pPr>{pstyle}{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def _kept(p) -> bool:
    return p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


def test_the_signature_keeps_body_text_on_its_page_not_only_the_attachment_note():
    hanging = '<w:ind w:left="1600" w:hanging="960"/>'
    body = etree.fromstring(
        f'<w:body xmlns:w="{W}">' + _p("各部门要把队伍建设列入工作安排。") + _p("联系人：杨佳文，联系电话：13907150001。")
        + _p("") + _p("附件：1.网络评论员队伍名册", ppr=hanging) + _p("2.培训计划表", ppr=hanging) + _p("")
        + _p("青山县教育局", "GwSign") + _p("2025年12月28日", "GwDate") + "</w:body>")
    finish.fix_signature(body)
    paras = list(body.iter(qn("w:p")))
    # the last line of text, the blank, both lines of the note and the blank above the signature
    assert [_kept(p) for p in paras[:6]] == [False, True, True, True, True, True]


def _table(caption: str, rows: list[list[tuple[str, int]]], widths: list[int]):
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    trs = ""
    for row in rows:
        trs += "<w:tr>"
        col = 0
        for text, span in row:
            span_el = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            trs += (f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths[col:col + span])}" w:type="dxa"/>{span_el}</w:tcPr>'
                    f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
            col += span
        trs += "</w:tr>"
    return etree.fromstring(f'<w:body xmlns:w="{W}"><w:tbl><w:tblPr><w:tblCaption w:val="{caption}"/></w:tblPr>'
                            f"<w:tblGrid>{grid}</w:tblGrid>{trs}</w:tbl></w:body>")


def _shape(body) -> tuple[list[int], list[list[tuple[str, int]]]]:
    grid = [int(c.get(qn("w:w"))) for c in body.iter(qn("w:gridCol"))]
    rows = []
    for tr in body.iter(qn("w:tr")):
        row = []
        for tc in tr.iter(qn("w:tc")):
            span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            row.append(("".join(tc.itertext(qn("w:t"))), int(span.get(qn("w:val"))) if span is not None else 1))
        rows.append(row)
    return grid, rows


def test_a_marked_roster_leaves_out_an_empty_tier_column_and_keeps_an_empty_remark():
    rows = [[("序号", 1), ("姓名", 1), ("层级", 1), ("备注", 1)], [("1", 1), ("林振华", 1), ("", 1), ("", 1)]]
    body = _table(styles.DROP_NAMED + "层级", rows, [800, 1200, 800, 2000])
    columns.drop_empty_columns(body)
    grid, shape = _shape(body)
    assert [t for t, _ in shape[0]] == ["序号", "姓名", "备注"] and len(grid) == 3 and sum(grid) == 4800
    with_tiers = _table(styles.DROP_NAMED + "层级", [rows[0], [("1", 1), ("林振华", 1), ("骨干", 1), ("", 1)]],
                        [800, 1200, 800, 2000])
    columns.drop_empty_columns(with_tiers)
    assert len(_shape(with_tiers)[0]) == 4  # a unit with tiers keeps the column


def test_a_total_row_of_merged_cells_loses_just_the_columns_left_out():
    rows = [[("序号", 1), ("日期", 1), ("主讲人", 1), ("学时", 1)], [("1", 1), ("1月4日", 1), ("", 1), ("2", 1)],
            [("合计", 2), ("", 1), ("2", 1)]]
    body = _table(styles.DROP_EMPTY, rows, [800, 1200, 1500, 700])
    columns.drop_empty_columns(body)
    grid, shape = _shape(body)
    assert len(grid) == 3 and sum(grid) == 4200
    assert shape[2] == [("合计", 2), ("2", 1)]  # still spanning 序号 and 日期, 主讲人's cell gone
    assert all(sum(span for _, span in row) == 3 for row in shape)


def test_a_blank_forms_boxes_share_the_room_its_labels_leave():
    # 姓名 __ 性别 __ 联系电话 __: the labels as wide as their words, the boxes a clerk writes
    # in by hand (a phone number among them) alike and wide, not squeezed by the labels' share
    body = _table("", [[("姓名", 1), ("", 1), ("性别", 1), ("", 1), ("联系电话", 1), ("", 1)]],
                  [1500, 1600, 1500, 1600, 1500, 1145])
    columns.fit_columns(body)
    grid, _ = _shape(body)
    assert sum(grid) == 8845 and max(grid[1::2]) - min(grid[1::2]) <= 3
    assert grid[5] >= 1800 and grid[4] < 1500  # 3 cm for a phone number; the label no wider than its word


def test_long_text_keeps_four_characters_the_short_words_giving_up_their_size():
    # a 3-member school's roster: eleven columns of short words, and remarks as long text;
    # the remarks got two characters (nine lines a row, the roster on two pages), now the
    # table's text is made smaller so that they keep four
    row = ["1", "于强子", "女", "1991年4月", "中共党员", "政教处", "党支部书记、校长", "网络评论员", "基层",
           "2019年8月", "138****0895", "兼任本部门信息员，负责政务新媒体日常更新和审核"]
    header = ["序号", "姓名", "性别", "出生年月", "政治面貌", "部门", "职务", "队伍类别", "层级", "入队时间",
              "联系电话", "备注"]
    widths = [600, 1000, 600, 1250, 1450, 1400, 1006, 1250, 600, 1250, 1350, 1000]  # the 225 mm line
    rows = [row, ["2", "吴子建", "男", "1968年5月", "民主党派", "教务处", "年级组长", "网络评论员", "基层", "2023年9月",
                  "071*****6216", "2025年度优秀通讯员，市级媒体采用稿件三篇"],
            ["3", "杨文", "男", "1972年10月", "中共党员", "高二年级组", "年级组长", "新闻通讯员", "核心", "2023年10月",
             "071*****1864", "2025年度优秀通讯员，市级媒体采用稿件三篇"]]
    body = _table("", [[(t, 1) for t in r] for r in [header, *rows]], widths)
    for r in body.iter(qn("w:r")):  # 五号, as the roster's cells
        r.insert(0, etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:sz w:val="21"/></w:rPr>'))
    columns.fit_columns(body)
    grid, _ = _shape(body)
    size = int(next(body.iter(qn("w:sz"))).get(qn("w:val")))
    assert size < 21 and sum(grid) == sum(widths)
    assert grid[-1] >= 4 * size * 10 + columns.CELL_MARGINS  # 备注 four characters wide at the new size


def test_a_name_of_seven_characters_in_a_long_text_column_is_kept_whole_when_no_row_grows():
    # a training ledger: 地点 机关三楼会议室 broke as 机关三楼会议/室 and 主题 网络舆情研判与处置 as
    # 网络舆情研判与处/置, while 参训人员 had room to spare on every line it took
    header = ["序号", "主题", "地点", "参训人员"]
    rows = [["1", "网络舆情研判与处置", "机关三楼会议室", "在队成员全部参加"],
            ["2", "新媒体传播规律", "县委党校", "除王建然、黄敏雨、许英欣、郭娜磊、魏俊、袁梓子、陈洋萱、唐宇明外，在队成员全部参加"],
            ["3", "网络安全与保密", "机关三楼会议室", "李涛涵、马磊、孙刚欣、卢怡浩、彭欣、郭娜磊、曹红然、田平勇、许娜、姚浩、沈杰"]]
    widths = [600, 2500, 1500, 4245]
    body = _table("", [[(t, 1) for t in r] for r in [header, *rows]], widths)
    columns.fit_columns(body)
    grid, _ = _shape(body)
    whole = [columns._twips(printed_width(t), 28) for t in ("网络舆情研判与处置", "机关三楼会议室")]
    assert sum(grid) == sum(widths) and grid[1] >= whole[0] and grid[2] >= whole[1]


_NAMES = ["平安建设办公室", "机关三楼会议室", "农业综合服务中心", "网络文明志愿者", "意识形态工作责任制解读", "县委党校"]
_TEXTS = ["核实情况，联系当事人说明政策", "已解决，当事人认可", "在队成员全部参加",
          "除王建然、黄敏雨、许英欣、郭娜磊、魏俊、袁梓子外，在队成员全部参加", "电话回访当事人"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_NAMES), st.sampled_from(_NAMES + _TEXTS), st.sampled_from(_TEXTS)),
                min_size=1, max_size=6),
       st.lists(st.integers(600, 3000), min_size=3, max_size=3))
def test_keeping_names_whole_never_makes_a_table_longer_nor_breaks_a_name_that_was_whole(rows, widths):
    def fitted(keep: bool):
        body = _table("", [[("序号", 1), ("部门", 1), ("地点", 1), ("备注", 1)]]
                      + [[(str(i), 1), *[(t, 1) for t in r]] for i, r in enumerate(rows, 1)], [600, *widths])
        real = columns._keep_medium_whole
        try:
            if not keep:
                columns._keep_medium_whole = lambda *a: 0  # nothing kept whole; no name counted as broken
            columns.fit_columns(body)
        finally:
            columns._keep_medium_whole = real
        tbl = next(body.iter(qn("w:tbl")))
        grid = _shape(body)[0]
        heights = Heights(read_cells(tbl)).rows(grid, [28] * len(grid), {})
        return grid, sum(heights.values())

    (before, lines_before), (after, lines_after) = fitted(False), fitted(True)
    assert sum(after) == sum(before) and lines_after <= lines_before
    for c in (1, 2, 3):  # a name whole before is whole after
        for name in {r[c - 1] for r in rows} & set(_NAMES):
            need = columns._twips(printed_width(name), 28)
            assert not (before[c] >= need > after[c]), (name, before, after)


def test_a_unit_without_tiers_or_assessment_gets_no_empty_tier_or_grade_column(tmp_path, make_unit):
    from doctext import document_text
    from helpers import TRAININGS, member

    from yearend import build

    inp = make_unit("甲局.xlsx", unit={"单位名称": "甲局", "年度": 2025}, members=[member("张三"), member("李四")],
                    trainings=TRAININGS).parent
    result = build.build(build.Options(inp, tmp_path / "out", only=frozenset({"training_ledger", "plan"})))
    texts = {d.kind: document_text(tmp_path / "out" / d.path) for u in result.units for d in u.documents}
    ledger_heads = [line for line in texts["training_ledger"].splitlines() if line.startswith("序号 | ")]
    assert ledger_heads[0].split(" | ")[:3] == ["序号", "日期", "主题"] and "主讲人" in ledger_heads[0]  # kept, if empty
    assert ledger_heads[1] == "序号 | 姓名 | 部门 | 在队情况 | 参训次数 | 学时"  # no 等次 without an assessment
    plan_head = next(line for line in texts["plan"].splitlines() if line.startswith("序号 | 姓名"))
    assert "层级" not in plan_head and "队伍类别" in plan_head


def test_a_date_in_a_cells_long_text_is_kept_whole_and_a_date_alone_left_as_typed():
    body = etree.fromstring(
        f'<w:body xmlns:w="{W}">' + _p("12月16日召开会议，部署全年工作。")
        + "<w:tbl><w:tr><w:tc>" + _p("1月19日") + "</w:tc><w:tc>"
        + _p("16条，其中较大以上2条：12月16日“网民反映排队时间过长”、2025年3月5日“办事难”") + "</w:tc></w:tr></w:tbl></w:body>")
    finish.join_dates(body)
    body_text, alone, long = ["".join(p.itertext(qn("w:t"))) for p in body.iter(qn("w:p"))]
    assert body_text == "12月16日召开会议，部署全年工作。" and alone == "1月19日"  # as typed: Word's search finds them
    j = finish.JOIN
    assert f"1{j}2{j}月{j}1{j}6{j}日" in long and f"2{j}0{j}2{j}5{j}年{j}3{j}月{j}5{j}日" in long
    assert long.replace(j, "") == "16条，其中较大以上2条：12月16日“网民反映排队时间过长”、2025年3月5日“办事难”"


def test_the_date_above_a_table_stays_whole_with_its_label_when_a_long_unit_name_wraps_the_line():
    # 填报单位：青山县社区治理和城市管理综合行政执法大队　　统计截止：2025年12月31日　　共2名 printed
    # 统计截止：2025年12月31 / 日; now the line breaks at the spaces before 统计截止
    body = etree.fromstring(f'<w:body xmlns:w="{W}">'
                            + _p("填报单位：青山县社区治理和城市管理综合行政执法大队　　统计截止：2025年12月31日　　共2名", "GwMeta")
                            + _p("2025年12月31日前报送。") + "<w:tbl/></w:body>")
    finish.join_dates(body)
    meta, plain = ["".join(p.itertext(qn("w:t"))) for p in body.iter(qn("w:p"))]
    j = finish.JOIN
    assert j.join("统计截止：2025年12月31日") in meta and meta.replace(j, "").endswith("　　共2名")
    assert "填报单位：青" in meta and j not in meta.split("　　")[0]  # the unit's name may wrap as Chinese does
    assert plain == "2025年12月31日前报送。"  # body text: not joined


def test_a_count_with_its_measure_word_in_a_cells_long_text_is_kept_whole():
    body = etree.fromstring(f'<w:body xmlns:w="{W}">' + _p("共有成员12名，分布见下表。")
                            + "<w:tbl><w:tr><w:tc>" + _p("网络评论员13名、新闻通讯员2名、网络信息员1名") + "</w:tc><w:tc>"
                            + _p("3名") + "</w:tc></w:tr></w:tbl></w:body>")
    finish.join_dates(body)
    prose, cell, alone = ["".join(p.itertext(qn("w:t"))) for p in body.iter(qn("w:p"))]
    j = finish.JOIN
    assert prose == "共有成员12名，分布见下表。" and alone == "3名"  # body text and a short cell: as typed
    assert f"1{j}3{j}名" in cell and f"2{j}名" in cell and f"1{j}名" in cell and cell.replace(j, "") == \
        "网络评论员13名、新闻通讯员2名、网络信息员1名"


def _rows_kept(body) -> list[bool]:
    return [all(_kept(p) for p in tr.iter(qn("w:p"))) for tr in body.iter(qn("w:tr"))]


def test_a_tables_last_row_never_stands_alone_on_a_page_nor_a_total_without_the_row_above():
    # a roster's fortieth member printed alone on its sixth page: the last two rows travel together
    def table(n: int, caption: str = "", total: bool = False):
        rows = [[("序号", 1), ("姓名", 1)]] + [[(str(i), 1), ("张三", 1)] for i in range(1, n)]
        if total:
            rows[-1] = [("合计", 2)]
        return _table(caption, rows, [1000, 2000])

    body = table(8)
    finish.keep_totals(body)
    assert _rows_kept(body) == [False] * 6 + [True, False]
    body = table(8, total=True)  # 6 data rows and 合计: the last two stay with it
    finish.keep_totals(body)
    assert _rows_kept(body) == [False] * 5 + [True, True, False]
    body = table(4, total=True)  # short: the total keeps the row above only
    finish.keep_totals(body)
    assert _rows_kept(body) == [False, False, True, False]
    for body in (table(6), table(8, styles.ONE_PAGE)):  # five data rows; a member form, fitted to its page
        finish.keep_totals(body)
        assert not any(_rows_kept(body))
    # a ledger's long 合计 text, its words joined by fit_columns before this fix runs
    body = _table("", [[("序号", 1), ("内容", 1)], [("1", 1), ("张三", 1)], [("2", 1), ("李四", 1)],
                       [(finish.JOIN.join("合计") + "：全年登记舆情4条", 2)]], [1000, 2000])
    finish.keep_totals(body)
    assert _rows_kept(body) == [False, False, True, False]


def test_a_phone_in_the_xml_is_what_sends_a_document_through_join_phones():
    """The bytes decide which fixes run: every document has a "-" (zh-CN), few a phone."""
    shell = f'<w:document xmlns:w="{W}"><w:body>{{}}</w:body></w:document>'
    plain = shell.format(_p("2025-2026年度工作安排")).replace("<w:document", '<w:document w:lang="zh-CN"')
    phone = shell.format(_p("联系电话：0871-65123456。"))
    fixes = [finish.finish_document(x.encode("utf-8")).args[0] for x in (plain, phone)]
    assert finish.join_phones not in fixes[0] and finish.join_phones in fixes[1]
    body = etree.fromstring(phone).find(qn("w:body"))
    finish.finish_document(phone.encode("utf-8"))(body)
    j = finish.JOIN
    assert "".join(body.itertext(qn("w:t"))) == f"联系电话：0871{j}-{j}65123456{j}。"


def test_a_table_read_in_one_pass_gives_each_cell_the_size_it_gives_looked_up_cell_by_cell():
    # read_cells(sized=True) takes each cell's first w:sz as it walks the table; size_of looks
    # inside the cell only. A content control between two cells may hold a size of its own,
    # which the walk would give to the cell before: such a table is left to size_of.
    def cell(text: str, size: str = "") -> str:
        rpr = f'<w:rPr><w:sz w:val="{size}"/></w:rPr>' if size else ""
        return f"<w:tc><w:p><w:r>{rpr}<w:t>{text}</w:t></w:r></w:p></w:tc>"

    control = '<w:sdt><w:sdtPr><w:rPr><w:sz w:val="40"/></w:rPr></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>'
    nested = f"<w:tc><w:tbl><w:tr>{cell('里', '30')}</w:tr></w:tbl><w:p/></w:tc>"
    for row in [cell("甲", "21") + cell("乙") + cell("丙", "18"),  # a plain table
                cell("甲") + control.format(cell("乙", "21")) + cell("丙", "24"),  # a control between cells
                cell("甲", "21") + nested + cell("丙", "24")]:  # a table in a cell
        tbl = etree.fromstring(f'<w:tbl xmlns:w="{W}"><w:tr>{row}</w:tr><w:tr>{cell("丁", "28")}</w:tr></w:tbl>')
        one_pass = [c.size if c.size is not None else size_of(c) for c in read_cells(tbl, sized=True)]
        by_cell = [size_of(c) for c in read_cells(tbl)]
        assert one_pass == by_cell and by_cell[-1] == 28


def test_a_table_s_rows_estimated_from_its_widest_cells_are_those_of_every_cell_measured():
    # Heights measures only the cells wider than their line; the rows must come out as
    # counting every cell's every paragraph (a line each, or as many as its width needs)
    rng = random.Random(7)
    texts = ["", "是", "已处置", "网络舆情研判与处置", "除王建然、黄敏雨、许英欣外，在队成员全部参加", "2025年3月4日"]
    for _ in range(40):
        rows = [[(rng.choice(texts), 1) for _ in range(4)] for _ in range(rng.randint(1, 8))]
        widths = [rng.randint(400, 3000) for _ in range(4)]
        tbl = next(_table("", rows, widths).iter(qn("w:tbl")))
        cells = read_cells(tbl)
        for c in cells[::3]:
            c.texts.append(rng.choice(texts))  # a second paragraph in some cells
        sizes = [rng.choice([18, 21, 28]) for _ in range(4)]
        expected: dict[int, int] = {}
        for c in cells:
            room = max(1, int((sum(widths[c.col:c.col + c.span]) - styles.CELL_MARGINS) / (sizes[c.col] * 10)))
            lines = sum(1 if printed_width(t.strip()) <= room else -(-printed_width(t.strip()) // room)
                        for t in c.texts) or 1
            expected[c.row] = max(expected.get(c.row, 0), int(lines))
        assert Heights(cells).rows(widths, sizes, {}) == expected


def test_the_names_of_a_list_in_a_cell_are_kept_whole_and_break_only_after_their_marks():
    # a training ledger's 参训人员 printed 郭/娜磊 and a member form's 职务 居委/会主任
    names = "除王建然、黄敏雨、许英欣、郭娜磊、魏俊、袁梓子、陈洋萱、唐宇明外，在队成员全部参加"
    body = _table("", [[("序号", 1), ("参训人员", 1), ("职务", 1)], [("1", 1), (names, 1), ("社区党委书记、居委会主任", 1)]],
                  [600, 4000, 2400])
    columns.fit_columns(body)
    cells = ["".join(tc.itertext(qn("w:t"))) for tc in body.iter(qn("w:tc"))]
    j = finish.JOIN
    assert [c.replace(j, "") for c in cells] == ["序号", "参训人员", "职务", "1", names, "社区党委书记、居委会主任"]
    listed, post = cells[4], cells[5]
    for name in ("王建然", "郭娜磊", "魏俊"):  # each name joined to its 、: the line breaks after it
        assert j.join(name + "、") in listed
    assert j.join("除王建然、") in listed and j.join("唐宇明外，") in listed
    assert "、黄" in listed and "，在" in listed  # the line breaks after a mark
    # the text after the list, in its words: 在队/成员/全部/参加
    assert listed.endswith("，" + j.join("在队") + j.join("成员") + j.join("全部") + j.join("参加"))
    assert post == j.join("社区党委书记、") + j.join("居委会主任")
    assert j not in "".join(cells[:4])  # texts that fit their line are left as typed


def test_a_long_name_in_a_cell_wraps_between_its_words():
    # a street office's 部门 printed 社区治理和城/市管理办公室 in the member form's narrow column
    dept = "社区治理和城市管理办公室"
    body = _table("", [[("部门", 1), ("姓名", 1)], [(dept, 1), ("宋秀霞", 1)]], [1500, 1500])
    columns.fit_columns(body)
    cells = ["".join(tc.itertext(qn("w:t"))) for tc in body.iter(qn("w:tc"))]
    j = finish.JOIN
    assert cells[2] == "".join(j.join(w) for w in ("社区", "治理和", "城市", "管理", "办公室"))
    assert cells[3] == "宋秀霞"


def test_a_column_prints_its_digits_alike_whether_a_cell_wraps_or_not():
    # LibreOffice adds a space where Chinese meets a digit, and a WORD JOINER takes it away: a plan's
    # 构成 column printed 网络评论员 4名 in the rows that fit above 网络评论员5名 in the row that wrapped
    fits, wraps = "网络评论员4名、新闻通讯员1名", "网络评论员5名、网络信息员1名、新闻通讯员1名"
    body = _table("", [[("部门", 1), ("构成", 1)], [("政教处", 1), (fits, 1)], [("教务处", 1), (wraps, 1)],
                       [("部门", 1), ("总务处", 1)]], [1500, 4000])
    columns.fit_columns(body)
    cells = ["".join(tc.itertext(qn("w:t"))) for tc in body.iter(qn("w:tc"))]
    j = finish.JOIN
    assert [c.replace(j, "") for c in cells] == ["部门", "构成", "政教处", fits, "教务处", wraps, "部门", "总务处"]
    assert j.join("网络评论员5名、") in cells[5]  # the kept word of the cell that wraps
    assert f"员{j}4" in cells[3] and f"员{j}1" in cells[3] and "评论" in cells[3]  # the column's other cells
    assert j not in cells[2] + cells[4] + cells[6]  # the other column: as typed


def test_the_words_of_a_cell_text_are_the_dictionarys_with_one_character_words_joined():
    from yearend.cells import words

    cases = {
        "社区治理和城市管理办公室": "社区/治理和/城市/管理/办公室",
        "食品安全监督管理股": "食品安全/监督管理股",  # 股 with the word before it
        "综合执法大队副大队长": "综合执法/大队/副大队长",
        "综治中心专职副主任": "综治/中心/专职/副主任",  # 副 with the word after it
        "语文教研组长": "语文/教研组长",
        "新媒体传播规律": "新媒体/传播/规律",  # a one-character word opening the text: with the next
        "负责政务新媒体日常更新": "负责/政务/新媒体/日常/更新",  # 新 with the word after it (a roster's 备注)
        "网络评论写作技巧（1.5学时）": "网络/评论/写作技巧/（1.5学时）",  # a number with its measure word
        "2025年3月5日上报": "2025年3月5日/上报",  # a date is one word
        "网络评论员13名": "网络评论员/13名",  # and a count; a 队伍类别 is one word (cells.VOCABULARY)
        "推荐网络文明志愿者": "推荐/网络文明志愿者",
        "宋秀霞": "宋秀霞",  # a name the dictionary lacks: its characters together
        "已办结3条；未办结1条。": "已办结3条；/未办结1条。",  # 未 and 已 with the word after them (a ledger's 合计)
        "王芳 李强　张伟": "王芳/ /李强/　/张伟",  # a space is a word of its own: a line may break at it
    }
    assert {text: "/".join(words(text)) for text in cases} == cases


def test_a_list_item_wider_than_its_line_breaks_between_its_words():
    from yearend.cells import kept_pieces, listed_lines

    assert kept_pieces("党委委员、副镇长", 11) is None  # fits the line: nothing to keep
    pieces = kept_pieces("社区党委书记、居委会主任", 6.6)  # 社区党委书记、 is 7 wide: it breaks between its words
    assert pieces == (("社区", True), ("党委书记、", True), ("居委会主任", True))
    assert kept_pieces("已核实，当事人认可；已回复网民、已办结", 5) == (
        ("已核实，", True), ("当事人", True), ("认可；", True), ("已回复", True), ("网民、", True), ("已办结", True))
    # a kept item that does not fit what is left of a line starts the next: 6 a line
    assert listed_lines([("王建然、", True), ("黄敏雨、", True), ("许英欣", True)], 6.5) == 3
    assert listed_lines([("王建然、", False), ("黄敏雨、", False), ("许英欣", False)], 6.5) == 2
