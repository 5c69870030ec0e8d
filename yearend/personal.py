"""A member's own year in words: the paragraphs of their personal summary and their
line of deeds in the commendation (GENRE "True for every team").

Every sentence here comes from the member's own record: their category's metrics and
their rank among its members, their hours against the team's, the trainings they
missed by name, their own 舆情 items, their grade, and next year's targets for their
category. Wordings are chosen by the data, never at random, and each sentence carries
something of the member's own (a figure, a department, a date), so that across one
unit no sentence but the opening formula stands in more than a third of the summaries.

Written here rather than in the template because the choice between wordings turns on
comparisons (above or below the category's average, the weakest of several figures)
that would make the template's Jinja unreadable; the clerk and the member reword the
generated document, not this code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .amounts import num
from .levels import PERIODS
from .opinions import LATE
from .schema import is_party_member

# what a category's member does well, in a clause (the default for any other category)
CONDUCT = {
    "网络评论员": "在网上发声坚持正确立场，做到有理有据、不说过头话",
    "新闻通讯员": "采写稿件坚持实事求是，数字和事实核实后再报送",
    "网络信息员": "对网上信息注意甄别核实，做到不信谣、不传谣、不擅自发布",
    "网络文明志愿者": "带头文明上网，自觉传播正面信息",
}
TIER_ROLE = {"核心": "作为核心成员，注意在研判和指导上发挥作用", "骨干": "作为骨干成员，注意带动身边的成员"}
# the words of a training topic that tie it to a category's work
TOPIC_WORDS = {
    "网络评论员": ("评论", "舆情", "引导", "写作"),
    "新闻通讯员": ("新闻", "写作", "稿件", "传播", "新媒体", "短视频", "宣传"),
    "网络信息员": ("舆情", "信息", "研判", "应对", "处置"),
    "网络文明志愿者": ("文明", "志愿", "安全", "传播"),
}
POLITICAL = ("意识形态", "政治", "理论", "党", "保密", "法治", "法规")
SHOWN_TOPICS = 5  # the topics a summary names; more are counted
# a figure is above (merit) or below (a weakness) the average only beyond 5%; within it, 基本持平
STRONG, WEAK = 1.05, 0.95
QUALITY = {"网络评论员": "评论的深度和针对性", "新闻通讯员": "稿件的质量和时效", "网络信息员": "信息研判的准确性",
           "网络文明志愿者": "志愿服务的覆盖面"}


@dataclass
class Team:
    """What a member's year is measured against."""

    year: int
    short: str  # 我局
    average_hours: float
    trainings: int
    average_found: float  # 舆情 items per member of the year's team
    targets: dict[str, list[dict]] = field(default_factory=dict)  # category → its targets
    plan_count: int = 0
    plan_hours: float | str = 0


def _since(r: dict, year: int) -> str:
    if r["年内入队"]:
        return f"今年{r['入队月份']}月入队以来"
    if r["入队年份"]:
        return f"{'去年' if r['入队年份'] == year - 1 else str(r['入队年份']) + '年'}{r['入队月份']}月入队以来"
    return "一年来"


def _span(r: dict) -> str:
    return "入队以来" if r["年内入队"] else "全年"


def _topic_for(r: dict) -> str:
    """The attended training closest to the member's category (the first attended without one)."""
    topics = r["培训主题"]
    words = TOPIC_WORDS.get(r["队伍类别"], ())
    return next((t for t in topics if any(w in t for w in words)), topics[0] if topics else "")


def _compare(mine: float, average: float, unit: str) -> str:
    if mine > average * STRONG:
        return f"高于队伍人均{num(average)}{unit}"
    if mine < average * WEAK:
        return f"低于队伍人均{num(average)}{unit}"
    return f"与队伍人均{num(average)}{unit}基本持平"


def _figure(w: dict) -> str:
    return f"{w['指标']}{w['合计']}{w['单位']}"


