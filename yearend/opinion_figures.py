"""The 舆情 figures: the opinions sheet's items as template variables (counts by level,
source, category, month and department; timeliness against the limits; closing),
for the year and for the report's period (the year, or a quarter with --quarter),
each compared with the period before where it is known.

Every sentence the documents build from these is true to the items: a late one is
counted as late, one whose times cannot be compared is counted apart, and the
phrase "均按时" is produced only when every item of the step was timed and on time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from . import schema
from .amounts import date_text, num, ratio
from .opinions import (
    DEFAULT_LIMITS,
    LATE,
    MAJOR_AND_ABOVE,
    NOT_DONE,
    ON_TIME,
    REPORT,
    RESPOND,
    UNTIMED,
    day_of,
    duration,
    hours_text,
    step,
)
from .records import Opinion, UnitModel

KEY_ITEMS = 5
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


def _day(t: dt.date, year: int | None) -> str:
    """3月5日; with the year when it is not ``year`` (an item found on 12月27日 and closed on
    2026年1月5日: 1月5日 alone read as closed before it was found)."""
    return f"{t.month}月{t.day}日" if year is None or t.year == year else f"{t.year}年{t.month}月{t.day}日"


def _when(t: dt.date | None, year: int | None = None) -> str:
    """3月5日 9:30 (a date alone: 3月5日), as the ledger's cells write it (``_day``)."""
    if t is None:
        return ""
    day = _day(t, year)
    return f"{day} {t.hour}:{t.minute:02d}" if isinstance(t, dt.datetime) else day


def _clock_only(t: dt.date | None) -> str:
    """9:30 ("" for a date alone or none)."""
    return f"{t.hour}:{t.minute:02d}" if isinstance(t, dt.datetime) else ""


def item(i: int, o: Opinion, limits: dict[str, dict[str, float]]) -> dict:
    """One item as templates see it."""
    rep, rep_min = step(o, o.reported, limits[REPORT])
    res, res_min = step(o, o.responded, limits[RESPOND])
    year = o.found.year
    # closed after the year's end: open at its end, which the year's documents count (截至年底未办结)
    closed_on = day_of(o.closed) if o.closed is not None and o.closed.year <= year else None
    closed = closed_on is not None
    days = (closed_on - day_of(o.found)).days if closed_on is not None and not o.times_wrong else None
    record = {
        "序号": i, "发现时间": _when(o.found), "发现日期": date_text(day_of(o.found)),
        "月日": f"{o.found.month}月{o.found.day}日", "月份": o.found.month, "季度": (o.found.month - 1) // 3 + 1,
        "来源": o.source, "内容摘要": o.summary, "类别": o.category, "等级": o.level,
        "发现人": "、".join(o.finders), "发现人名单": list(o.credited), "涉及部门": o.department,
        "上报时间": _when(o.reported, year), "上报对象": o.report_to, "处置措施": o.measures,
        "回应时间": _when(o.responded, year), "回应方式": o.response,
        "回应": " ".join(x for x in (_when(o.responded, year), o.response) if x),
        "办结时间": _when(o.closed, year), "处置结果": o.result,
        "上报情况": rep, "上报用时": duration(rep_min), "回应情况": res, "回应用时": duration(res_min),
        "上报时限": hours_text(limits[REPORT][o.level]) if o.level in limits[REPORT] else "",
        "回应时限": hours_text(limits[RESPOND][o.level]) if o.level in limits[RESPOND] else "",
        "发现月日": _when(day_of(o.found)), "发现时刻": _clock_only(o.found),
        "上报月日": _when(day_of(o.reported), year) if o.reported else "", "上报时刻": _clock_only(o.reported),
        "回应月日": _when(day_of(o.responded), year) if o.responded else "", "回应时刻": _clock_only(o.responded),
        "已办结": closed, "办结天数": days if days is not None else "",
        "较大以上": o.level in MAJOR_AND_ABOVE,
    }
    record["经过"] = _story(o, record)
    record["简述"] = _brief(o, record)
    return record


