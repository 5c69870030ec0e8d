"""Units unlike the samples, made from a seed: types (局, 镇, 街道办事处, 中学, 医院), sizes
from 3 to 300, one to four categories, tiers or none, department names and posts up to
14 characters, 备注 up to 30, names of two to four characters, leavers with and without
grades, with or without a work sheet, one training or thirty, 舆情, accounts and events
or none. The rendered checks (tests/test_varied.py, scripts/check_units.py) print their
documents and measure what a director would see.

    from units import make
    path = make(folder, seed)       # the workbook; same seed, same workbook
    result = build_units(where, seeds)  # made in where/in, built into where/out
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

YEAR = 2025
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲红志峰晨宇欣怡浩然子轩雨涵梓萱思远佳琪俊振"
CATEGORIES = ("网络评论员", "新闻通讯员", "网络信息员", "网络文明志愿者")
# (type, name, how its leader is called, departments, posts)
TYPES = {
    "局": ("青山县{place}市场监督管理局", "党组书记、局长",
           ["办公室", "综合执法大队", "食品安全监督管理股", "特种设备安全监察股", "城关市场监督管理所", "信息中心"],
           ["科员", "一级科员", "股长", "副股长", "所长", "四级主任科员", "综合执法大队副大队长"]),
    "镇": ("青山县{place}镇人民政府", "党委书记",
           ["党政办", "经济发展办", "社会事务办", "综治中心", "乡村振兴工作站", "农业综合服务中心"],
           ["干事", "主任", "副主任", "党委委员、副镇长", "站长", "综治中心专职副主任"]),
    "街道": ("青山县{place}街道办事处", "党工委书记",
            ["党政综合办公室", "社区治理和城市管理办公室", "平安建设办公室", "党群服务中心", "经济发展办公室"],
            ["干事", "主任", "副主任", "党工委委员、办事处副主任", "社区党委书记、居委会主任"]),
    "中学": ("青山县{place}中学", "党支部书记、校长",
             ["校办", "教务处", "政教处", "总务处", "高一年级组", "高二年级组"],
             ["教师", "主任", "副主任", "年级组长", "团委书记", "语文教研组长"]),
    "医院": ("青山县{place}医院", "党委书记、院长",
             ["党委办公室", "医务科", "护理部", "门诊部", "急诊科", "信息中心", "后勤保障部"],
             ["医师", "主治医师", "护士长", "科主任", "副主任医师", "党委委员、副院长", "主管护师"]),
}
PLACES = ("白沙", "东城", "河口", "石门", "青松", "柳林", "南岗", "马坪", "清溪", "高桥", "龙泉", "桃源", "新华")
NOTES = ["", "", "", "工作调动", "借调县委宣传部，期间工作由所在部门安排", "兼任本部门信息员，负责政务新媒体日常更新和审核",
         "2025年度优秀通讯员，市级媒体采用稿件三篇"]


def _names(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        surname = rng.choice(COMPOUND) if rng.random() < 0.08 else rng.choice(SURNAMES)
        name = surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if name not in out:
            out.append(name)
    return out


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title)
    ws.append(headers)
    for r in rows:
        ws.append(r)


def describe(seed: int) -> dict:
    """What the unit of ``seed`` is: its type, size and which sheets it has."""
    rng = random.Random(seed)
    kind = rng.choice(list(TYPES))
    size = rng.choice((3, 6, 6, 12, 24, 40, 40, 80, 150, 300))
    return {
        "type": kind, "size": size, "categories": rng.randint(1, 4), "tiers": rng.random() < 0.6,
        "trainings": rng.choice((1, 1, 5, 12, 30)), "work": rng.random() < 0.6, "assessment": rng.random() < 0.8,
        "opinions": rng.choice((0, 0, 4, 30, 120)), "outlets": rng.random() < 0.5, "events": rng.random() < 0.5,
    }


def make(folder: Path, seed: int) -> Path:
    """The workbook of the unit of ``seed`` in ``folder`` (made if need be)."""
    spec = describe(seed)
    rng = random.Random(seed * 7919 + 1)
    name, leader_post, depts, posts = TYPES[spec["type"]]
    place = PLACES[seed % len(PLACES)] + ("" if seed < len(PLACES) else str(seed // len(PLACES)))
    name = name.format(place=place)
    n = spec["size"]
    categories = list(CATEGORIES[:spec["categories"]])
    people = _names(rng, n + 2)
    wb = Workbook()
    info = wb.active
    info.title = "单位信息"
    for k, v in (("单位名称", name), ("年度", YEAR), ("成文日期", dt.date(YEAR, 12, 28)), ("联系人", people[1]),
                 ("联系电话", rng.choice(["0719-8123456", 13907150001.0]))):
        info.append([k, v])
    if rng.random() < 0.5:
        info.append(["办公室", depts[0]])
    members = []
    for i, who in enumerate(people):
        role = "组长" if i == 0 else "副组长" if i == 1 else "成员" if i in (2, 3) and n > 6 else ""
        post = leader_post if i == 0 else rng.choice(posts)
        category = categories[0] if i < max(1, n * 0.6) else rng.choice(categories)
        left = None
        if i >= n:  # two leavers this year, one with a grade
            left = dt.date(YEAR, rng.randint(3, 11), rng.randint(1, 28))
        dept, gender, born = rng.choice(depts), rng.choice("男女"), f"{rng.randint(1965, 2000)}-{rng.randint(1, 12):02d}"
        politics = rng.choice(["中共党员", "中共党员", "中共预备党员", "群众", "民主党派"]) if i else "中共党员"
        members.append([who, dept, gender, born, "中共党员" if "党" in post else politics,
                        post, category, rng.choice(["核心", "骨干", "基层"]) if spec["tiers"] else None, role or None,
                        dt.date(rng.randint(2016, YEAR - (1 if left else 0)), rng.randint(1, 12), rng.randint(1, 28)), left,
                        rng.choice([13800000000.0 + rng.randint(0, 99999999), "0719-8" + str(rng.randint(100000, 999999))]),
                        rng.choice(NOTES)])
    _sheet(wb, "人员名册", ["姓名", "部门", "性别", "出生年月", "政治面貌", "职务", "队伍类别", "层级", "领导小组职务", "入队日期",
                        "离队日期", "联系电话", "备注"], members)
    topics = ["网络评论写作技巧", "网络舆情研判与处置", "新媒体传播规律", "网络安全与保密", "意识形态工作责任制解读",
              "突发事件网上应对", "短视频内容制作", "政务新媒体运营"]
    trainings = []
    for i in range(spec["trainings"]):
        day = dt.date(YEAR, 1 + i * 11 // max(1, spec["trainings"]), rng.randint(3, 26))
        trainings.append([day, topics[i % len(topics)], rng.choice([1, 1.5, 2, 3]), "集中授课", "全体"])
    _sheet(wb, "培训记录", ["日期", "主题", "学时", "形式", "参训人员"], trainings)
    if spec["work"]:
        metrics = {"网络评论员": "发帖（条）", "新闻通讯员": "采写稿件（篇）", "网络信息员": "报送信息（条）",
                   "网络文明志愿者": "志愿服务（次）"}
        headers = ["姓名", "月份", *(metrics[c] for c in categories)]
        rows = [[m[0], month, *(rng.randint(0, 9) if c == m[6] else None for c in categories)]
                for m in members[:n] for month in range(1, 13) if m[9] <= dt.date(YEAR, month, 15)]
        _sheet(wb, "工作量", headers, rows)
    if spec["assessment"]:
        rows = [[m[0], rng.choice(["优秀", "合格", "合格", "合格", "基本合格"])] for m in members[:n]]
        rows.append([members[n][0], "合格"])  # a leaver with a grade
        _sheet(wb, "考核结果", ["姓名", "等次"], rows)
    if spec["opinions"]:
        rows = []
        for i in range(spec["opinions"]):
            found = dt.datetime(YEAR, rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 21), rng.choice((0, 30)))
            level = rng.choice(["一般"] * 6 + ["较大", "重大"])
            rows.append([found, rng.choice(["微博", "抖音", "本地论坛", "12345热线"]), "网民反映办事窗口排队时间过长",
                         level, rng.choice(members[:n])[0], found + dt.timedelta(minutes=rng.randint(20, 200)),
                         found + dt.timedelta(hours=rng.randint(2, 30)) if level != "一般" else None,
                         (found + dt.timedelta(days=rng.randint(2, 9))).date() if i % 7 else None])
        _sheet(wb, "舆情台账", ["发现时间", "来源", "内容摘要", "等级", "发现人", "上报时间", "回应时间", "办结时间"], rows)
    if spec["outlets"]:
        _sheet(wb, "网络阵地", ["平台", "名称", "主办部门", "负责人", "审核人", "状态", "全年发布"], [
            ["微信公众号", name.replace("青山县", "") + "发布", depts[0], people[2], people[3], "正常", 200],
            ["抖音", name.replace("青山县", ""), depts[-1], people[3], None, "正常", 80],
            ["微博", name.replace("青山县", "") + "微博", depts[0], people[2], people[2], "停更", 0]])
    if spec["events"]:
        _sheet(wb, "工作记录", ["日期", "类型", "内容"], [
            [dt.date(YEAR, 3, 5), "会议", "网络意识形态工作专题会议"], [dt.date(YEAR, 5, 20), "制度", "网络舆情处置办法"],
            [dt.date(YEAR, 9, 9), "督查", "政务新媒体专项检查"]])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"单位{seed}.xlsx"
    wb.save(path)
    return path


def build_units(where: Path, seeds) -> object:
    """The units of ``seeds`` made in ``where``/in and built into ``where``/out; every one
    built without an error (the run's result)."""
    from yearend import build

    for seed in seeds:
        make(where / "in", seed)
    result = build.build(build.Options(where / "in", where / "out"))
    assert len(result.units) == len(seeds) and not any(u.has_errors for u in result.units)
    return result
