"""A member's own year in words: the paragraphs of their personal summary and their
line of deeds in the commendation (GENRE "True for every team").

Every sentence here comes from the member's own record: their category's metrics
against what the category's level gives for their months on the team, their rank among
its members, the trainings they attended and missed by name, their own 舆情 items, their
grade, and next year's targets for their category. A member who joined in October is
measured over October to December, not against a full year. Wordings are chosen by the
data, never at random, and each sentence carries something of the member's own (a
figure, a department and post, a date), so that across one unit no sentence but the
opening formula stands in more than a third of the summaries.

Written here rather than in the template because the choice between wordings turns on
comparisons (above or below the category's level, the weakest of several figures) that
would make the template's Jinja unreadable; the clerk and the member reword the
generated document, not this code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .amounts import num
from .levels import PERIODS, goals
from .opinions import ON_TIME
from .schema import is_party_member

# what a category's member does well, by tier (核心, 骨干, any other): the default for any
# other category is its own line
CONDUCT = {
    "网络评论员": ("撰写评论注意先研判、后发声，把握好时机和分寸", "跟进网上热点注意正面发声，带动身边的成员参与",
                   "在网上发声坚持正确立场，做到有理有据、不说过头话"),
    "新闻通讯员": ("策划报道注意抓住本单位的重点工作，把好稿件的政治关", "采写稿件注意深入一线，数字和事实核实后再报送",
                   "采写稿件坚持实事求是，做到数字准确、事实清楚"),
    "网络信息员": ("研判网上信息注意综合分析，重要情况及时报告", "收集网上信息注意甄别核实，发现苗头及时报告",
                   "对网上信息注意甄别核实，做到不信谣、不传谣、不擅自发布"),
    "网络文明志愿者": ("组织志愿服务注意发挥带头作用，传播文明风尚", "参加志愿服务注意带动身边的人文明上网",
                      "带头文明上网，自觉传播正面信息"),
}
TIERS = ("核心", "骨干")
# the words of a training topic that tie it to a category's work
TOPIC_WORDS = {
    "网络评论员": ("评论", "舆情", "引导", "写作"),
    "新闻通讯员": ("新闻", "稿件", "宣传", "新媒体", "短视频", "传播", "写作"),
    "网络信息员": ("舆情", "信息", "研判", "应对", "处置"),
    "网络文明志愿者": ("文明", "志愿", "安全", "传播"),
}
POLITICAL = ("意识形态", "政治", "理论", "党", "保密", "法治", "法规")
SHOWN_TOPICS = 5  # the topics a summary names; more are counted
# a figure is above (merit) or below (a weakness) the expected only beyond 5%; within it, 基本持平
STRONG, WEAK = 1.05, 0.95
# the words of a roster's 备注 that record an honour (2025年度优秀通讯员，市级媒体采用稿件三篇), not a
# circumstance (借调县委宣传部)
MERIT = ("优秀", "先进", "表彰", "嘉奖", "获评", "获得", "荣获", "采用", "奖")
IDLE = "工作的经常性"  # what the weakness of months without work measures
SINGLED_OUT = 8  # honourees named with their deeds after a list of names, when not all have one
SETTLED = 3  # months on the team before a member's own count can stand as a deed in the commendation
QUALITY = {"网络评论员": "评论的深度和针对性", "新闻通讯员": "稿件的质量和时效", "网络信息员": "信息研判的准确性",
           "网络文明志愿者": "志愿服务的覆盖面"}


@dataclass
class Team:
    """What a member's year is measured against."""

    year: int
    short: str  # 我局
    found_rate: float  # 舆情 items credited per member-month of the year's team
    major_rate: float  # and of them the 较大 and above
    full_attendance: float  # the share of year-end members due for a training who missed none
    hours: float = 0.0  # 人均学时: training hours per member of the year's team
    median_hours: float = 0.0  # the year-end team's middle hours: merit is more than most had
    common: set[str] = field(default_factory=set)  # topics, and 备注, more than a third of the year-end team share
    targets: dict[str, list[dict]] = field(default_factory=dict)  # category → its targets
    plan: list[dict] = field(default_factory=list)  # next year's trainings: 对象, 学时
    measured: bool = True  # the unit keeps a work sheet: a member with no rows in it has no record of their own