def _clock(t: dt.date, year: int | None = None) -> str:
    """3月5日9时30分 (a date alone: 3月5日), as prose writes a moment (``_day``)."""
    day = _day(t, year)
    if not isinstance(t, dt.datetime):
        return day
    return f"{day}{t.hour}时" + (f"{t.minute:02d}分" if t.minute else "")


def _brief(o: Opinion, x: dict) -> str:
    """One item in one sentence, for the summary: 重大舆情“…”（3月5日，微博）：发现后3小时上报，
    超过1小时时限；…. It starts with the level, not the date, so that a list of them is
    numbered 1. 2. as every list at its level is."""
    steps = []
    if o.reported is None:
        steps.append("未记录上报时间")
    elif x["上报用时"]:
        steps.append(f"发现后{x['上报用时']}上报" + (f"，超过{x['上报时限']}时限" if x["上报情况"] == LATE else ""))
    else:
        steps.append(f"{_clock(o.reported, o.found.year)}上报")
    if o.responded is not None:
        steps.append(f"发现后{x['回应用时']}回应" + (f"，超过{x['回应时限']}时限" if x["回应情况"] == LATE else "")
                     if x["回应用时"] else f"{_clock(o.responded, o.found.year)}回应")
    steps.append(f"{_clock(o.closed, o.found.year)}办结" if o.closed is not None else "尚未办结")
    return f"{o.level}舆情“{o.summary}”（{x['月日']}，{o.source}）：{'；'.join(steps)}。"


def _story(o: Opinion, x: dict) -> str:
    """One item in a few sentences, from what its row gives and nothing else: when and
    where it appeared, what it was about, what was done, how fast, how it ended."""
    about = f"{o.level}{'，' + o.category + '类' if o.category else ''}"
    parts = [f"“{o.summary}”（{about}）。{_clock(o.found)}在{o.source}出现"
             + (f"，涉及{o.department}" if o.department else "") + "。"]
    steps = []
    if o.reported is not None:
        when = f"发现后{x['上报用时']}" if x["上报用时"] else _clock(o.reported, o.found.year)
        steps.append(f"{when}上报{o.report_to}" + ("，超过时限" if x["上报情况"] == LATE else ""))
    else:
        steps.append("台账未记录上报时间")
    if o.measures:
        steps.append(o.measures)
    if o.responded is not None:
        when = f"发现后{x['回应用时']}" if x["回应用时"] else _clock(o.responded, o.found.year)
        steps.append(f"{when}{'通过' + o.response if o.response else ''}作出回应"
                     + ("，超过时限" if x["回应情况"] == LATE else ""))
    parts.append("；".join(steps) + "。")
    if o.closed is not None:
        parts.append(f"{_clock(o.closed, o.found.year)}办结" + (f"，{o.result}" if o.result else "") + "。")
    else:
        parts.append("目前尚未办结。")
    return "".join(parts)


def _counts(items: list[dict], key: str, order: tuple[str, ...] = ()) -> list[dict]:
    """[{名称, 数量}] by ``key``, the known order first, then most to fewest (first met on a tie)."""
    c = Counter(x[key] for x in items if x[key])
    first = {k: i for i, k in reversed(list(enumerate(x[key] for x in items)))}
    rest = sorted((k for k in c if k not in order), key=lambda k: (-c[k], first[k]))
    return [{"名称": k, "数量": c[k]} for k in [*(k for k in order if k in c), *rest]]


def _timeliness(items: list[dict], which: str) -> dict:
    states = Counter(x[which + "情况"] for x in items)
    timed = states[ON_TIME] + states[LATE]
    done = len(items) - states[NOT_DONE]
    return {"按时": states[ON_TIME], "超时": states[LATE], "未计时": states[UNTIMED], "未记录": states[NOT_DONE],
            "完成": done, "及时率": ratio(states[ON_TIME], timed) if timed else "",
            "情况": _phrase(which, states[ON_TIME], states[LATE], states[UNTIMED], done, states[NOT_DONE])}


