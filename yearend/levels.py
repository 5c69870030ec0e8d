"""What each category of member does, and at what level (GENRE "True for every team").

A work metric belongs to the categories whose members report it: a category whose
members all have zero for it does not own it, and a metric nobody reported belongs to
no one and is left out of every document. Averages, next year's targets, a member's
rank and their strongest figure are taken within the member's own category, so a
新闻通讯员 is never set 发帖 targets and a 网络评论员 is never told 采写稿件0篇.

A target is the category's level this year, stated at or below it (one decimal, cut,
never rounded up; per quarter or per year when the monthly level is below one), so a
sentence saying it rests on this year's 人均水平 is true by construction.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
from dataclasses import dataclass

from .amounts import num
from .records import Member

PERIODS = (("每月", 1), ("每季度", 3), ("全年", 12))


# a work sheet's few headers, asked for each member's each figure (a county's units: a tenth
# of working out the context)
@functools.lru_cache(maxsize=1024)
def metric_name(header: str) -> str:
    return header.split("（")[0].split("(")[0].strip() or header


@functools.lru_cache(maxsize=1024)
def metric_unit(header: str) -> str:
    """发帖（条） → 条; a metric with no unit in its header counts items: 条."""
    for open_, close in (("（", "）"), ("(", ")")):
        if open_ in header and close in header:
            return header.split(open_, 1)[1].split(close, 1)[0].strip() or "条"
    return "条"


def months_on(m: Member, year: int) -> list[int]:
    """The months of ``year`` the member was on the team (a month counts when they were on it on its 15th)."""
    return [month for month in range(1, 13) if m.on_team_on(dt.date(year, month, 15))]


def months_on_team(m: Member, year: int) -> int:
    return len(months_on(m, year))


@dataclass(frozen=True)
class Level:
    """One work metric as one category did it this year."""

    metric: str  # the work sheet's header: 发帖（条）
    category: str
    months: int  # its members' months on the team, together (leavers' included: see counted)
    total: float

    @property
    def name(self) -> str:
        return metric_name(self.metric)

    @property
    def unit(self) -> str:
        return metric_unit(self.metric)

    def target(self) -> dict | None:
        """Next year's target at this year's level: the first period in which the level
        reaches one, cut (not rounded) to one decimal; None when even a year's is below one."""
        if not self.months:
            return None
        monthly = self.total / self.months
        for period, factor in PERIODS:
            value = math.floor(monthly * factor * 10 + 1e-9) / 10
            if value >= 1:
                return {"指标": self.name, "周期": period, "数量": num(value), "单位": self.unit,
                        "水平": monthly * factor}
        return None


def counted(m: Member, year: int, by_person: dict) -> bool:
    """Whether the member counts in their category's level: a member on the team at year end
    does (with no row in the work sheet, as doing none of it: the summary names them as
    idle), a leaver only with a row. A leaver nobody recorded is unknown, not zero: counted,
    their months set next year's targets below what every recorded member did."""
    return m.name in by_person or m.at_year_end(year)


def levels(team_year: list[Member], metrics: list[str], by_person: dict[str, dict[str, float]],
           categories: list[str], months: dict[str, int]) -> dict[str, list[Level]]:
    """Each category's metrics (those its members reported), in the work sheet's order;
    ``months``: each member's months on the team. ``team_year``: the members counted (see
    counted)."""
    found: dict[str, list[Level]] = {}
    for c in categories:
        people = [m for m in team_year if m.category == c]
        served = sum(months.get(m.name, 0) for m in people)
        for k in metrics:
            total = sum(by_person.get(m.name, {}).get(k, 0) for m in people)
            if total > 0:
                found.setdefault(c, []).append(Level(k, c, served, total))
    return found


def goals(items: list[dict]) -> str:
    """Targets in words, the period said once for a run that shares it: 每月发帖不少于4条、跟帖不少于8条."""
    return "、".join(f"{t['周期'] if i == 0 or items[i - 1]['周期'] != t['周期'] else ''}"
                    f"{t['指标']}不少于{t['数量']}{t['单位']}" for i, t in enumerate(items))


def targets(owned: dict[str, list[Level]], one_category: bool) -> list[dict]:
    """Next year's targets, one entry a category: 类别, 指标 (each target) and 文字, the
    sentence that states them (每名网络评论员每月发帖不少于4.4条、每季度…)."""
    out = []
    for c, lv in owned.items():
        items = [t for t in (x.target() for x in lv) if t]
        if not items:
            continue
        who = "每名成员" if one_category else f"每名{c}"
        text = goals(items)
        out.append({"类别": c, "指标": items, "文字": who + text})
    return out


