"""The summary's 存在的问题 and 下一步工作打算 drawn from the data, for a unit whose
points sheet gives none (GENRE "True for every team": a small unit still gets complete
documents; never a problem the data does not show).

Each problem is one sentence stating a figure of the workbook; each plan answers a
problem found, so that the two sections of one summary agree; the one plan with no
problem is the year's assessment when no grades are recorded yet (a summary is written
before it as often as after), and the last, where there is room, next year's targets as
the plan states them. The points sheet's own
text, where given, is the clerk's and is used as written instead.
"""

from __future__ import annotations

from .amounts import num

MOST = 5  # problems, and plans, a summary lists
QUARTERLY = 4  # trainings a year below which the summary says there were few
HALF = 0.5  # a member's work, or a month's, below this share of the average is a problem worth saying
WEAK_GRADES = ("基本合格", "基本称职", "不合格", "不称职")


def _names(rows: list[dict], key: str = "部门") -> str:
    shown = list(dict.fromkeys(r[key] for r in rows if r[key]))
    return "、".join(shown[:3]) + ("等" if len(shown) > 3 else "")


def drawn(f: dict, has_work_sheet: bool) -> tuple[list[str], list[str]]:
    """(problems, plans) from the unit's figures ``f`` (the context under construction)."""
    problems: list[str] = []
    plans: list[str] = []
    year, plan_year = f["年度"], f["计划年度"]
    if not f["培训次数"]:
        problems.append("全年没有组织集中培训，队伍成员没有参训记录。")
    elif f["培训次数"] < QUARTERLY:
        problems.append(f"全年只组织培训{f['培训次数']}次、{f['培训学时']}学时，不到每季度一次，培训的频次还不够。")
    if f["培训次数"] < QUARTERLY and not f["培训计划"]:  # with a plan sheet, its own sentence says what is planned
        plans.append(f"按季度组织集中培训，{plan_year}年全年不少于{QUARTERLY}次，参训情况纳入年度考核。")
    absent = f["应参训人次"] - f["参训人次"]
    if f["培训次数"] and f["参训率"] != "" and f["参训率"] < 0.9 and absent > 0:
        problems.append(f"参训率为{num(f['参训率'] * 100)}%，有{absent}人次没有参加培训。")
        plans.append("每次培训前通知到人，缺训的安排补学，参训情况按月通报。")
    if not has_work_sheet:
        problems.append("队伍成员的日常工作量没有按月登记，工作情况缺少记录，考核缺少依据。")
        plans.append(f"从{plan_year}年1月起按月登记每名成员的工作量，作为年度考核的依据。")
    else:
        # measured over each member's own months on the team: a December joiner owes nothing yet
        idle = [r for r in f["名册"] if r["工作量"] and not any(w["合计"] for w in r["工作量"])
                and any(w["应有"] >= 1 for w in r["工作量"])]
        if idle:
            problems.append(f"有{len(idle)}名成员在队期间没有工作量记录。")
            plans.append("对全年没有工作量记录的成员逐一了解情况，仍不能履行职责的按程序调整。")
        low = [r for r in f["名册"] if any(w["合计"] and w["应有"] >= 1 and w["比值"] < HALF for w in r["工作量"])]
        if low:
            problems.append(f"有{len(low)}名成员的工作量不到同期本类成员人均的一半，队伍中工作量差距较大。")
            plans.append("每月通报各类成员的工作量，对不到本类人均一半的成员及时提醒。")
        # the main metric alone, with its unit: 条, 篇 and 次 are not added up
        months = {m["月份"]: x for m in f["月度工作"] for x in m["各项"] if x["指标"] == f["主要指标"]}
        if len(months) == 12 and min(x["合计"] for x in months.values()) < \
                sum(x["合计"] for x in months.values()) / 12 * HALF:
            quiet = min(sorted(months), key=lambda m: months[m]["合计"])
            low = months[quiet]
            # of the main metric only: another may have peaked that month
            said = f"没有{low['指标']}" if not low["合计"] else f"{low['指标']}只有{low['合计']}{low['单位']}，不到月均的一半"
            problems.append(f"各月{low['指标']}不够均衡，{quiet}月{said}。")
            plans.append(f"均衡安排各月{low['指标']}，{quiet}月等{low['指标']}较少的月份提前部署。")
        unrecorded = [c["类别"] for c in f["类别统计"]
                      if not any(r["工作量"] for r in f["名册"] if r["队伍类别"] == c["类别"])]
        if unrecorded:
            problems.append(f"{'、'.join(unrecorded)}的工作没有纳入工作量统计。")
            plans.append(f"为{'、'.join(unrecorded)}设定工作量指标，按月登记。")
    late = [f"{f[k + '超时数']}条超过时限才{k}" for k in ("上报", "回应") if f.get(k + "超时数")]
    if late:
        problems.append(f"舆情有{'、'.join(late)}，处置的时效性有待提高。")
        plans.append(f"严格执行舆情{'和'.join(k for k in ('上报', '回应') if f.get(k + '超时数'))}时限，超时的逐条说明原因。")
    if f.get("未办结数"):
        n = f["未办结数"]
        problems.append(f"截至年底尚有{n}条舆情未办结。")
        plans.append(f"对未办结的{n}条舆情{'逐条' if n > 1 else ''}跟踪，{plan_year}年一季度内办结。")
    if f.get("无审核人阵地"):
        names = "、".join(f"{x['平台']}“{x['名称']}”" for x in f["无审核人阵地"])
        problems.append(f"{names}尚未明确内容审核人。")
        plans.append(f"为{names}明确内容审核人，{plan_year}年3月底前完成。")
    if f["缺额合计"]:
        problems.append(f"按名额应配{f['名额合计']}名，尚有{f['缺额合计']}个名额未配齐（{_names(f['名额缺口'])}）。")
        plans.append(f"督促{_names(f['名额缺口'])}在{plan_year}年一季度内按名额推荐人选。")
    weak = [g for g in f["考核统计"] if g["等次"] in WEAK_GRADES]
    if weak:
        few = "个别成员" if sum(g["人数"] for g in weak) == 1 else "部分成员"
        problems.append(f"年度考核中{'、'.join(g['等次'] + str(g['人数']) + '名' for g in weak)}，{few}履职还不到位。")
        plans.append(f"对考核为{'、'.join(g['等次'] for g in weak)}的成员逐一谈话，帮助查找差距，限期改进。")
    if not f["考核统计"] and f["队伍人数"]:
        # a summary is often written before the assessment: no grades is a step to come, not a fault
        plans.append(f"按考核办法完成{year}年度考核，评定每名成员的等次，登记备查。")
    if f["工作目标"] and len(plans) < MOST:  # the plan's own targets: the summary and the plan agree
        plans.append(f"落实{plan_year}年度工作目标，{'；'.join(t['文字'] for t in f['工作目标'])}。")
    return problems[:MOST], plans[:MOST]
