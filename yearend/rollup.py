"""The roll-up's figures: several units' contexts in, the county office's variables out
(RollupContext), with the ranking and who leads and trails."""

from __future__ import annotations

import re
from collections import Counter

from .amounts import date_text, num, ratio
from .chinese import as_date
from .manifest import DeskState

ROLLUP_COLUMNS = ("队伍人数", "新增人数", "减少人数", "党员人数", "培训次数", "培训学时", "参训人次", "人均学时",
                  "参训率", "优秀人数")
_SUMMED = ("队伍人数", "新增人数", "减少人数", "党员人数", "培训次数", "培训学时", "参训人次", "优秀人数",
           "全年在队人数", "成员学时合计", "应参训人次")


NOT_ASSESSED = "—"  # a unit's 优秀人数 in the roll-up's table when its workbook grades nobody

# each unit's 舆情 figures in the roll-up, where it sent its 舆情台账 (汇总表.xlsx's second sheet)
OPINION_COLUMNS = ("舆情总数", "较大以上舆情数", "重大以上舆情数", "上报及时率", "回应及时率", "未办结数")


def _opinions(used: list[dict]) -> dict:
    """The 舆情 part of the roll-up: a row per unit with the sheet, the totals (rates over
    every unit's timed items, not an average of rates), who had 重大 items, who sent none."""
    with_sheet = [c for c in used if c.get("有舆情台账")]
    rows = [{"序号": i, "单位名称": c["单位名称"], **{k: c[k] for k in OPINION_COLUMNS if k in c},
             "重大以上舆情数": c["特别重大舆情数"] + c["重大舆情数"]} for i, c in enumerate(with_sheet, 1)]
    total: dict = {k: sum(r[k] for r in rows) for k in ("舆情总数", "较大以上舆情数", "重大以上舆情数", "未办结数")}
    for step in ("上报", "回应"):
        on_time = sum(c[step + "按时数"] for c in with_sheet)
        timed = on_time + sum(c[step + "超时数"] for c in with_sheet)
        total[step + "及时率"] = ratio(on_time, timed) if timed else ""
    return {
        "舆情单位列表": rows, "舆情合计": total,
        "重大舆情单位": "、".join(r["单位名称"] for r in rows if r["重大以上舆情数"]),
        "无舆情台账单位": "、".join(c["单位名称"] for c in used if not c.get("有舆情台账")) if rows else "",
    }


_PLACE = re.compile(r"^.*?(?=[县市区旗](?:委|人民政府|政府|党委))")


def same_body(name: str) -> str:
    """An issuing body without its county or city name: 青山县委宣传部 and 县委宣传部 are one body."""
    return _PLACE.sub("", name.strip())


def _ends(rows: list[dict], key: str) -> tuple[str, str]:
    """The units at the top and at the bottom by ``key``, each end decided alone: up to
    three (and no more than half the units), with every unit tied with the last of them
    (naming three of five units at 100% would single the others out); fewer when ties
    would make more, none when even one would (every unit at 100%: no top)."""
    half = len(rows) // 2
    ranked = sorted(rows, key=lambda r: (-r[key], r["序号"]))

    def end(order: list[dict], beyond) -> list[dict]:
        for n in range(min(3, half), 0, -1):
            tied = [r for r in order if not beyond(r[key], order[n - 1][key])]
            if len(tied) <= half:
                return tied
        return []

    top = end(ranked, lambda v, last: v < last)
    bottom = end(ranked[::-1], lambda v, last: v > last)[::-1]
    if {id(r) for r in top} & {id(r) for r in bottom}:
        return "", ""
    return "、".join(r["单位名称"] for r in top), "、".join(r["单位名称"] for r in bottom)


