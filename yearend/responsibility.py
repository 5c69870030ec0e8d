"""Who answers for the work (the responsibility chain), the unit's websites and accounts
(阵地) and the year's record of meetings, documents and rules, as template variables.

The chain is computed once, here, for every document that names it: 主体责任 (the
unit sheet's 决定机关, else the party body the leading group's 组长 holds a post in:
党组书记 → 局党组, 党委副书记 → 镇党委, 党支部书记 → 校党支部; never a body the unit
does not have: with none named, its 领导班子), 第一责任人 (the 组长, post first),
直接责任人 (the unit sheet's 分管领导, else the 副组长), 部门负责人 (members whose post
heads a department).
"""

from __future__ import annotations

from collections import Counter

from .amounts import date_text, num
from .outlets import IN_USE, STOPPED
from .records import Member, Unit, UnitModel

# a word of the leader's post → the body it proves the unit has (the longest words first)
PARTY_BODIES = (("党工委", "党工委"), ("党总支", "党总支"), ("总支", "党总支"), ("党支部", "党支部"), ("支部", "党支部"),
                ("党组", "党组"), ("党委", "党委"))
# a post ending so heads a department (主任, not 主任科员 or 副主任); the unit's own head is not one
HEADS = ("主任", "科长", "股长", "部长", "所长", "队长", "站长", "处长", "负责人", "主管")
# the heads a department of each kind has, by the end of its name: a bare 所长 in a 股 heads
# no 股 (joined they make a false post, 食品安全监督管理股所长); 负责人 and 主管 head any kind
HEADS_OF_KIND = {"股": ("股长",), "科": ("科长", "主任"), "所": ("所长",), "队": ("队长",), "站": ("站长",),
                 "处": ("处长", "主任"), "部": ("部长", "主任"), "室": ("主任",), "办": ("主任",), "中心": ("主任",)}


def main_body(unit: Unit, short: str, leader_post: str) -> str:
    """Who carries the 主体责任: 局党组, 镇党委, 校党支部, or the unit's 领导班子."""
    if unit.decider:
        return unit.decider
    place = short[1:] if short.startswith("我") and short != "我单位" else ""
    for word, body in PARTY_BODIES:
        if word in leader_post:
            return place + body
    return f"{unit.name}领导班子"


def heads_department(post: str, department: str = "") -> bool:
    """主任 (of an 办公室), 办公室主任 (of 局办公室), 股长 (of a 股): yes; 副主任, 办事处副主任,
    主任科员, 居委会主任 of the 党政综合办公室 (a head of something else) and 所长 of a 股: no."""
    for part in post.replace("，", "、").split("、"):
        office, head = _office_head(part)
        if not head or part.endswith("副" + head):
            continue
        if office and office in department:
            return True
        if not office:
            kind = next((heads for end, heads in HEADS_OF_KIND.items() if department.endswith(end)), None)
            if kind is None or head in kind or head in ("负责人", "主管"):
                return True
    return False


def _office_head(post: str) -> tuple[str, str]:
    """A post as its office and its head's title (科主任: 科, 主任); ("", "") for no head."""
    head = next((h for h in HEADS if post.endswith(h)), "")
    return (post[:-len(head)], head) if head else ("", "")


MANY_HEADS = 2  # heads of one department under one post: more is a roster to check (7 主任 of one 办)


def chain(model: UnitModel, unit: Unit, short: str, team: list[Member]) -> dict:
    leaders = [m for m in team if m.group_role == "组长"]
    deputies = [m for m in team if m.group_role == "副组长"]
    by_name = {m.name: m for m in team}
    direct = unit.in_charge.strip()
    if direct in by_name:
        direct = by_name[direct].title
    elif not direct:
        direct = "、".join(m.title for m in deputies)
    heads = [{"部门": m.department, "称呼": _head_title(m), "姓名": m.name} for m in team
             if heads_department(m.post, m.department) and m.group_role not in ("组长", "副组长")]
    # a department with more heads under one title than it can have (7 主任 of one 办) is a roster
    # to check (model warns): naming them all as its heads would print the error
    shared = Counter((h["部门"], h["称呼"].removesuffix(h["姓名"])) for h in heads)
    heads = [h for h in heads if shared[h["部门"], h["称呼"].removesuffix(h["姓名"])] <= MANY_HEADS]
    heads.sort(key=lambda h: [m.department for m in team].index(h["部门"]))  # a department's heads together
    return {
        "主体责任": main_body(unit, short, leaders[0].post if leaders else ""),
        "第一责任人": "、".join(m.title for m in leaders),
        "直接责任人": direct,
        "部门负责人": heads,
        "部门负责人称呼": _grouped(heads),
    }


