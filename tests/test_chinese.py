"""Every template filter, called directly: its output for ordinary values and the
Chinese advice a clerk gets when a template hands it the wrong kind of value."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yearend import chinese
from yearend.chinese import FILTERS, HeadingCounter
from yearend.errors import FilterError

CASES = {
    "中文数字": [(0, "零"), (10, "十"), (12, "十二"), (101, "一百零一"), (110, "一百一十"), (1010, "一千零一十"),
              (10000, "一万"), (100001, "十万零一"), (2.5, "二点五"), (-3, "负三"), ("12", "十二")],
    "大写日期": [("2025-12-31", "二〇二五年十二月三十一日"), (dt.date(2026, 1, 5), "二〇二六年一月五日"),
              ("2025年10月20日", "二〇二五年十月二十日"), ("", "")],
    "日期": [("2025-03-05", "2025年3月5日"), (dt.datetime(2025, 12, 1, 9, 30), "2025年12月1日"), (None, "")],
    "百分比": [(62.5, "62.5%"), (100.0, "100%"), (33.333, "33.3%"), ("", "")],
    "序号": [(1, "一、"), (12, "十二、")],
    "掩码": [("13812345678", "138****5678"), ("0571-8888", "*****8888"), ("110", "110"), (None, "")],
    "数字": [(30.0, "30"), (2.25, "2.3"), (2.24, "2.2"), (0.05, "0.1"), ("7", "7"), ("", "")],
    "增减": [(3, "增加3"), (-2.5, "减少2.5"), (0, "持平"), (None, "持平")],
    "条目": [(3, "3."), (12, "12.")],
    "名单": [([{"称呼": "局长张三"}, {"称呼": "副局长李四"}], "局长张三、副局长李四"),
           ([{"称呼": "党委委员、副镇长张三"}, {"称呼": "主任李四"}], "党委委员、副镇长张三，主任李四"),  # who is who
           (["甲", "乙"], "甲、乙"), ([], "")],
    "标题": [("短标题", "短标题"), (["关于加强", "青山县河口镇人民政府", "网络评论员队伍", "建设的实施方案"],
                                 "关于加强青山县河口镇人民政府\n网络评论员队伍建设的实施方案")],
}


def test_every_filter_has_cases():
    assert set(CASES) == set(FILTERS)


@pytest.mark.parametrize("name,value,expected", [(n, v, e) for n, cases in CASES.items() for v, e in cases])
def test_filter_output(name, value, expected):
    assert FILTERS[name](value) == expected


def test_a_list_number_never_runs_into_a_year():
    assert chinese.item_number(5, "2026年计划组织集中培训") == "（5）"
    assert chinese.item_number(5, "明年计划组织集中培训") == "5."
    assert chinese.item_number(1, ["加强培训。", "2026年完善考核办法。"]) == "（1）"  # one style a list


def test_self_names_follow_the_units_type():
    cases = {"青山县教育局": "我局", "青山县河口镇人民政府": "我镇", "青山县石门乡人民政府": "我乡", "城关街道办事处": "我街道",
             "青山县第一中学": "我校", "青山县实验小学": "我校", "青山县人民医院": "我院", "青山县卫生健康委员会": "我委",
             "县政府办公室": "我办", "县融媒体中心": "我中心", "青山县城投有限公司": "我公司", "县委宣传部": "我部",
             "东山村民委员会": "我村", "某某": "我单位"}
    assert {name: chinese.self_name(name) for name in cases} == cases


def test_filters_with_a_second_argument():
    assert chinese.change(3, "名") == "增加3名"
    assert chinese.heading_number(2, 2) == "（二）"
    assert chinese.heading_number(3, 3) == "3."
    assert chinese.heading_number(4, 4) == "（4）"


@pytest.mark.parametrize("name,value,advice", [
    ("日期", "青山县教育局", "“青山县教育局”不是日期，日期过滤器只能用于日期"),
    ("大写日期", "2025-13-45", "“2025-13-45”不是日期"),
    ("中文数字", "很多", "“很多”不是数字，“中文数字”过滤器只能用于数字"),
    ("数字", "约三十", "“约三十”不是数字，“数字”过滤器只能用于数字"),
    ("百分比", "六成", "“六成”不是数字，“百分比”过滤器只能用于数字"),
    ("增减", "多了", "“多了”不是数字，“增减”过滤器只能用于数字"),
    ("序号", "甲", "“甲”不是数字，“序号”过滤器只能用于数字"),
])
def test_a_wrong_value_gets_chinese_advice(name, value, advice):
    with pytest.raises(FilterError, match=advice):
        FILTERS[name](value)


def test_heading_levels_are_one_to_four():
    with pytest.raises(FilterError, match="序号层级只能是 1 到 4"):
        chinese.heading_number(1, 5)
    counter = HeadingCounter()
    assert [counter(1), counter(2), counter(2), counter(1), counter(2)] == ["一、", "（一）", "（二）", "二、", "（一）"]
    with pytest.raises(FilterError, match="编号的层级只能是 1 到 4，而不是 5"):
        counter(5)


def test_a_title_line_is_never_wider_than_the_type_area():
    words = ["关于表彰", "某某县某某镇某某村民委员会", "2025年度", "优秀网络文明志愿者", "的通报"]
    lines = chinese.title_lines(words).split("\n")
    assert all(chinese.printed_width(line) <= chinese.TITLE_CHARS for line in lines)
    assert "".join(lines) == "".join(words)


def test_a_title_line_is_measured_as_printed_so_no_character_is_left_alone():
    # 青松15街道办事处 and 2026年度 fit 20 characters at ½ a digit, but LibreOffice prints
    # digits wider and with space around them: the line ran over and 处 fell to a line of its own
    words = ["关于印发《关于加强", "青山县青松15街道办事处", "网络评论员队伍", "建设的实施方案》的通知"]
    lines = chinese.title_lines(words).split("\n")
    assert "关于印发《关于加强青山县青松15街道办事处" not in lines  # 20 by text_width, 20.7 printed
    assert all(chinese.printed_width(line) <= chinese.TITLE_CHARS for line in lines)
    assert chinese.printed_width("2026年度") > chinese.text_width("2026年度") + 0.5


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("中文字、　AbMWmw%*@0123 .\u2e7f\u2e80\U0001f600\t"), max_size=40))
def test_text_widths_are_each_characters_width_summed_in_order_and_the_changes_between_scripts(text):
    # the definitions as plainly written, to the last bit of the float (a width decides a line break)
    narrow = [ord(ch) < 0x2E80 for ch in text]
    changes = sum(1 for a, b in zip(narrow, narrow[1:], strict=False) if a != b)
    assert chinese.printed_width(text) == sum(chinese._latin(ch) if a else 1.0 for ch, a in zip(text, narrow, strict=True)) \
        + 0.2 * changes
    assert chinese.text_width(text) == sum(0.5 if a else 1.0 for a in narrow)