def _since(r: dict, year: int) -> str:
    if r["年内入队"]:
        return f"今年{r['入队月份']}月入队以来"
    if r["入队年份"]:
        return f"{r['入队年份']}年{r['入队月份']}月入队以来"
    return "一年来"


def _span(r: dict) -> str:
    return "全年" if r["在队月数"] == 12 and not r["年内入队"] else "入队以来" if r["年内入队"] else "在队期间"


def _topic_for(r: dict, topics: list[str]) -> str:
    """The attended training closest to the member's category: the one with the category's
    most telling word (TOPIC_WORDS in order: a 新闻通讯员's 新闻 before 写作, which 网络评论写作
    also has), the first attended without one."""
    words = TOPIC_WORDS.get(r["队伍类别"], ())
    rank = {t: min((i for i, w in enumerate(words) if w in t), default=len(words)) for t in topics}
    return min(topics, key=rank.__getitem__) if topics else ""


def _months(months: list[int]) -> str:
    """5月、9月、10月."""
    return "、".join(f"{m}月" for m in months)


TIED = 3  # months that tie for the most (or the least): named up to three; more are the rule, not a peak


def _ends(r: dict, zero_said: bool = False) -> list[str]:
    """The member's busiest and quietest months as clauses: 3月、7月完成最多, 1月完成最少 (each
    named only when at most TIED months share it: 2月等11个月完成最多 says nothing).
    ``zero_said``: the months without work are said instead of the quietest."""
    out = [f"{_months(r['最多月份'])}完成最多"] if len(r["最多月份"]) <= TIED else []
    if not zero_said and len(r["最少月份"]) <= TIED:
        out.append(f"{_months(r['最少月份'])}{'最少' if out else '完成最少'}")  # 3月完成最多，1月最少
    return out


def _figure(w: dict) -> str:
    return f"{w['指标']}{w['合计']}{w['单位']}"


def _average(w: dict, said: bool = False) -> str:
    """网络评论员人均57条 for a member on the team all year; 同期网络评论员人均12条 for one who was
    not; 全年在队的网络评论员人均57条 where others were on it part of the year (levels.Peers).
    ``said``: whose average it is was said by a figure before it in the sentence: 人均12条."""
    return f"{'' if said else w['口径'] + w['类别']}人均{w['同类人均']}{w['单位']}"