def _phrase(which: str, on_time: int, late: int, untimed: int, done: int, missing: int = 0) -> str:
    """上报 in words, true to the counts: 均在时限内上报 only when every one done was timed and
    on time; the items with no time of this step at all are said too."""
    if not done:
        return f"未记录{which}时间"
    if on_time == done:
        said = f"{done}条均在时限内{which}" if done > 1 else f"{'1条' if missing else ''}在时限内{which}"
    else:
        detail = [f"按时{on_time}条"] if on_time else []
        detail += [f"超过时限{late}条"] if late else []
        detail += [f"{untimed}条只记了日期、无法判断是否及时"] if untimed else []
        said = f"{which}{done}条，其中" + "，".join(detail)
    return said + (f"，另有{missing}条未记录{which}时间" if missing else "")


LATE_SHOWN = 5  # late steps named one by one; the rest are counted by level


def _late(items: list[dict]) -> list[str]:
    """Each late step in a sentence (3月5日的重大舆情（…）发现后3小时上报，超过1小时时限), the
    gravest first and at most LATE_SHOWN, then one sentence counting the rest by level."""
    rank = {level: i for i, level in enumerate(schema.OPINION_LEVELS)}
    late = [(x, which) for x in items for which in (REPORT, RESPOND) if x[which + "情况"] == LATE]
    shown = sorted(sorted(late, key=lambda p: rank.get(p[0]["等级"], 9))[:LATE_SHOWN], key=lambda p: p[0]["序号"])
    out: list[str] = []
    for i, (x, which) in enumerate(shown):
        if i and shown[i - 1][0] is x:
            continue  # said with its other step
        named = f"{x['月日']}的{x['等级']}舆情（{x['内容摘要']}）发现后"
        if i + 1 < len(shown) and shown[i + 1][0] is x:  # one item late on both steps: named once
            out.append(f"{named}{x[REPORT + '用时']}{REPORT}、{x[RESPOND + '用时']}{RESPOND}，"
                       f"分别超过{x[REPORT + '时限']}和{x[RESPOND + '时限']}时限")
        else:
            out.append(f"{named}{x[which + '用时']}{which}，超过{x[which + '时限']}时限")
    # counted by step (上报, 回应), not as one figure: 重大舆情28次 beside 21 重大 items read as an error
    rest = Counter((x["等级"], which) for x, which in late if (x, which) not in shown)
    levels = list(dict.fromkeys(level for level, _ in rest))
    if rest:
        out.append("另有" + "，".join(f"{level}舆情" + "、".join(f"{which}超时{rest[level, which]}次"
                                                            for which in (REPORT, RESPOND) if rest[level, which])
                                    for level in levels) + "，详见舆情台账")
    return out


def tally(items: list[dict]) -> dict:
    """The counts of a list of items (a year, a quarter)."""
    levels = Counter(x["等级"] for x in items)
    closed = [x["办结天数"] for x in items if x["已办结"] and x["办结天数"] != ""]
    report, respond = _timeliness(items, REPORT), _timeliness(items, RESPOND)
    return {
        "总数": len(items),
        **{lv: levels[lv] for lv in (*schema.OPINION_LEVELS, schema.UNGRADED)},
        "较大以上数": sum(levels[lv] for lv in MAJOR_AND_ABOVE),
        "重大以上数": levels["特别重大"] + levels["重大"],
        "上报": report, "回应": respond,
        "已办结数": sum(1 for x in items if x["已办结"]),
        "未办结数": sum(1 for x in items if not x["已办结"]),
        "平均办结天数": num(sum(closed) / len(closed)) if closed else "",
        "按等级": _counts(items, "等级", (*schema.OPINION_LEVELS, schema.UNGRADED)),
        "按来源": _counts(items, "来源"),
        "按类别": _counts(items, "类别"),
        "按部门": _counts(items, "涉及部门"),
        "较大以上": [x for x in items if x["较大以上"]],
        "未办结": [x for x in items if not x["已办结"]],
        "超时说明": _late(items),
    }


