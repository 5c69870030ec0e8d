#!/usr/bin/env python3
"""Regenerate the two sample unit workbooks in input_samples/.

    python scripts/make_samples.py [-o input_samples/]

The data is made up (a seeded generator), shaped the way clerks really send
workbooks: a merged title row and a 填表单位 line above each header, a 合计 row
under the trainings, attendee lists typed with mixed separators. The same seed
gives the same bytes: the workbooks carry a fixed date (ooxml.FIXED_DATE), not
the time they were written, and a normalised zip.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from yearend.ooxml import FIXED_DATE, workbook_bytes  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲红志峰晨宇欣怡浩然子轩雨涵梓萱思远佳琪俊"


def names(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if name not in out:
            out.append(name)
    return out


def titled_sheet(wb: Workbook, title: str, caption: str, unit: str, headers: list[str], rows: list[list]):
    ws = wb.create_sheet(title)
    ws.append([caption])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"填表单位：{unit}", None, None, "填表日期：2025年12月20日"][: max(2, min(4, len(headers)))])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    for col, h in enumerate(headers, 1):
        ws.column_dimensions[ws.cell(3, col).column_letter].width = max(8, len(h) * 2.5)
    return ws


def unit_sheet(wb: Workbook, info: list[tuple[str, object]]):
    ws = wb.active
    ws.title = "单位信息"
    ws.append(["项目", "内容"])
    for k, v in info:
        ws.append([k, v])
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 36


POINTS_BUREAU = [
    ["成效", "围绕教育重点工作开展网上正面宣传，招生入学、课后服务等话题的网上讨论总体平稳。"],
    ["成效", "建立舆情信息登记台账，舆情从发现、上报到回应、办结全程登记，做到件件有记录。"],
    ["成效", "推行以老带新的结对帮扶做法，新加入的成员在三个月内能够独立完成评论任务。"],
    ["问题", "原创评论数量偏少，转发多、原创少的情况仍然存在。"],
    ["问题", "对短视频等新的传播形式掌握不够，面对新平台的舆情应对能力还需加强。"],
    ["计划", "每季度组织一次评论写作交流，提高原创评论的数量和质量。"],
    ["计划", "开设新媒体实操课程，提升成员在短视频平台上的发声能力。"],
]
POINTS_TOWN = [
    ["成效", "围绕乡村振兴和防汛工作组织集中发声，镇里的重点工作在网上得到较好展示。"],
    ["成效", "新闻通讯员全年向县级媒体报送稿件，多篇被采用。"],
    ["问题", "村（社区）一级的信息员力量偏弱，发现网上苗头问题不够及时。"],
    ["计划", "在每个村（社区）明确一名网络信息员，建立镇村两级信息报送网络。"],
    ["计划", "与县融媒体中心对接，争取安排一次新闻写作专题辅导。"],
]


def make_unit(path: Path, seed: int, unit: str, short: str, depts: list[str], n_members: int, n_trainings: int,
              categories: list[str], with_work: bool, with_duties: bool, info: list[tuple[str, object]],
              scale: tuple[str, str, str] = ("优秀", "称职", "基本称职"), points: list[list[str]] | None = None,
              quotas: str = "", opinions: dict | None = None, outlets: list[list] | None = None,
              events: list[list] | None = None):
    rng = random.Random(seed)
    year = 2025
    wb = Workbook()
    unit_sheet(wb, [("单位名称", unit), ("年度", year), *info])

    people = names(rng, n_members + 3)
    politics = ["中共党员"] * 6 + ["中共预备党员", "共青团员", "群众", "群众"]
    members = []
    leader, deputies = people[0], people[1:3]
    for i, name in enumerate(people):
        joined = dt.date(rng.randint(2016, 2023), rng.randint(1, 12), rng.randint(1, 28))
        left = None
        note = ""
        if i in (5, 11):  # joined this year
            joined = dt.date(year, rng.randint(2, 10), rng.randint(1, 28))
        if i in (8, 17):  # left this year
            left = dt.date(year, rng.randint(3, 11), rng.randint(1, 28))
            note = "工作调动"
        if i == n_members + 2:  # left the year before: not on this year's team
            left = dt.date(year - 1, 9, 30)
            note = "2024年退休"
        role = "组长" if name == leader else "副组长" if name in deputies else "成员" if i in (3, 4, 6) else ""
        post = {"组长": "党组书记、局长" if "局" in unit else "党委副书记", "副组长": "副局长" if "局" in unit else "党委委员"}.get(
            role, rng.choice(["科员", "一级科员", "副主任科员", "主任", "副主任", "干事"]))
        born = rng.randint(1968, 1999)
        birth = f"{born}.{rng.randint(1, 12):02d}"
        phone = 13000000000 + rng.randint(0, 999999999) + rng.choice((0, 500000000))
        standing = rng.choice(politics)
        if role in ("组长", "副组长") or "书记" in post or "党委" in post:
            standing = "中共党员"  # a party post is held by a party member
        elif standing == "共青团员" and year - born > 28:
            standing = "群众"  # League membership ends at 28
        members.append([
            i + 1, name, rng.choice("男女"), birth, standing, rng.choice(depts), post,
            categories[0] if i < n_members * 0.6 else rng.choice(categories),
            "核心" if role in ("组长", "副组长") else rng.choice(["核心", "骨干", "骨干", "基层", "基层"]),
            role, joined, left, float(phone), note,
        ])
    ws = titled_sheet(wb, "人员名册", f"{unit}网络评论员名册", unit,
                      ["序号", "姓名", "性别", "出生年月", "政治面貌", "部门", "职务", "队伍类别", "层级", "领导小组职务",
                       "入队日期", "离队日期", "联系电话", "备注"], members)
    for row in ws.iter_rows(min_row=4, min_col=11, max_col=12):
        for c in row:
            c.number_format = "yyyy-mm-dd"
    ws.cell(4 + len(members) + 1, 1, "填表说明：离队人员保留在名册中，填写离队日期。")

    topics = ["网络评论写作技巧", "网络舆情研判与处置", "新媒体传播规律", "网络安全与保密", "意识形态工作责任制解读",
              "突发事件网上应对", "短视频内容制作", "政务新媒体运营", "网络文明建设", "典型案例分析",
              "信息报送规范", "法律法规学习"]
    forms = ["集中授课", "专题讲座", "线上学习", "交流研讨", "实操演练"]
    on_team = [m for m in members if m[11] is None or m[11].year == year]
    trainings = []
    months = sorted(rng.sample(range(1, 13), n_trainings) if n_trainings <= 12 else rng.choices(range(1, 13), k=n_trainings))
    for i, month in enumerate(months):
        day = dt.date(year, month, rng.randint(3, 26))
        present = [m[1] for m in on_team if (m[10] <= day) and (m[11] is None or m[11] >= day)]
        if i % 4 == 0:
            attendees = "全体"
        else:
            chosen = rng.sample(present, k=max(3, int(len(present) * rng.uniform(0.5, 0.9))))
            sep = ["、", "，", " ", "、"][i % 4]
            attendees = sep.join(chosen)
        hours = rng.choice([1, 1.5, 2, 2, 3, 4])
        text_hours = f"{hours}学时" if i == 2 else hours  # one typed as text, the way clerks do
        trainings.append([i + 1, day, topics[i % len(topics)], rng.choice(forms), text_hours,
                          rng.choice(["宣传部讲师", "市网信办专家", "本单位骨干", "县委党校教师"]),
                          rng.choice(["机关三楼会议室", "线上", "县委党校"]), attendees])
    total = sum(float(str(t[4]).replace("学时", "")) for t in trainings)
    ws = titled_sheet(wb, "培训记录", f"{year}年度培训记录", unit,
                      ["序号", "培训日期", "培训主题", "培训形式", "学时", "主讲人", "地点", "参训人员"],
                      trainings + [["合计", None, None, None, total, None, None, None]])
    for row in ws.iter_rows(min_row=4, min_col=2, max_col=2):
        for c in row:
            c.number_format = "yyyy-mm-dd"
    ws.column_dimensions["H"].width = 60

    grades = [scale[0]] * 3 + [scale[1]] * 12 + [scale[2]]
    assess = []
    for m in on_team:
        if m[11] is not None:
            continue
        g = rng.choice(grades)
        score = {scale[0]: rng.randint(90, 98), scale[1]: rng.randint(75, 89), scale[2]: rng.randint(60, 74)}[g]
        assess.append([m[1], m[5], score, g, ""])
    titled_sheet(wb, "考核结果", f"{year}年度考核结果", unit, ["姓名", "部门", "得分", "等次", "评语"], assess)

    if points:
        titled_sheet(wb, "工作要点", "工作要点", unit, ["类别", "内容"], points)
    titled_sheet(wb, "培训计划", f"{year + 1}年度培训计划", unit, ["时间", "主题", "形式", "学时", "对象"], [
        [f"{year + 1}年3月", "网络评论写作提升", "集中授课", 3, "全体成员"],
        [f"{year + 1}年5月", "网络舆情研判", "专题讲座", 2, "骨干成员"],
        [f"{year + 1}年7月", "短视频制作实操", "实操演练", 4, "全体成员"],
        [f"{year + 1}年10月", "网络安全与保密", "线上学习", 2, "全体成员"],
    ])
    if with_duties:
        titled_sheet(wb, "工作职责", "工作职责", unit, ["队伍类别", "职责"], [
            ["新闻通讯员", "及时采写本镇重点工作和村（社区）动态信息，每月至少报送两篇。"],
            ["新闻通讯员", "做好重要活动的图片和视频记录。"],
        ])
    if with_work:
        work = []
        for m in on_team:
            for month in range(1, 13):
                d = dt.date(year, month, 15)
                if m[10] > d or (m[11] is not None and m[11] < dt.date(year, month, 1)):
                    continue
                work.append([m[1], m[5], f"{year}-{month:02d}", rng.randint(2, 12), rng.randint(5, 30),
                             rng.randint(3, 20), rng.randint(0, 3)])
        titled_sheet(wb, "工作量", f"{year}年度工作量统计", unit,
                     ["姓名", "部门", "月份", "发帖（条）", "跟帖（条）", "转发（次）", "报送信息（条）"], work)
    if quotas:
        titled_sheet(wb, "名额", f"{year}年度推荐名额", unit, ["部门", "队伍类别", "层级", "名额"],
                     _quotas(quotas, depts, [m for m in on_team if m[11] is None], categories))
    if opinions:
        team = [m for m in on_team if m[11] is None]
        titled_sheet(wb, "舆情台账", f"{year}年度网络舆情台账", unit, OPINION_HEADERS,
                     make_opinions(random.Random(seed + 1), year, team, **opinions))
    if outlets:
        team = [m for m in on_team if m[11] is None]
        pick = random.Random(seed + 2)
        rows = []
        for i, (platform, name, dept, status, posts, followers, reviewed) in enumerate(outlets, 1):
            owner, reviewer = pick.sample(team, 2)
            rows.append([i, platform, name, dept, owner[1], reviewer[1] if reviewed else None, status, posts, followers])
        titled_sheet(wb, "网络阵地", "网站和新媒体账号台账", unit,
                     ["序号", "平台", "名称", "主办部门", "负责人", "审核人", "状态", "全年发布", "关注人数"], rows)
    if events:
        ws = titled_sheet(wb, "工作记录", f"{year}年度工作记录", unit, ["日期", "类型", "内容", "主持人或牵头部门", "参加人数", "文号"],
                          events)
        for r in ws.iter_rows(min_row=4, min_col=1, max_col=1):
            for c in r:
                c.number_format = "yyyy-mm-dd"
    # openpyxl stamps a new workbook with the clock; workbook_bytes keeps the date it is given
    wb.properties.created = FIXED_DATE
    Path(path).write_bytes(workbook_bytes(wb))
    print(f"已生成 {path}")


OPINION_HEADERS = ["序号", "发现时间", "来源", "内容摘要", "类别", "等级", "发现人", "涉及部门", "上报时间", "上报对象",
                   "处置措施", "回应时间", "回应方式", "办结时间", "处置结果"]
# (category, summaries) a unit of each kind meets; a summary is what the clerk would write in a line
OPINION_TOPICS = {
    "bureau": [
        ("招生入学", ["家长质疑学区划分调整未提前公示", "网传某小学插班生名额被内部分配", "家长反映新生报名系统多次无法登录"]),
        ("校园安全", ["网传某中学学生在校外受伤，学校处置不及时", "家长反映校门口接送时段交通拥堵存在隐患"]),
        ("教师待遇", ["网帖称乡村教师交通补贴未按时发放", "教师反映职称评审名额分配不透明"]),
        ("课后服务", ["家长质疑课后服务收费标准", "家长反映课后服务内容单一、以看管为主"]),
        ("食品安全", ["网传某校食堂饭菜分量不足", "家长反映学校配餐公司更换未征求意见"]),
    ],
    "town": [
        ("征地拆迁", ["村民反映征地补偿款发放进度慢", "网帖质疑道路拓宽工程拆迁标准不一"]),
        ("环境整治", ["群众反映河道有生活垃圾堆积", "网传某养殖场异味扰民长期未解决"]),
        ("防汛救灾", ["网传某村堤段出现险情", "群众反映汛期低洼处积水未及时排除"]),
        ("民生诉求", ["群众反映集镇农贸市场摊位费上涨", "村民反映自来水水压不足", "网帖反映村道路灯长期不亮"]),
    ],
}
OPINION_TOPICS["hospital"] = [
    ("医疗服务", ["患者反映门诊挂号排队时间长", "网帖称急诊科夜间医生不足", "家属反映住院部陪护管理过严"]),
    ("医疗费用", ["患者质疑检查费用过高", "网传医保报销比例下调"]),
    ("医患关系", ["网传患者家属与医生发生争执", "患者投诉医生态度生硬"]),
    ("院内管理", ["网帖反映停车场收费不合理", "患者反映食堂饭菜价格偏高"]),
]
OPINION_SOURCES = {
    "bureau": ["微信公众号", "微博", "抖音", "本地论坛", "12345热线", "今日头条"],
    "town": ["抖音", "快手", "微信群", "本地论坛", "12345热线"],
    "hospital": ["微博", "抖音", "12345热线", "本地论坛", "微信公众号"],
}
REPORT_TO = {"bureau": "县委网信办", "town": "县委宣传部", "hospital": "县卫生健康局"}
# minutes from 发现 to 上报 and to 回应 within each level's limits, and days to close
ON_TIME = {"一般": (60, 1200, 600, 2400), "较大": (20, 110, 300, 2400), "重大": (15, 55, 90, 280)}


def make_opinions(rng: random.Random, year: int, team: list[list], kind: str = "bureau", n: int = 12,
                  late: bool = False, untimed: int = 0, open_items: int = 1, late_answer: bool = False) -> list[list]:
    """An opinions sheet of ``n`` items for a unit of ``kind`` (bureau or town): finders from
    ``team``, departments from theirs; ``late`` makes the first 重大 item reported 3 hours
    after it was found (over its 1-hour limit), ``untimed`` rows carry dates without a time
    of day, the last ``open_items`` have no 办结时间, and ``late_answer`` makes the last 重大
    item answered 8 hours after it was found (over its 5-hour limit)."""
    topics, sources = OPINION_TOPICS[kind], OPINION_SOURCES[kind]
    rows = []
    days = sorted(dt.datetime(year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 21), rng.choice((0, 15, 30, 45)))
                  for _ in range(n))
    late_done = not late
    # mostly 一般, a sixth 较大, one 重大 in forty (at least one where one is to be late)
    grave = max(int(late), n // 40)
    levels = ["重大"] * grave + ["较大"] * max(1, n // 6) + ["一般"] * n
    levels = levels[:n]
    rng.shuffle(levels)
    for i, found in enumerate(days):
        category, summaries = rng.choice(topics)
        level = levels[i]
        finder = rng.choice([m for m in team if m[10] <= found.date()] or team)  # on the team that day
        lo, hi, r_lo, r_hi = ON_TIME[level]
        reported = found + dt.timedelta(minutes=rng.randint(lo, hi))
        if level == "重大" and not late_done:
            reported, late_done = found + dt.timedelta(minutes=180), True
        responded = found + dt.timedelta(minutes=rng.randint(r_lo, r_hi)) if level != "一般" or rng.random() < 0.6 else None
        if late_answer and level == "重大" and "重大" not in levels[i + 1:]:
            responded = found + dt.timedelta(hours=8)
        if responded is not None and responded < reported:  # answered after it was reported upward
            responded = reported + dt.timedelta(minutes=30)
        closed = found + dt.timedelta(days=rng.randint(1, 12)) if i < n - open_items else None
        if closed is not None and responded is not None and closed < responded:  # closed after the answer
            closed = responded + dt.timedelta(days=1)
        row = [i + 1, found, rng.choice(sources), rng.choice(summaries), category, level, finder[1], finder[5],
               reported, REPORT_TO[kind], "核实情况，联系当事人说明政策" if level == "一般" else "成立专班核查，约谈相关责任人",
               responded, rng.choice(["官方账号发布情况说明", "评论区回复", "电话回访当事人"]) if responded else None,
               closed.date() if closed else None, "已解决，当事人认可" if closed else None]
        if i >= n - untimed - open_items and i < n - open_items:  # typed by day only
            row[1], row[8] = found.date(), reported.date()
            row[11] = responded.date() if responded else None
        rows.append(row)
    return rows


def _quotas(kind: str, depts: list[str], team: list[list], categories: list[str]) -> list[list]:
    """A quota sheet close to the team as it stands, as a unit's would be: most places
    filled, one department short, one over. ``kind`` "bureau": a row per department and
    one for the core tier; "town": a row per department for its first category."""
    count = {d: sum(1 for m in team if m[5] == d) for d in depts}
    if kind == "bureau":
        rows = [[d, categories[0], "", count[d] + (2 if i == 0 else -1 if i == 2 else 0)] for i, d in enumerate(depts)]
        # one department's places set by tier instead (rows never overlap: the total is their sum)
        rows[1:2] = [[depts[1], categories[0], tier, sum(1 for m in team if m[5] == depts[1] and m[8] == tier)]
                     for tier in ("核心", "骨干", "基层")]
        return rows
    first = {d: sum(1 for m in team if m[5] == d and m[7] == categories[0]) for d in depts}
    return [[d, categories[0], "", first[d] + (1 if i == 1 else 0)] for i, d in enumerate(depts)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description="重新生成样例工作簿（青山县教育局.xlsx、河口镇人民政府.xlsx）。数据由固定的随机种子生成，"
                    "每次运行得到完全相同的文件。")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "input_samples", metavar="文件夹",
                    help="写入的文件夹（默认：input_samples/；不存在时创建，同名文件被覆盖）")
    out = ap.parse_args(argv).output
    out.mkdir(parents=True, exist_ok=True)
    make_unit(out / "青山县教育局.xlsx", 2025, "青山县教育局", "教育", ["局办公室", "基础教育股", "计财股", "人事股",
              "教育督导室", "宣传中心"], 30, 12, ["网络评论员"], with_work=True, with_duties=False, info=[
        ("队伍名称", "网络评论员队伍"), ("上级单位", "县委宣传部"), ("发文字号", "青教发〔2025〕36号"),
        ("成文日期", dt.date(2025, 12, 26)), ("落款", "青山县教育局"), ("联系人", "周敏"),
        ("联系电话", 13907150001.0), ("办公室", "局办公室"), ("决定机关", "局党组"),
        ("表彰文号", "青教发〔2025〕41号"), ("审核人", "李建国"), ("责任制文号", "青教发〔2025〕42号")], points=POINTS_BUREAU, quotas="bureau",
              opinions={"kind": "bureau", "n": 14, "late": True, "untimed": 0, "open_items": 1},
              # the 抖音 account has no 审核人 on purpose (README), and the 微博 has stopped
              outlets=[["网站", "青山县教育局门户网站", "局办公室", "正常", 412, None, True],
                       ["微信公众号", "青山教育", "宣传中心", "正常", 386, 23800, True],
                       ["抖音", "青山教育", "宣传中心", "正常", 95, 12100, False],
                       ["微博", "青山教育发布", "宣传中心", "停更", 0, 3500, True]],
              events=[[dt.date(2025, 2, 20), "会议", "网络意识形态工作专题会议", "局党组", 15, None],
                      [dt.date(2025, 3, 1), "文件", "关于做好2025年网络评论员队伍建设工作的通知", "局办公室", None,
                       "青教发〔2025〕8号"],
                      [dt.date(2025, 3, 15), "制度", "《青山县教育局网络舆情应急处置预案》", "局办公室", None, None],
                      [dt.date(2025, 4, 2), "制度", "政务新媒体信息发布审核制度", "宣传中心", None, None],
                      [dt.date(2025, 7, 10), "会议", "上半年网络舆情研判会", "局办公室", 12, None],
                      [dt.date(2025, 9, 20), "督查", "政务新媒体专项检查", "局办公室", None, None],
                      [dt.date(2025, 12, 18), "会议", "网络意识形态工作年度总结会", "局党组", 18, None]])
    make_unit(out / "河口镇人民政府.xlsx", 7, "青山县河口镇人民政府", "全镇", ["党政办", "宣传办", "经济发展办",
              "社会事务办", "综治中心"], 24, 9, ["网络评论员", "新闻通讯员", "网络信息员"], with_work=False,
              with_duties=True, info=[("上级单位", "青山县委宣传部"), ("成文日期", "2025年12月30日"),
                                      ("联系人", "陈晨"), ("办公室", "党政办")],
              scale=("优秀", "合格", "基本合格"), points=POINTS_TOWN, quotas="town",
              opinions={"kind": "town", "n": 9, "late": False, "untimed": 2, "open_items": 1},
              outlets=[["微信公众号", "河口镇发布", "党政办", "正常", 268, 9600, True],
                       ["抖音", "印象河口", "宣传办", "正常", 120, 15300, True],
                       ["微信群", "河口镇防汛信息群", "综治中心", "正常", None, 480, True]],
              events=[[dt.date(2025, 3, 10), "会议", "意识形态工作专题会议", "镇党委", 21, None],
                      [dt.date(2025, 5, 20), "制度", "河口镇网络信息员工作制度", "党政办", None, None],
                      [dt.date(2025, 6, 15), "活动", "网络文明宣传进村活动", "宣传办", 60, None],
                      [dt.date(2025, 8, 5), "会议", "防汛期间舆情研判会", "综治中心", 14, None]])


if __name__ == "__main__":
    main()