def _compares(w: dict) -> bool:
    """Whether _standing sets the figure against the average (not a rank, nor a lone member)."""
    return w["同类人数"] > 1 and not (w["全年在队"] and w["同类人数"] >= 3 and w["合计"]
                                   and w["排名"] <= min(3, max(1, w["同类人数"] // 3)))


def _standing(w: dict, said: bool = False) -> str:
    """Where a figure stands: the rank when it is among the first three and the top third
    of a category of three or more (for a member on the team all year), else against the
    category's level; nothing to compare for the only member of a category."""
    if w["同类人数"] <= 1:  # at year end; others of the category may have left during the year
        return f"{'年末' if w['年内同类人数'] > 1 else ''}队伍中唯一的{w['类别']}"
    if not _compares(w):
        return f"在{w['同类人数']}名{w['类别']}中{'并列' if w['并列'] else '居'}第{w['排名']}位"
    if w["比值"] > STRONG:
        return f"高于{_average(w, said)}"
    if w["比值"] < WEAK:
        return f"低于{_average(w, said)}"
    return f"与{_average(w, said)}{'持平' if w['合计'] == w['同类人均'] else '基本持平'}"


def strengths(r: dict, team: Team) -> list[tuple[float, str, str]]:
    """The member's figures above what is expected of them (ratio, phrase, the figure in
    short, for the grade's sentence), strongest first: their category's metrics,
    their 舆情 finds (or their 较大 finds, all reported in time), their training hours,
    attending every training while few did."""
    out: list[tuple[float, str, str]] = []
    for w in r["工作量"]:
        if w["合计"] and w["比值"] > STRONG and w["同类人数"] > 1:
            out.append((w["比值"], f"{_figure(w)}，{_standing(w)}", _figure(w)))
    expected = team.found_rate * r["在队月数"]
    major_expected = team.major_rate * r["在队月数"]
    major = [x for x in r["发现舆情"] if x["较大以上"]]
    # a single item is no record of merit, unless a 较大 one found when few were and reported in time
    if r["发现舆情数"] > 1 and expected and r["发现舆情数"] > expected * STRONG:
        of = "，均为较大及以上" if len(major) == r["发现舆情数"] else f"，其中较大及以上{len(major)}条" if major else ""
        timely = "，均按时上报" if not r["上报超时"] and r["上报计时数"] == r["发现舆情数"] else ""
        out.append((r["发现舆情数"] / expected, f"发现并报告网络舆情{r['发现舆情数']}条{of}{timely}",
                    f"发现并报告舆情{r['发现舆情数']}条"))
    elif major and major_expected and len(major) > major_expected * STRONG and all(x["上报情况"] == ON_TIME for x in major):
        x = major[0]
        more = f"等{len(major)}条" if len(major) > 1 else ""
        out.append((len(major) / major_expected, f"{x['月日']}发现并按时上报较大及以上舆情“{x['内容摘要']}”{more}",
                    f"发现较大舆情{len(major)}条"))
    if team.hours and r["学时"] and r["学时"] > team.hours * STRONG and r["学时"] > team.median_hours:
        out.append((r["学时"] / team.hours, f"参加培训{r['参训次数']}次、{r['学时']}学时，高于队伍人均{team.hours:g}学时",
                    f"参训{r['学时']}学时"))
    due = r["参训次数"] + len(r["缺训"])
    if due > 1 and not r["缺训"] and team.full_attendance < 0.5:
        out.append((1 / max(team.full_attendance, 0.1),
                    f"在队期间的{due}次培训全部参加（年末在队成员中做到的不到一半）", f"{due}次培训全勤"))
    return sorted(out, key=lambda x: -x[0])


def weakness(r: dict) -> tuple[str, str] | None:
    """The member's weakest figure against what is expected of them, or None: (the phrase
    that states it, the short name of what it measures, for the grade's sentence)."""
    found: list[tuple[float, str, str]] = []
    for w in r["工作量"]:
        if w["应有"] < 1 or w["同类人数"] <= 1:  # too short a time to expect one; no one to compare with
            continue
        if not w["合计"]:
            found.append((0.0, f"{_span(r)}没有{w['指标']}记录（{_average(w)}），日常工作的主动性还不够",
                          f"{w['指标']}"))
        elif w["比值"] < WEAK:
            # the figure and the average were set side by side under 工作开展: here the gap
            gap = num(float(w["同类人均"]) - w["合计"])
            found.append((w["比值"], f"{w['指标']}比{w['口径']}{w['类别']}人均少{gap}{w['单位']}，日常工作的主动性还不够",
                          f"{w['指标']}数量"))
    if r["缺训"]:
        due = r["参训次数"] + len(r["缺训"])
        found.append((r["参训次数"] / due, f"在队期间的{due}次培训缺席{len(r['缺训'])}次，学习的系统性还不够",
                      "按时参训"))
    late = r["上报超时"]
    if late:
        x = late[0]
        more = f"，全年共{len(late)}条超时" if len(late) > 1 else ""
        found.append((0.5, f"{x['月日']}发现的“{x['内容摘要']}”上报用时{x['上报用时']}，超过{x['上报时限']}的时限{more}，"
                           "报告的时效性还不够", "舆情上报的时效"))
    zero = r["零工作月份"]
    if r["工作量"] and r["在队月数"] >= 6 and r["有工作量月数"] and len(zero) > 2:
        found.append((r["有工作量月数"] / r["在队月数"],
                      f"在队{r['在队月数']}个月中"
                      + (f"只有{_months(r['有工作量月份'])}有工作量记录" if len(zero) > len(r["有工作量月份"]) else
                         f"有{len(zero)}个月（{_months(zero)}）没有工作量记录")  # the fewer way round
                      + "，工作的经常性还不够",
                      IDLE))
    if not found:
        return None
    _, phrase, label = min(found, key=lambda x: x[0])
    return phrase, label


def _thought(r: dict, team: Team, post_at: str) -> str:
    since = _since(r, team.year)
    if "预备" in r["政治面貌"]:  # 2016年入队以来，本人是预备党员 would date the probation from 2016
        joined = f"{since.removesuffix('以来')}，" if since.endswith("入队以来") else ""  # 本人2016年3月入队，现为…
        opening = f"本人{joined}现为中共预备党员，按照党员标准严格要求自己，"
    elif is_party_member(r["政治面貌"]):
        opening = f"{since}，本人以党员标准要求自己，"
    else:
        opening = f"{since}，本人"
    # a political training named only where it speaks for the member (not one a third of the team attended)
    political = next((t for t in r["培训主题"] if any(w in t for w in POLITICAL) and t not in team.common), "")
    first = (f"{opening}认真学习党的路线方针政策和网络管理有关规定"
             + (f"，参加了“{political}”专题培训" if political else "") + "。")
    category = r["队伍类别"]
    tier = TIERS.index(r["层级"]) if r["层级"] in TIERS else 2
    conduct = CONDUCT[category][tier] if category in CONDUCT else f"认真履行{category}职责，遵守工作纪律和保密规定"
    role = f"作为{r['层级']}成员，" if r["层级"] else ""
    return first + f"在{post_at}，{role}本人{conduct}。"


def _learning(r: dict, place: str) -> str:
    topics = list(dict.fromkeys(r["培训主题"]))
    missed = r["缺训"]
    if not r["参训次数"]:
        if not missed:  # due for none (a December joiner)
            return ""
        more = f"等{len(missed)}次" if len(missed) > 3 else ""
        return f"{_span(r)}队伍组织的{'、'.join(x['主题'] for x in missed[:3])}{more}培训本人都没有参加，这是今后要补上的。"
    listed = "".join(f"“{t}”" for t in topics[:SHOWN_TOPICS]) + (f"等{len(topics)}个专题" if len(topics) > SHOWN_TOPICS else "")
    attended = "在队期间组织的培训全部参加" if not missed else f"缺席{len(missed)}次"
    where = f"，对做好{place}{r['职务']}岗位上的工作也有帮助" if r["职务"] else ""
    role = f"作为{r['层级']}{r['队伍类别']}的工作"
    if len(topics) > 1:
        text = (f"{_span(r)}参加培训{r['参训次数']}次、{r['学时']}学时，{attended}，内容包括{listed}，"
                f"其中“{_topic_for(r, topics)}”与本人{role}结合最紧{where}。")
    else:
        text = f"{_span(r)}参加培训{r['参训次数']}次、{r['学时']}学时，{attended}，“{topics[0]}”与本人{role}结合紧密{where}。"
    if missed:
        named = "、".join(f"{x['月日']}“{x['主题']}”" for x in missed[:3])
        more = f"等{len(missed)}次" if len(missed) > 3 else ""
        text += f"{named}{more}培训本人未能参加，相关内容需要补学。"
    return text


def _work(r: dict, months_said_later: bool = False) -> str:
    """``months_said_later``: the months (the busiest and quietest, or those without work)
    are the 不足 paragraph's point, and said there rather than twice."""
    if not r["工作量"]:
        return ""
    if all(not w["合计"] for w in r["工作量"]):
        return f"本人{_span(r)}没有{'、'.join(w['指标'] for w in r['工作量'])}的工作量记录。"
    done = [w for w in r["工作量"] if w["合计"]]
    none = [w for w in r["工作量"] if not w["合计"]]
    # whose average it is said once, at the first figure set against it
    first = next((w for w in done if _compares(w)), None)
    figures = "、".join(f"{_figure(w)}（{_standing(w, said=first is not None and w is not first)}）" for w in done)
    figures += "".join(f"，没有{w['指标']}记录（{_average(w, said=first is not None)}）" for w in none)
    months = ""
    if r["最多月份"] and r["在队月数"] > 2 and not months_said_later:
        zero = r["零工作月份"]
        # no month had a quota: a month is with or without work, never 没有完成
        quiet = (f"只有{_months(r['有工作量月份'])}有工作量" if len(zero) > len(r["有工作量月份"]) else
                 f"{_months(zero)}没有工作量" if zero else "各月都有工作量")
        months = "".join(f"，{clause}" for clause in [*_ends(r, zero_said=bool(zero)), quiet])
    return f"{_span(r)}完成{figures}{months}。"


def honour(r: dict) -> str:
    """The roster's 备注 where it records an honour (MERIT), as the clerk wrote it, else ""."""
    return r["备注"].strip().rstrip("。；;，, ") if any(w in r["备注"] for w in MERIT) else ""


def _honour(r: dict, team: Team) -> str:
    """The honour the roster notes, after the member's work or in its place; not one that
    a third of the team share (it says little of one member)."""
    said = honour(r) if r["备注"].strip() not in team.common else ""
    return f"其他成绩：{said}。" if said and r["工作量"] else f"本年度，本人的主要成绩有：{said}。" if said else ""


def _opinions(r: dict, team: Team) -> str:
    n = r["发现舆情数"]
    if not n:
        return ""
    sources = list(dict.fromkeys(x["来源"] for x in r["发现舆情"] if x["来源"]))
    text = f"{_span(r)}发现并报告涉及{team.short}的网络舆情{n}条"
    text += f"（来自{'、'.join(sources[:3])}{'等' if len(sources) > 3 else ''}）" if sources else ""
    if r["发现较大以上"]:
        cases = "、".join(f"{x['月日']}“{x['内容摘要']}”" for x in r["发现较大以上"])
        more = "等" if r["发现较大以上数"] > len(r["发现较大以上"]) else ""
        text += f"，其中较大及以上{r['发现较大以上数']}条（{cases}{more}）"
    late = r["上报超时数"]
    if late:
        return text + f"，有{late}条超过时限才上报。"
    if r["上报计时数"]:
        return text + ("，均在时限内上报。" if n > 1 else "，已在时限内上报。")
    return text + "。"


def summary(r: dict, team: Team) -> dict[str, str]:
    """The paragraphs of the member's personal summary, by heading ("" leaves a section out)."""
    category, dept = r["队伍类别"], r["部门"]
    # where the member works, as the summary names it: 在计财股科员岗位上, 在办公室的工作中; a post
    # that names its own office (党委委员、副院长) or the unit's head stands without the department
    place = dept if r["部门岗位"] else ""
    post_at = f"{place}{r['职务']}岗位上" if r["职务"] else f"{dept or team.short}的工作中"
    weak = weakness(r)
    strong = strengths(r, team)
    # no figure below the level and months unevenly worked: the 不足 paragraph's point
    uneven = weak is None and bool(r["最少月份"]) and r["在队月数"] > 2
    idle_months = weak is not None and weak[1].startswith(IDLE)  # the months without work are the 不足
    out = {"思想认识": _thought(r, team, post_at), "学习培训": _learning(r, place),
           "工作开展": _work(r, uneven or idle_months) + _honour(r, team),
           "舆情信息": _opinions(r, team), "考核情况": "", "不足和打算": ""}
    quality = QUALITY.get(category, "工作的质量")
    if r["等次"]:
        grade = f"在{team.year}年度考核中，本人被评为“{r['等次']}”等次{('，得分' + str(r['得分']) + '分') if r['得分'] != '' else ''}"
        if r["等次"] == "优秀" and strong:  # the figures in short: their comparisons are in the paragraphs above
            grade += f"，这是对本人{'、'.join(label for _, _, label in strong[:2])}等工作的肯定。"
        elif r["等次"] == "优秀":
            grade += f"，本人将珍惜荣誉，在{post_at}继续做好{category}工作。"
        elif weak:
            grade += f"，今后要在{weak[1]}上多下功夫。"
        else:
            grade += f"，本人将对照优秀等次查找差距，在{post_at}把{category}工作做得更扎实。"
        out["考核情况"] = grade
    looking = "入队以来" if r["年内入队"] else "一年"
    if weak:
        lacking = f"回顾{looking}的工作，本人的不足主要是{weak[0]}。"
    elif uneven:
        # set against the average only where there was one to set it against (not the only member of a category)
        ratios = [w["比值"] for w in r["工作量"] if w["合计"] and w["同类人数"] > 1 and w["应有"] >= 1]
        level = ("高于同类成员平均水平" if ratios and min(ratios) > STRONG else
                 "与同类成员平均水平基本持平或更高" if ratios and max(ratios) > STRONG else
                 "与同类成员平均水平基本持平" if ratios else "")
        ends = _ends(r, zero_said=bool(r["零工作月份"]))
        if r["零工作月份"]:
            ends.append(f"{_months(r['零工作月份'])}没有工作量")
        lacking = (f"回顾{looking}的工作，本人的工作量{level + '，但' if level else ''}各月不够均衡，"
                   f"{''.join(e + '，' for e in ends)}{quality}也还有提高的空间。")
    elif not r["工作量"] and team.measured:  # the unit records work, none of the member's: the shortfall shown
        lacking = (f"回顾{looking}的工作，本人在{post_at}承担的{category}工作没有按月登记工作量，"
                   "完成了多少、质量如何，还缺少记录可查。")
    elif r["年内入队"]:  # too few months to measure against anyone: the newness is the shortfall
        lacking = (f"本人{r['入队月份']}月入队，在{post_at}承担{category}工作的时间还不长，"
                   f"对工作的规律把握还不够，{quality}还有提高的空间。")
    else:
        lacking = f"回顾{looking}的工作，对照{category}的职责，本人在{post_at}，{quality}还有提高的空间。"
    out["不足和打算"] = lacking + _plans(r, team, post_at)
    return out


def _for_member(r: dict, audience: str) -> bool:
    """Whether a planned training's 对象 takes the member in (blank or 全体 takes everyone)."""
    words = [w for w in (r["层级"], r["队伍类别"], r["部门"]) if w]
    return not audience or "全体" in audience or any(w in audience for w in words)


def _plans(r: dict, team: Team, post_at: str) -> str:
    """Next year's intent: the category's targets from the member's own figures (kept where
    they reach them, raised where they do not), the trainings planned for them and those to
    make up."""
    mine = {w["指标"]: w for w in r["工作量"]}
    keep: list[tuple[str, dict]] = []
    raise_: list[tuple[str, dict]] = []
    bare: list[dict] = []  # no full year of their own to build on: the targets alone
    for t in team.targets.get(r["队伍类别"], []):
        own = mine.get(t["指标"])
        if own is None or not own["合计"] or not own["全年在队"]:
            bare.append(t)
        else:
            pair = (f"{t['指标']}{own['合计']}{t['单位']}", t)
            (keep if own["合计"] / 12 * dict(PERIODS)[t["周期"]] >= t["水平"] else raise_).append(pair)
    parts = []
    if keep:
        # the months themselves were named above (工作开展, or the 不足 just before): not again
        quiet = ("，做到每个月都有工作量" if r["零工作月份"] else
                 "，淡月也不放松" if r["最少月份"] and len(r["最少月份"]) <= TIED else "")
        parts.append(f"保持今年{'、'.join(a for a, _ in keep)}的水平，完成{goals([t for _, t in keep])}的目标{quiet}")
    if raise_:
        parts.append(f"在今年{'、'.join(a for a, _ in raise_)}的基础上，达到{goals([t for _, t in raise_])}的目标")
    if bare:
        parts.append(f"按照{goals(bare)}的目标完成任务")
    planned = [p for p in team.plan if _for_member(r, p["对象"])]
    if planned:
        hours = sum(p["学时"] for p in planned if p["学时"] != "")
        parts.append(f"按计划参加{len(planned)}次{f'、{hours:g}学时' if hours else ''}的集中培训")
    if r["缺训"]:
        parts.append(f"通过自学补上今年缺席的“{r['缺训'][0]['主题']}”培训内容")
    if not parts:
        aim = {"优秀": "，保持优秀等次", "": ""}.get(r["等次"], "，争取年度考核评为优秀")
        party = ("争取按期转为正式党员，" if "预备" in r["政治面貌"]
                 else "以党员标准严格要求自己，" if is_party_member(r["政治面貌"]) else "")
        parts.append(f"{party}按时参加培训，在{post_at}做好{r['队伍类别']}工作{aim}")
    return f"{team.year + 1}年，本人将" + "，".join(parts) + "。"


def deeds(r: dict, team: Team) -> tuple[float, str]:
    """The honouree's line of deeds and how strong it is: their two strongest figures above
    what is expected of them (their category's metrics, 舆情 finds, training hours, full
    attendance; as strong as the first), for a member on the team at least SETTLED months (a
    few weeks' count is no record). Without one, the roster's 备注 where it records an honour
    (MERIT; 1), else the score that made them 优秀 (0.5); a figure at or below the team's
    average is never presented as merit (GENRE), nor are years on the team, so with none of
    these the line is empty (0)."""
    # the work itself, then a 较大 find, then the hours spent learning for it
    strong = sorted(strengths(r, team) if r["在队月数"] >= SETTLED else [],
                    key=lambda x: 2 if x[2].startswith("参训") else x[2].startswith("发现较大"))
    if strong:
        return max(x[0] for x in strong[:2]), "，".join(phrase for _, phrase, _ in strong[:2])
    if honour(r):
        return 1.0, honour(r)
    return (0.5, f"年度考核得分{r['得分']}分") if r["得分"] != "" else (0.0, "")


def honour_roll(excellent: list[dict], records: dict[str, dict], team: Team) -> tuple[bool, list[dict]]:
    """Each honouree's 事迹 and 所在 (部门，职务; the post alone when it names the department,
    as 综治中心专职副主任 does); whether every one has a deed, and the SINGLED_OUT strongest
    of those who do, in the roll's order (department by department). When one has none the
    commendation lists names by department for all, so no line stands bare among the others,
    and names these after the list."""
    strength = {}
    for p in excellent:
        strength[p["姓名"]], p["事迹"] = deeds(records[p["姓名"]], team)
        dept, post = p["部门"], p["职务"]
        p["所在"] = post if dept and post.startswith(dept) else "，".join(x for x in (dept, post) if x)
    departments = list(dict.fromkeys(p["部门"] for p in excellent))
    roll = sorted(excellent, key=lambda p: departments.index(p["部门"]))
    score = {p["姓名"]: records[p["姓名"]]["得分"] or 0 for p in excellent}  # among equals, the higher score
    ranked = sorted((p for p in roll if p["事迹"]), key=lambda p: (-strength[p["姓名"]], -score[p["姓名"]]))
    chosen = {p["姓名"] for p in ranked[:SINGLED_OUT]}
    return bool(excellent) and all(p["事迹"] for p in excellent), [p for p in roll if p["姓名"] in chosen]