def limits_text(limits: dict[str, float]) -> str:
    """特别重大和重大舆情1小时内、较大舆情2小时内、一般舆情24小时内."""
    groups: dict[float, list[str]] = {}
    for level in schema.OPINION_LEVELS:
        groups.setdefault(limits[level], []).append(level)
    return "、".join(f"{'和'.join(levels)}舆情{hours_text(h)}内" for h, levels in groups.items())


def _compare(now: list[dict], before: list[dict] | None) -> list[dict]:
    """Each row of ``now`` with 上期 and 增减 (rows only the period before had, with 0 now)."""
    if before is None:
        return now
    prev = {r["名称"]: r["数量"] for r in before}
    out = [{**r, "上期": prev.get(r["名称"], 0), "增减": r["数量"] - prev.get(r["名称"], 0)} for r in now]
    out += [{"名称": k, "数量": 0, "上期": v, "增减": -v} for k, v in prev.items() if k not in {r["名称"] for r in now}]
    return out


def _top(rows: list[dict], key: str = "数量") -> tuple[str, int]:
    """The names (joined by 、) sharing the largest ``key`` of ``rows``, and that value."""
    best = max(r[key] for r in rows)
    return "、".join(r["名称"] for r in rows if r[key] == best), best


MIN_RISE = 2  # a rise of one item is no trend: a category or platform "grew most" from two


def _stands_out(rows: list[dict], key: str = "数量", least: int = 2) -> tuple[str, int] | None:
    """The names at the top of ``rows`` by ``key`` and that value, when the figures single
    them out: the value at least ``least`` and not shared by every row (two departments
    with two items each: neither "involved most")."""
    if not rows:
        return None
    names, best = _top(rows, key)
    if best < least or (len(rows) > 1 and all(r[key] == best for r in rows)):
        return None
    return names, best


def _judgement(t: dict, previous: str) -> list[str]:
    """研判: each sentence one computed figure (the biggest rise, the largest share, the
    department most involved, a category that recurs); nothing the data cannot carry.
    Where several share the top, all are named; where all share it, nothing is said."""
    out: list[str] = []
    total = t["总数"]
    for key, what, word in (("按类别", "类", "类别"), ("按来源", "", "来源")):
        rows = [r for r in t[key] if r["数量"] or r.get("上期")]
        if not rows:
            continue
        if previous and "增减" in rows[0]:
            rises = [r for r in rows if r["增减"] >= MIN_RISE]
            if rises:
                names, rise = _top(rises, "增减")
                each = "各" if "、" in names else ""
                out.append(f"从{word}看，与{previous}相比，{names}{what}舆情{each}增加{rise}条，增加最多。")
            elif all(r["增减"] <= 0 for r in rows):
                out.append(f"从{word}看，与{previous}相比各{word}舆情均未增加。")
            else:
                out.append(f"从{word}看，与{previous}相比各{word}舆情增加均不超过1条，变化不大。")
            continue
        top = _stands_out(rows)
        if top:
            names, most = top
            share = "" if "、" in names else f"，占{ratio(most, total):g}%"
            out.append(f"从{word}看，{names}{what}舆情最多，{'各' if '、' in names else '共'}{most}条{share}。")
    top = _stands_out(t["按部门"])
    if top:
        names, most = top
        out.append(f"从涉及部门看，涉及{names}的舆情最多，{'各' if '、' in names else '共'}{most}条。")
    if t["重复类别"]:
        names, months = _top(t["重复类别"], "月数")
        out.append(f"{names}类舆情在{months}个月份都有出现，具有反复性。")
    if t["上报"]["超时"] or t["回应"]["超时"]:
        steps = "、".join(s for s in (REPORT, RESPOND) if t[s]["超时"])
        late = t["上报"]["超时"] + t["回应"]["超时"]
        out.append(f"{steps}环节有{late}次超过时限，及时性还需提高。")
    return out