def rollup(contexts: list[dict], issuer: str = "", desk: list | None = None) -> tuple[dict, list[tuple[str, int]]]:
    """The roll-up variables over several units' contexts, and the (unit, year) pairs
    left out because their year is not the latest one; ``desk`` (desk.entries) names
    the units that could not be summed and why."""
    year = max(c["年度"] for c in contexts)
    used = [c for c in contexts if c["年度"] == year]
    left_out = [(c["单位名称"], c["年度"]) for c in contexts if c["年度"] != year]
    rows = [{"序号": i, "单位名称": c["单位名称"], **{k: c[k] for k in ROLLUP_COLUMNS}} for i, c in enumerate(used, 1)]
    for r, c in zip(rows, used, strict=True):
        # nobody graded: not assessed, which a 0 would misstate (the total still adds 0); a unit
        # carried from a run before 考核人数 was recorded keeps its figure
        if c.get("考核人数", 1) == 0:
            r["优秀人数"] = NOT_ASSESSED
    for r in rows:  # competition ranking: ties share a place, the next place is skipped
        r["排名"] = 1 + sum(1 for o in rows if o["人均学时"] > r["人均学时"])
    # listed by rank, as the 通报 says (ties in the order given: the list's, else the units')
    rows.sort(key=lambda r: (r["排名"], r["序号"]))
    for i, r in enumerate(rows, 1):
        r["序号"] = i
    total = {k: num(sum(c[k] for c in used)) for k in _SUMMED}
    total["人均学时"] = num(total["成员学时合计"] / total["全年在队人数"]) if total["全年在队人数"] else 0
    total["参训率"] = ratio(total["参训人次"], total["应参训人次"])
    team = Counter(c["队伍名称"] for c in used).most_common(1)[0][0]
    bodies = {same_body(c["上级单位"]) for c in used}
    superior = max((c["上级单位"].strip() for c in used), key=len) if len(bodies) == 1 and "" not in bodies else ""
    dates = [d for d in (as_date(c["成文日期"]) for c in used) if d]
    hours_top, hours_bottom = _ends(rows, "人均学时")
    rate_top, rate_bottom = _ends(rows, "参训率")
    return {
        "年度": year, "队伍名称": team, "成员称谓": team.removesuffix("队伍") or team, "单位数": len(used),
        "汇总单位": superior, "落款": issuer or superior, "成文日期": date_text(max(dates)) if dates else "",
        "人均学时前列": hours_top, "人均学时后列": hours_bottom, "参训率前列": rate_top, "参训率后列": rate_bottom,
        "未培训单位": "、".join(r["单位名称"] for r in rows if not r["培训次数"]),
        "单位列表": rows, "合计": total, **_opinions(used), **not_included(desk or [], left_out, len(contexts)),
    }, left_out


# why a unit is not in the roll-up, as the 通报 and 汇总表.xlsx say it
LEFT_OUT = {DeskState.NOT_SENT: "未报送", DeskState.UNREADABLE: "报送的文件无法读取",
            DeskState.ERRORS: "报送的数据有错误，待改正后补报"}
NOT_WRITTEN = "的文档未能写入，待重新生成"  # errors of ours (its folder refused), not of its data


def not_included(desk: list, left_out: list[tuple[str, int]], summed: int) -> dict:
    """The units the roll-up does not sum, each with why (those the desk did not build,
    then those of another year), and how many units there are in all (the desk's count,
    or the ``summed`` contexts' without one). ``desk``: desk.Entry records."""
    rows = [{"单位名称": e.name, "原因": NOT_WRITTEN if e.unit is not None and e.unit.figures else LEFT_OUT[e.state]}
            for e in desk if not e.included]
    rows += [{"单位名称": name, "原因": f"报送的是{year}年度数据"} for name, year in left_out]
    reasons: dict[str, list[str]] = {}
    for r in rows:
        reasons.setdefault(r["原因"], []).append(r["单位名称"])
    return {"应汇总单位数": len(desk) or summed, "未汇总单位": rows,
            "未汇总说明": "；".join(f"{'、'.join(names)}{why}" for why, names in reasons.items())}
