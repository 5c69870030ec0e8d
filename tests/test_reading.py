"""Reading workbooks: tables found by name or header, real cell addresses, value forms."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import make_workbook, member

from yearend import model, readers, workbook
from yearend.errors import ERROR, WARNING


def load(path):
    return model.build_model(workbook.read_workbook(path))


def test_unit_members_and_trainings_with_canonical_headers(tmp_path):
    path = make_workbook(
        tmp_path,
        unit={"单位名称": "青山县测试局", "年度": 2025, "队伍名称": "新闻通讯员队伍", "发文字号": "青测发〔2025〕1号",
              "成文日期": dt.date(2025, 12, 20), "联系电话": 13800000000.0},
        members=[member("张三", 性别="男", 政治面貌="中共党员"), member("李四", "宣传科")],
        trainings=[{"日期": dt.date(2025, 3, 5), "主题": "写作培训", "学时": 2, "参训人员": "张三、李四"}],
    )
    m = load(path)
    assert m.problems == []
    assert (m.unit.name, m.unit.year, m.unit.team) == ("青山县测试局", 2025, "新闻通讯员队伍")
    assert m.unit.doc_number == "青测发〔2025〕1号"
    assert m.unit.date == dt.date(2025, 12, 20)
    assert m.unit.phone == "13800000000"
    assert m.unit.signatory == "青山县测试局"  # 落款 defaults to the unit name
    assert [(x.name, x.department, x.politics) for x in m.members] == [("张三", "办公室", "中共党员"), ("李四", "宣传科", "")]
    assert m.members[1].category == "网络评论员"  # the default category
    [t] = m.trainings
    assert (t.date, t.topic, t.hours, t.attendees) == (dt.date(2025, 3, 5), "写作培训", 2.0, ["张三", "李四"])


def test_aliases_and_header_noise(tmp_path):
    path = make_workbook(
        tmp_path,
        unit={"名称：": "测试局", "统计年度": "2025年"},
        members=[{"姓 名": "王 五", "所在部门（必填）": "办公室", "手机": 13912345678.0, "队伍类型": "网络信息员"}],
        trainings=[{"培训时间": "2025.3.5", "培训内容*": "保密教育", "课时": "1.5小时", "参加人员": "王五"}],
    )
    m = load(path)
    assert m.problems == []
    assert (m.unit.name, m.unit.year) == ("测试局", 2025)
    [x] = m.members
    assert (x.name, x.department, x.phone, x.category) == ("王五", "办公室", "13912345678", "网络信息员")
    [t] = m.trainings
    assert (t.date, t.topic, t.hours, t.attendees) == (dt.date(2025, 3, 5), "保密教育", 1.5, ["王五"])


def test_header_below_title_rows_and_real_cell_addresses(tmp_path):
    # The table starts at B4 under a merged title and a 填表单位 line.
    path = make_workbook(tmp_path, members=[member("张三"), {"姓名": "李四"}], title_rows=2, start_col=2)
    m = load(path)
    [p] = m.problems
    assert (p.level, p.sheet, p.cell) == (ERROR, "人员名册", "C5")  # 部门 of the second member, row 5
    assert "“部门”未填写" in p.message


def test_sheet_found_by_header_when_its_name_is_unknown(tmp_path):
    path = make_workbook(tmp_path, sheets={
        "Sheet3": [["姓名", "科室", "职务"], ["张三", "办公室", "科员"]],
        "2025年培训台账": [["培训日期", "培训主题", "学时"], ["2025-04-01", "党史学习", 3]],
    })
    m = load(path)
    assert [x.name for x in m.members] == ["张三"]
    assert [t.topic for t in m.trainings] == ["党史学习"]


def test_total_rows_notes_and_empty_rows_are_not_data(tmp_path):
    path = make_workbook(tmp_path, members=[member("张三")], sheets={"培训记录": [
        ["序号", "日期", "主题", "学时"],
        [1, dt.date(2025, 1, 5), "甲", 2],
        [None, None, None, None],
        [2, dt.date(2025, 2, 5), "乙", 3],
        ["合计", None, None, 5],
        [None, None, None, None],
        ["填表说明：学时按实际填写。", None, None, None],
        ["张三", "2025-09-09", "说明以下不是数据", 9],
    ]})
    m = load(path)
    assert [t.topic for t in m.trainings] == ["甲", "乙"]
    assert m.problems == []


def test_horizontal_unit_layout(tmp_path):
    path = make_workbook(tmp_path, unit=[["单位名称", "年度", "联系人"], ["横排局", 2025, "周敏"]], members=[member("张三")])
    m = load(path)
    assert (m.unit.name, m.unit.year, m.unit.contact) == ("横排局", 2025, "周敏")


def test_two_row_merged_header(tmp_path):
    path = make_workbook(tmp_path, sheets={"人员名册": [
        ["姓名", "部门", "队伍信息", None],
        [None, None, "类别", "层级"],
        ["张三", "办公室", "新闻通讯员", "骨干"],
    ]})
    m = load(path)
    [x] = m.members
    assert (x.name, x.category, x.level) == ("张三", "新闻通讯员", "骨干")


@pytest.mark.parametrize("text", ["2025-3-5", "2025/03/05", "2025.3.5", "2025年3月5日", "20250305", "2025-03-05 00:00:00"])
def test_text_dates(text):
    assert readers.read_date(text) == dt.date(2025, 3, 5)


def test_excel_dates_and_serials():
    assert readers.read_date(dt.datetime(2025, 3, 5, 0, 0)) == dt.date(2025, 3, 5)
    assert readers.read_date(45721.0) == dt.date(2025, 3, 5)
    assert readers.read_date(20250305) == dt.date(2025, 3, 5)


@pytest.mark.parametrize("text,why", [("2025.13.5", "不存在"), ("2025-02-30", "不存在"), ("03/05/2025", "无法识别"),
                                      ("下个月", "无法识别")])
def test_bad_dates_say_what_to_write(text, why):
    with pytest.raises(readers.BadValue) as e:
        readers.read_date(text)
    assert why in str(e.value) and "2025-03-05" in str(e.value)


@pytest.mark.parametrize("value,expected", [("1990.10", (1990, 10)), ("1990年10月", (1990, 10)), ("1990-10", (1990, 10)),
                                            (1990.05, (1990, 5)), (dt.date(1990, 10, 1), (1990, 10)),
                                            ("199010", (1990, 10))])
def test_months(value, expected):
    assert readers.read_month(value) == expected


def test_a_month_typed_as_a_number_that_lost_its_zero_is_ambiguous():
    with pytest.raises(readers.BadValue, match="有歧义"):
        readers.read_month(1990.1)


@pytest.mark.parametrize("value,expected", [("2", 2.0), ("2.5", 2.5), ("２", 2.0), ("2学时", 2.0), ("1.5小时", 1.5), (3, 3.0)])
def test_numbers_as_text(value, expected):
    assert readers.read_number(value) == expected


def test_half_a_day_is_not_a_number():
    with pytest.raises(readers.BadValue, match="不是数字"):
        readers.read_number("半天")


def test_phones_and_names():
    assert readers.read_phone(13800000000.0) == "13800000000"
    assert readers.read_name(" 张　三 ") == "张三"
    assert readers.read_name("Ｌｉ Ｍｉｎｇ") == "LiMing"


def test_bad_values_are_errors_naming_the_cell(tmp_path):
    path = make_workbook(tmp_path, members=[member("张三", 入队日期="2025.13.5")],
                         trainings=[{"日期": "2025-05-01", "主题": "甲", "学时": "半天"}])
    m = load(path)
    by_cell = {(p.sheet, p.cell): p for p in m.problems}
    assert by_cell[("人员名册", "C2")].level == ERROR
    assert "日期“2025.13.5”不存在" in by_cell[("人员名册", "C2")].message
    assert by_cell[("培训记录", "C2")].level == ERROR
    assert "“半天”不是数字" in by_cell[("培训记录", "C2")].message
    assert m.has_errors


def test_duplicate_member_is_a_warning_naming_both_rows(tmp_path):
    m = load(make_workbook(tmp_path, members=[member("张三"), member("李四"), member("张 三", "宣传科")]))
    [p] = m.problems
    assert (p.level, p.sheet, p.cell) == (WARNING, "人员名册", "A4")
    assert "第 2 行和第 4 行重复" in p.message
    assert [x.name for x in m.members] == ["张三", "李四"]


def test_unknown_attendee_is_a_warning_naming_the_cell(tmp_path):
    m = load(make_workbook(tmp_path, members=[member("张三")],
                           trainings=[{"日期": "2025-05-01", "主题": "甲", "学时": 1, "参训人员": "张三，赵六"}]))
    [p] = m.problems
    assert (p.level, p.sheet, p.cell) == (WARNING, "培训记录", "D2")
    assert "“赵六”在人员名册中找不到" in p.message
    assert m.trainings[0].attendees == ["张三"]


@pytest.mark.parametrize("sep", ["、", ",", "，", ";", "；", "/", " ", "\n"])
def test_attendee_separators(tmp_path, sep):
    m = load(make_workbook(tmp_path, members=[member("张三"), member("李四")],
                           trainings=[{"日期": "2025-05-01", "主题": "甲", "学时": 1, "参训人员": f"张三{sep}李四"}]))
    assert m.trainings[0].attendees == ["张三", "李四"]


def test_everyone_means_the_team_on_that_day(tmp_path):
    m = load(make_workbook(tmp_path, members=[
        member("在队"), member("后来", 入队日期="2025-06-01"), member("先走", 离队日期="2025-03-01")],
        trainings=[{"日期": "2025-05-01", "主题": "甲", "学时": 1, "参训人员": "全体"}]))
    assert m.trainings[0].attendees == ["在队"]


def test_training_outside_the_year_is_a_warning_and_not_counted(tmp_path):
    m = load(make_workbook(tmp_path, members=[member("张三")],
                           trainings=[{"日期": "2024-12-30", "主题": "去年", "学时": 1}]))
    [p] = m.problems
    assert (p.level, p.cell) == (WARNING, "A2")
    assert m.trainings == []


def test_left_before_joined_is_an_error(tmp_path):
    m = load(make_workbook(tmp_path, members=[member("张三", 入队日期="2025-05-01", 离队日期="2025-01-01")]))
    [p] = m.problems
    assert (p.level, p.cell) == (ERROR, "D2")
    assert "早于入队日期" in p.message


def test_missing_required_column_and_sheets(tmp_path):
    m = load(make_workbook(tmp_path, members=[{"姓名": "张三", "职务": "科员"}]))
    assert any("缺少必填列“部门”" in p.message and p.level == ERROR for p in m.problems)
    m = load(make_workbook(tmp_path, name="b.xlsx", unit={"年度": 2025}))
    messages = " ".join(p.message for p in m.problems)
    assert "未填写“单位名称”" in messages and "找不到“人员名册”" in messages


def test_unknown_closed_list_value_is_a_warning(tmp_path):
    m = load(make_workbook(tmp_path, members=[member("张三", 层级="顶级")]))
    [p] = m.problems
    assert (p.level, p.cell) == (WARNING, "C2")
    assert "层级“顶级”不在常用值" in p.message


def test_not_a_workbook(tmp_path):
    html = tmp_path / "报表.xls"
    html.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(workbook.WorkbookError, match="网页（HTML）"):
        workbook.read_workbook(html)
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(workbook.WorkbookError, match="损坏"):
        workbook.read_workbook(broken)


def test_xlsx_renamed_xls_still_reads(tmp_path):
    path = make_workbook(tmp_path, members=[member("张三")])
    renamed = path.rename(tmp_path / "单位.xls")
    assert [x.name for x in load(renamed).members] == ["张三"]


def test_unit_pairs_side_by_side_and_a_name_that_looks_like_a_key(tmp_path):
    m = load(make_workbook(tmp_path, unit=[["单位名称", "单位", "年度", 2025], ["联系人", "周敏"]], members=[member("张三")]))
    assert (m.unit.name, m.unit.year, m.unit.contact) == ("单位", 2025, "周敏")


def test_attendance_sheet_by_id_or_topic_and_date(tmp_path):
    m = load(make_workbook(tmp_path, members=[member("张三"), member("李四")], trainings=[
        {"编号": "P1", "日期": "2025-03-01", "主题": "甲", "学时": 1},
        {"编号": "P2", "日期": "2025-04-01", "主题": "乙", "学时": 2},
    ], sheets={"签到表": [["姓名", "编号", "主题", "日期"], ["张三", "P1", None, None], ["李四", None, "乙", "2025-04-01"],
                         ["王五", "P1", None, None], ["张三", "P9", None, None]]}))
    assert [t.attendees for t in m.trainings] == [["张三"], ["李四"]]
    assert [(p.level, p.sheet, p.cell) for p in m.problems] == [(WARNING, "签到表", "A4"), (WARNING, "签到表", "A5")]