def _watch(t: dict) -> list[str]:
    """下一步: what to watch, from the figures above."""
    out = []
    # a category or platform is singled out only when the figures single it out (more than one item)
    categories = [r for r in t["按类别"] if r["数量"]]
    rises = [r for r in categories if r.get("增减", 0) >= MIN_RISE]
    top = (_top(rises, "增减") if rises else None) or _stands_out(categories)
    if top:
        out.append(f"加强对{top[0]}类舆情的监测研判，提前做好解释说明和政策宣传。")
    top = _stands_out([r for r in t["按来源"] if r["数量"]])
    if top:
        out.append(f"把{top[0]}作为重点监测平台，做到早发现、早报告。")
    if t["上报"]["超时"] or t["回应"]["超时"]:
        out.append("严格执行上报和回应时限，对超时情况逐条分析原因，明确责任人。")
    if t["上报"]["未计时"] or t["回应"]["未计时"]:
        out.append("规范舆情台账登记，发现、上报、回应时间精确到分钟。")
    if t["未办结数"]:
        out.append(f"跟踪{t['未办结数']}条未办结舆情，办结后及时归档。")
    return out


def _recurring(items: list[dict], least: int) -> list[dict]:
    months: dict[str, set[int]] = {}
    for x in items:
        if x["类别"]:
            months.setdefault(x["类别"], set()).add(x["月份"])
    rows = [{"名称": k, "月数": len(v)} for k, v in months.items() if len(v) >= least]
    return sorted(rows, key=lambda r: -r["月数"])


def period(items: list[dict], before: list[dict] | None, name: str, previous: str, months: range) -> dict:
    """The report's period: its tally, compared with the period before when ``before`` is known."""
    t = tally(items)
    t["重复类别"] = _recurring(items, 3)  # in three months or more: a quarter's every month
    t["报告期"] = name
    t["上期"] = previous if before is not None else ""
    t["上期总数"] = len(before) if before is not None else ""
    t["增减"] = len(items) - len(before) if before is not None else ""
    if before is not None:
        b = tally(before)
        for key in ("按等级", "按来源", "按类别"):
            t[key] = _compare(t[key], b[key])
        t["上期较大以上数"] = b["较大以上数"]
    month_counts = Counter(x["月份"] for x in items)
    t["按月份"] = [{"月份": m, "数量": month_counts[m]} for m in months]
    t["研判"] = _judgement(t, t["上期"])
    t["关注"] = _watch(t)
    return t


def _order(o: Opinion) -> tuple:
    """By 发现时间 (a date alone before that day's times), then by row."""
    return day_of(o.found), o.found.time() if isinstance(o.found, dt.datetime) else dt.time(), o.row


def _report_date(signed: dt.date, year: int, quarter: int | None) -> dt.date:
    """The report's date: the unit's 成文日期, unless a quarter's report would then be dated
    outside the quarter's last month and the month after (a year-end date on the first quarter's
    report): then the quarter's last day, the day its figures run to."""
    if not quarter:
        return signed
    start = dt.date(year, 3 * quarter, 1)
    end = dt.date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - dt.timedelta(days=1)
    return signed if start <= signed <= end + dt.timedelta(days=31) else end