def _grouped(heads: list[dict]) -> list[str]:
    """The heads as a list names them, those of one title together: 党政综合办公室主任潘涵伟、沈涵红
    (not the title again before each name)."""
    out: list[tuple[str, list[str]]] = []
    for h in heads:
        title = h["称呼"].removesuffix(h["姓名"])
        if out and out[-1][0] == title:
            out[-1][1].append(h["姓名"])
        else:
            out.append((title, [h["姓名"]]))
    return [title + "、".join(names) for title, names in out]


def _head_title(m: Member) -> str:
    """A department head as the list names them: a post whose office is the end of the
    department's name takes the whole name (科主任 of 医务科: 医务科主任杜远, not 科主任杜远,
    which names no department)."""
    office, head = _office_head(m.post)
    if office and m.department.endswith(office) and m.department != office and "、" not in m.post:
        return f"{m.department}{head}{m.name}"
    return m.title


def _plain_title(text: str) -> str:
    """A document's title without the 《》 it may have been typed with."""
    return text.strip().removeprefix("《").removesuffix("》")


def outlets(model: UnitModel) -> dict:
    has = "outlets" in model.tables
    rows = [{"序号": i, "平台": o.platform, "名称": o.name, "主办部门": o.host, "负责人": o.owner, "审核人": o.reviewer,
             "开设时间": date_text(o.opened), "状态": o.status,
             "全年发布": num(o.posts) if o.posts is not None else "",
             "关注人数": num(o.followers) if o.followers is not None else "", "备注": o.note}
            for i, o in enumerate(model.outlets, 1)]
    in_use = [r for r in rows if r["状态"] == IN_USE]
    platforms = Counter(r["平台"] for r in in_use)
    posts = [o.posts for o in model.outlets if o.status == IN_USE and o.posts is not None]
    return {
        "有阵地台账": has,
        "阵地数": len(in_use),
        "阵地发布合计": num(sum(posts)) if posts else "",
        "阵地列表": rows,
        "在用阵地": in_use,
        "阵地按平台": [{"名称": k, "数量": n} for k, n in platforms.items()],
        "无审核人阵地": [r for r in in_use if not r["审核人"]],
        "同人审核阵地": [r for r in in_use if r["审核人"] and r["审核人"] == r["负责人"]],
        "停更阵地": [r for r in rows if r["状态"] == STOPPED],
    }


def events(model: UnitModel) -> dict:
    has = "events" in model.tables
    rows = [{"序号": i, "日期": date_text(e.date), "月日": f"{e.date.month}月{e.date.day}日", "类型": e.type,
             "内容": e.content, "名称": _plain_title(e.content), "主持人或牵头部门": e.lead,
             "参加人数": num(e.people) if e.people is not None else "", "文号": e.doc_number}
            for i, e in enumerate(sorted(model.events, key=lambda e: (e.date, e.row)), 1)]
    kinds = Counter(r["类型"] for r in rows)

    def of(kind: str) -> list[dict]:
        return [r for r in rows if r["类型"] == kind]

    return {
        "有工作记录": has,
        "工作记录": rows,
        "记录按类型": [{"名称": k, "数量": n} for k, n in kinds.items()],
        "会议次数": kinds["会议"], "文件数": kinds["文件"], "制度数": kinds["制度"],
        "会议列表": of("会议"), "文件列表": of("文件"), "制度列表": of("制度"), "活动列表": of("活动"),
        "督查列表": of("督查"),
    }


def review_dates() -> dict:
    """The coming year's rhythm: 舆情 reviewed at each quarter's end, studied twice a year."""
    return {"研判日期": ["3月31日", "6月30日", "9月30日", "12月31日"], "专题研究日期": ["6月", "12月"]}