def _standing(w: dict) -> str:
    """Where a figure stands among the category's members: the rank in the top third of a
    category of three or more, else against its average."""
    if w["同类人数"] >= 3 and w["合计"] and w["排名"] <= max(1, w["同类人数"] // 3):
        return f"在{w['同类人数']}名{w['类别']}中居第{w['排名']}位"
    if w["比值"] > STRONG:
        return f"高于{w['类别']}人均{w['同类人均']}{w['单位']}"
    if w["比值"] < WEAK:
        return f"低于{w['类别']}人均{w['同类人均']}{w['单位']}"
    return f"与{w['类别']}人均{w['同类人均']}{w['单位']}基本持平"


def strengths(r: dict, team: Team) -> list[tuple[float, str]]:
    """The member's figures above the team's (ratio to the average, the phrase), strongest first."""
    out: list[tuple[float, str]] = []
    for w in r["工作量"]:
        if w["合计"] and w["比值"] > STRONG:
            out.append((w["比值"], f"{_figure(w)}，{_standing(w)}"))
    if r["发现舆情数"] and team.average_found and r["发现舆情数"] > team.average_found * STRONG:
        major = f"，其中较大及以上{r['发现较大以上数']}条" if r["发现较大以上数"] else ""
        out.append((r["发现舆情数"] / team.average_found, f"发现并报告网络舆情{r['发现舆情数']}条{major}"))
    if r["学时"] and team.average_hours and r["学时"] > team.average_hours * STRONG:
        out.append((r["学时"] / team.average_hours,
                    f"参加培训{r['参训次数']}次、{r['学时']}学时（队伍人均{num(team.average_hours)}学时）"))
    return sorted(out, key=lambda x: -x[0])


def weakness(r: dict, team: Team) -> tuple[str, str] | None:
    """The member's weakest figure against the team, or None: (the phrase that states it,
    the short name of what it measures, for the grade's sentence)."""
    found: list[tuple[float, str, str]] = []
    for w in r["工作量"]:
        average = f"{w['类别']}人均{w['同类人均']}{w['单位']}"
        if not w["合计"]:
            found.append((0.0, f"全年没有{w['指标']}记录（{average}），日常工作的主动性还不够", f"{w['指标']}（没有记录）"))
        elif w["比值"] < WEAK:
            found.append((w["比值"], f"{_figure(w)}，低于{average}，日常工作的主动性还不够",
                          f"{w['指标']}数量（{w['合计']}{w['单位']}）"))
    if (r["参训次数"] or r["缺训"]) and team.average_hours and r["学时"] < team.average_hours * WEAK:
        found.append((r["学时"] / team.average_hours,
                      f"参训{r['学时']}学时，低于队伍人均{num(team.average_hours)}学时，学习的系统性还不够",
                      f"参训学时（{r['学时']}学时）"))
    late = [x for x in r["发现舆情"] if x["上报情况"] == LATE]
    if late:
        x = late[0]
        more = f"，全年共{len(late)}条超时" if len(late) > 1 else ""
        found.append((0.5, f"{x['月日']}发现的“{x['内容摘要']}”上报用时{x['上报用时']}，超过{x['上报时限']}的时限{more}，"
                           "报告的时效性还不够", f"舆情上报的时效（{x['月日']}发现的一条超时{more}）"))
    if r["工作量"] and 0 < r["有工作量月数"] < r["在队月数"] - 2:
        found.append((r["有工作量月数"] / max(1, r["在队月数"]),
                      f"在队{r['在队月数']}个月中只有{r['有工作量月数']}个月有工作量记录，工作的经常性还不够",
                      f"工作的经常性（{r['有工作量月数']}个月有记录）"))
    if not found:
        return None
    _, phrase, label = min(found, key=lambda x: x[0])
    return phrase, label


def summary(r: dict, team: Team) -> dict[str, str]:
    """The paragraphs of the member's personal summary, by heading ("" leaves a section out)."""
    category, dept = r["队伍类别"], r["部门"]
    if "预备" in r["政治面貌"]:
        party = "本人作为中共预备党员，按照党员标准严格要求自己，"
    elif is_party_member(r["政治面貌"]):
        party = "本人以党员标准要求自己，"
    else:
        party = "本人"
    political = next((t for t in r["培训主题"] if any(w in t for w in POLITICAL)), "")
    thought = [f"{_since(r, team.year)}，{party}认真学习党的路线方针政策和网络管理有关规定"
               + (f"，参加了“{political}”专题培训" if political else "") + "。"]
    role = TIER_ROLE.get(r["层级"], "")
    # where the member works, as the summary names it: 在计财股科员岗位上, 在办公室的工作中; the
    # unit's head works for the whole unit, whichever department the roster files them under
    place = "" if r["领导小组职务"] == "组长" else dept
    post_at = f"{place}{r['职务']}岗位上" if r["职务"] else f"{dept or team.short}的工作中"
    where = f"在{post_at}，本人"
    conduct = CONDUCT.get(category, f"认真履行{category}职责，遵守工作纪律和保密规定")
    thought.append(f"{where}{conduct}{'；' + role if role else ''}。")
    out = {"思想认识": "".join(thought), "学习培训": "", "工作开展": "", "舆情信息": "", "考核情况": "", "不足和打算": ""}

    if r["参训次数"]:
        topic = _topic_for(r)
        topics = r["培训主题"]
        listed = "".join(f"“{t}”" for t in topics[:SHOWN_TOPICS]) + (f"等{len(topics)}个专题" if len(topics) > SHOWN_TOPICS else "")
        learn = (f"{_span(r)}参加培训{r['参训次数']}次、{r['学时']}学时，{_compare(r['学时'], team.average_hours, '学时')}，"
                 f"内容包括{listed}；"
                 f"其中“{topic}”与本人作为{r['层级']}{category}的工作结合最紧"
                 f"{'，对做好' + place + r['职务'] + '岗位上的工作也有帮助' if r['职务'] else ''}。")
        missed = r["缺训"]
        if missed:
            named = "、".join(f"{x['月日']}“{x['主题']}”" for x in missed[:3])
            more = f"等{len(missed)}次" if len(missed) > 3 else ""
            learn += f"{named}{more}培训本人未能参加，相关内容需要补学。"
        out["学习培训"] = learn
    elif r["缺训"]:  # due for trainings, attended none (a December joiner was due for none)
        more = f"等{len(r['缺训'])}次" if len(r["缺训"]) > 3 else ""
        out["学习培训"] = (f"{_span(r)}队伍组织的{'、'.join(x['主题'] for x in r['缺训'][:3])}{more}培训"
                           "本人都没有参加，这是今后要补上的。")

    if r["工作量"]:
        figures = "、".join(f"{_figure(w)}（{_standing(w)}）" for w in r["工作量"])
        work = f"{_span(r)}完成{figures}"
        if r["工作最多月份"]:
            work += (f"，{r['工作最多月份']}月完成最多、{r['工作最少月份']}月最少，在队{r['在队月数']}个月中有"
                     f"{r['有工作量月数']}个月有工作量记录。")
        elif all(not w["合计"] for w in r["工作量"]):
            work = f"本人{_span(r)}没有{'、'.join(w['指标'] for w in r['工作量'])}的工作量记录。"
        else:
            work += "。"
        out["工作开展"] = work

    if r["发现舆情数"]:
        sources = list(dict.fromkeys(x["来源"] for x in r["发现舆情"] if x["来源"]))
        text = f"{_span(r)}发现并报告涉及{team.short}的网络舆情{r['发现舆情数']}条"
        text += f"（来自{'、'.join(sources[:3])}{'等' if len(sources) > 3 else ''}）" if sources else ""
        if r["发现较大以上"]:
            cases = "、".join(f"{x['月日']}“{x['内容摘要']}”" for x in r["发现较大以上"])
            more = "等" if r["发现较大以上数"] > len(r["发现较大以上"]) else ""
            text += f"，其中较大及以上{r['发现较大以上数']}条（{cases}{more}）"
        late = r["上报超时数"]
        text += f"，有{late}条超过时限才上报。" if late else "，均在时限内上报。" if r["上报计时数"] else "。"
        out["舆情信息"] = text

    weak = weakness(r, team)
    strong = strengths(r, team)
    if r["等次"]:
        grade = f"在{team.year}年度考核中，本人被评为“{r['等次']}”等次{('，得分' + str(r['得分']) + '分') if r['得分'] != '' else ''}"
        quality = QUALITY.get(category, "工作的质量")
        if r["等次"] == "优秀" and strong:
            grade += f"，这是对本人{strong[0][1].replace('，', '、')}的肯定。"
        elif r["等次"] == "优秀":
            grade += f"，本人将珍惜荣誉，在{post_at}继续做好{category}工作。"
        elif weak:
            grade += f"，与优秀等次相比，差距主要在{weak[1]}。"
        else:
            grade += f"，与优秀等次相比，本人在{post_at}承担{category}工作，{quality}还有差距。"
        out["考核情况"] = grade

    if weak:
        lacking = f"回顾一年的工作，本人的不足主要是{weak[0]}。"
    elif strong:
        lacking = (f"回顾一年的工作，本人{strong[-1][1]}，但在{post_at}做好{category}工作，"
                   f"{QUALITY.get(category, '工作的质量')}还有提高的空间。")
    else:
        lacking = f"回顾一年的工作，本人在{post_at}做好{category}工作，{QUALITY.get(category, '工作的质量')}还有提高的空间。"
    out["不足和打算"] = lacking + _plans(r, team, post_at)
    return out


def _plans(r: dict, team: Team, post_at: str) -> str:
    """Next year's intent: the category's targets from the member's own figure, the
    training plan and the trainings to make up."""
    plan_year = team.year + 1
    mine = {w["指标"]: w for w in r["工作量"]}
    parts = []
    months = max(1, r["在队月数"])
    for t in team.targets.get(r["队伍类别"], [])[:2]:
        own = mine.get(t["指标"])
        goal = f"{t['周期']}{t['指标']}不少于{t['数量']}{t['单位']}"
        if own is None or not own["合计"]:
            parts.append(f"按照{goal}的目标完成任务")
        elif own["合计"] / months * dict(PERIODS)[t["周期"]] >= t["水平"]:
            quiet = (f"，像{r['工作最多月份']}月那样保持劲头，{r['工作最少月份']}月这样的淡月也不放松"
                     if r["工作最少月份"] else "")
            parts.append(f"保持今年{t['指标']}{own['合计']}{t['单位']}的水平，完成{goal}的目标{quiet}")
        else:
            parts.append(f"在今年{t['指标']}{own['合计']}{t['单位']}的基础上，达到{goal}的目标")
    if team.plan_count:
        parts.append(f"按计划参加{team.plan_count}次、{team.plan_hours}学时的集中培训")
    if r["缺训"]:
        parts.append(f"补上今年缺席的“{r['缺训'][0]['主题']}”等内容")
    if not parts:
        aim = {"优秀": "，保持优秀等次", "": ""}.get(r["等次"], "，争取年度考核评为优秀")
        party = ("争取按期转为正式党员，" if "预备" in r["政治面貌"]
                 else "以党员标准严格要求自己，" if is_party_member(r["政治面貌"]) else "")
        parts.append(f"{party}按时参加培训，在{post_at}做好{r['队伍类别']}工作{aim}")
    return f"{plan_year}年，本人将" + "，".join(parts) + "。"


def deeds(r: dict, team: Team) -> str:
    """The honouree's line of deeds: their two strongest figures above the team's; none
    at or below the average is presented as merit (the line is then empty)."""
    return "，".join(phrase for _, phrase in strengths(r, team)[:2])