class Peers:
    """The members each category's level counts (``counted``), month by month: what a member's
    figure is set against over their own months. A member on the team part of the year is set
    against the same months (同期: the category's work in those months over its members then,
    times the member's months); one on it all year against the plain average of the
    category's members on it all year (全年在队的, when others were on it part of the year),
    or, with no other such member, the category's level over a full year (按在队时间折算的).
    Each category's months are added up once, when first asked for."""

    def __init__(self, members: list[Member], year: int, by_person_month: dict[str, dict[int, dict[str, float]]],
                 in_year: dict[str, int]):
        self.members, self.year, self.work = members, year, by_person_month
        self.in_year = in_year  # each category's members on the team at any time in the year
        self._on = {id(m): months_on(m, year) for m in members}  # each member's months, found once
        self._sums: dict[tuple[str, str], tuple[list[float], list[int], list[float], int]] = {}

    def counts(self, m: Member) -> bool:
        """Whether ``m`` is one of the members counted (``counted``)."""
        return id(m) in self._on

    def months_of(self, m: Member) -> list[int]:
        """The months of the year ``m`` was on the team (months_on; found once for those counted)."""
        on = self._on.get(id(m))
        return months_on(m, self.year) if on is None else on

    def _summed(self, category: str, metric: str) -> tuple[list[float], list[int], list[float], int]:
        key = (category, metric)
        if key not in self._sums:
            totals, counts, full, n = [0.0] * 13, [0] * 13, [], 0
            for p in self.members:
                if p.category != category:
                    continue
                n += 1
                work = self.work.get(p.name, {})
                on = self._on[id(p)]
                for mo in on:
                    counts[mo] += 1
                    totals[mo] += work.get(mo, {}).get(metric, 0)
                if len(on) == 12:
                    full.append(sum(v.get(metric, 0) for v in work.values()))
            self._sums[key] = totals, counts, full, n
        return self._sums[key]

    def average(self, category: str, metric: str, own: list[int]) -> tuple[float, str]:
        """(the average for ``own`` months, how a sentence names it: "", 全年在队的, 按在队时间折算的, 同期)."""
        totals, counts, full, n = self._summed(category, metric)
        if len(own) == 12 and full and len(full) == n:
            return sum(full) / n, ""
        if len(own) == 12 and len(full) > 1:
            return sum(full) / len(full), "全年在队的"
        served = sum(counts[mo] for mo in own)
        level = sum(totals[mo] for mo in own) / served * len(own) if served else 0.0
        return level, "按在队时间折算的" if len(own) == 12 else "同期"


def own_metrics(m: Member, owned: dict[str, list[Level]], by_person: dict[str, dict[str, float]],
                team: list[Member], peers: Peers, standings: dict | None = None) -> list[dict]:
    """The member's figures for their category's metrics, each against the category's average
    over the member's own months (Peers.average: 应有, printed as 同类人均 with 口径 naming
    it), and the member's rank among the category's year-end members by their totals (1 is the
    most; 并列 when shared). ``standings``: a dict kept across one team's members, where each
    category's totals are sorted once (ranking each member against every other took seconds
    for a team of thousands)."""
    standings = {} if standings is None else standings
    own = peers.months_of(m)

    out = []
    for lv in owned.get(m.category, []):
        mine = by_person.get(m.name, {}).get(lv.metric, 0)
        expected, named = peers.average(m.category, lv.metric, own)
        key = (m.category, lv.metric)
        if key not in standings:
            standings[key] = sorted(by_person.get(p.name, {}).get(lv.metric, 0) for p in team if p.category == m.category)
        totals = standings[key]
        above = bisect.bisect_right(totals, mine)
        rank = 1 + len(totals) - above  # the peers with more, plus one
        out.append({"指标": lv.name, "合计": num(mine), "单位": lv.unit, "队伍人均": num(expected),
                    "同类人均": num(expected), "口径": named, "排名": rank, "同类人数": len(totals),
                    "类别": lv.category, "并列": above - bisect.bisect_left(totals, mine) > 1,
                    "年内同类人数": peers.in_year.get(m.category, len(totals)),
                    "全年在队": len(own) == 12, "比值": mine / expected if expected else 0.0, "应有": expected})
    return out