def opinion_figures(model: UnitModel, previous: UnitModel | None, quarter: int | None) -> dict:
    """Every 舆情 variable of one unit: the year's scalars and tables, and 舆情报告 (the period)."""
    limits = model.limits or DEFAULT_LIMITS
    year = model.year
    items = [item(i, o, limits) for i, o in enumerate(sorted(model.opinions, key=_order), 1)]
    t = tally(items)
    has = "opinions" in model.tables
    prev_items = None
    if previous is not None and "opinions" in previous.tables and not previous.has_errors:
        prev_limits = previous.limits or DEFAULT_LIMITS
        prev_items = [item(i, o, prev_limits) for i, o in enumerate(sorted(previous.opinions, key=_order), 1)]
    signed = model.unit.date if model.unit else None
    dated = _report_date(signed or dt.date(year, 12, 31), year, quarter)
    if quarter:
        name = f"{year}年{QUARTERS[quarter - 1]}"
        # as the report's date knows them: an item closed after it is open there (a first quarter's
        # report dated 31 March does not count as closed what was closed in May)
        now = [item(x["序号"], replace(o, closed=None), limits) if o.closed and day_of(o.closed) > dated else x
               for x, o in zip(items, sorted(model.opinions, key=_order), strict=True) if x["季度"] == quarter]
        before: list[dict] | None
        if quarter > 1:
            before, before_name = [x for x in items if x["季度"] == quarter - 1], QUARTERS[quarter - 2]
        else:
            before = [x for x in prev_items if x["季度"] == 4] if prev_items is not None else None
            before_name = f"{year - 1}年第四季度"
        report = period(now, before, name, before_name, range(3 * quarter - 2, 3 * quarter + 1))
    else:
        report = period(items, prev_items, f"{year}年度", f"{year - 1}年", range(1, 13))
    report["成文日期"] = date_text(dated)
    top = {key: (_top(t[key])[0] if t[key] else "") for key in ("按来源", "按类别", "按部门")}
    # the summary's cases: the 较大 and above, at most KEY_ITEMS, the late, the open and the gravest
    # first, then by date
    rank = {level: i for i, level in enumerate(schema.OPINION_LEVELS)}
    key_items = sorted(t["较大以上"], key=lambda x: (LATE not in (x["上报情况"], x["回应情况"]), x["已办结"],
                                                   rank[x["等级"]]))
    shown = len(key_items) if len(key_items) <= KEY_ITEMS + 2 else KEY_ITEMS  # "其余2条见台账" saves nothing
    key_items = sorted(key_items[:shown], key=lambda x: x["序号"])
    scalars = {
        "有舆情台账": has,
        "报告期": report["报告期"],
        "舆情总数": t["总数"], "特别重大舆情数": t["特别重大"], "重大舆情数": t["重大"], "较大舆情数": t["较大"],
        "一般舆情数": t["一般"], "未分级舆情数": t[schema.UNGRADED], "较大以上舆情数": t["较大以上数"],
        "上报按时数": t[REPORT]["按时"], "上报超时数": t[REPORT]["超时"], "上报未计时数": t[REPORT]["未计时"],
        "上报及时率": t[REPORT]["及时率"], "上报及时情况": t[REPORT]["情况"] if has else "",
        "回应按时数": t[RESPOND]["按时"], "回应超时数": t[RESPOND]["超时"], "回应未计时数": t[RESPOND]["未计时"],
        "回应及时率": t[RESPOND]["及时率"], "回应及时情况": t[RESPOND]["情况"] if has else "",
        "已办结数": t["已办结数"], "未办结数": t["未办结数"], "平均办结天数": t["平均办结天数"],
        "舆情最多来源": top["按来源"], "舆情最多类别": top["按类别"], "舆情最多部门": top["按部门"],
        "上报时限": limits_text(limits[REPORT]), "回应时限": limits_text(limits[RESPOND]),
    }
    tables = {
        "舆情列表": items, "按等级": t["按等级"], "按来源": t["按来源"], "按类别": t["按类别"], "按部门": t["按部门"],
        "按月份": [{"月份": m, "数量": sum(1 for x in items if x["月份"] == m)} for m in range(1, 13)],
        "较大以上": t["较大以上"], "重点舆情": key_items, "其他超时说明": _late([x for x in items if x not in key_items]),
        "未办结": t["未办结"], "超时说明": t["超时说明"], "舆情报告": report,
    }
    return {**scalars, **tables}


def by_member(items: list[dict]) -> dict[str, list[dict]]:
    """Each member's items (as one of its finders), in the items' order."""
    out: dict[str, list[dict]] = {}
    for x in items:
        for name in x["发现人名单"]:
            out.setdefault(name, []).append(x)
    return out
