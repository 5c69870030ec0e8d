"""The typed records a workbook becomes: a unit, its members, trainings, work, grades,
plan, quotas; and ``UnitModel``, one workbook's whole content with its problems."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .errors import ERROR, Problem


@dataclass
class Unit:
    name: str
    year: int
    team: str = schema.DEFAULT_TEAM_NAME
    superior: str = ""
    doc_number: str = ""
    date: dt.date | None = None
    signatory: str = ""
    contact: str = ""
    phone: str = ""
    office: str = ""
    short: str = ""  # how it calls itself (我局); "" when its name decides (chinese.self_name)
    basis: str = ""  # the document its plan rests on
    decider: str = ""  # who decides a commendation (局党组)
    honour_number: str = ""  # the commendation's 文号
    reviewer: str = ""  # 审核人 of the ledger
    report_limits: str = ""  # 上报时限 as written (重大1小时，较大2小时，一般24小时)
    in_charge: str = ""  # 分管领导: who carries the 直接责任 (a name, or a post and name)
    ideology_number: str = ""  # 责任制文号: the responsibility plan is then issued by a notice of its own


# posts that are a department's, not the unit's: heads and deputies of an office, and its staff
OFFICE_HEAD = re.compile(r"(副?)([科股所站部处队室])(副?主任)")  # 科主任: the head of a 科, which the department names
DEPARTMENT_POSTS = re.compile(
    r"副?(主任|科长|股长|所长|站长|部长|处长|队长|组长|主管|负责人)|副?主任科员|[一二三四]级(主任)?科员"
    r"|干事|科员|办事员|专干|职员|工作人员|教师|医师|护士|技师|护士长|主治医师|主管护师|副?主任医师")


@dataclass
class Member:
    name: str
    department: str
    row: int
    gender: str = ""
    birth: tuple[int, int] | None = None
    politics: str = ""
    post: str = ""
    category: str = schema.DEFAULT_CATEGORY
    level: str = ""
    group_role: str = ""
    joined: dt.date | None = None
    left: dt.date | None = None
    phone: str = ""
    note: str = ""

    @property
    def department_post(self) -> bool:
        """A post that names no office of its own (主任, 副股长, 干事, 科员): documents name it
        with the member's department, or 主任张三 reads as the unit's own head."""
        return bool(self.post and self.department and DEPARTMENT_POSTS.fullmatch(self.post)
                    and self.group_role != "组长")

    @property
    def title(self) -> str:
        """How documents name them: post first (党组书记、局长潘梓; 办公室主任张三 for a post of a
        department; 医务科主任杜远 for a 科主任 of 医务科), a plain member by name."""
        office = OFFICE_HEAD.fullmatch(self.post) if self.department and self.group_role != "组长" else None
        if office:  # 科主任 names the kind of office, not which: the department's name says which
            kind = office[2]
            return f"{self.department}{'' if self.department.endswith(kind) else kind}{office[1]}{office[3]}{self.name}"
        return f"{self.department if self.department_post else ''}{self.post}{self.name}"

    def on_team_on(self, day: dt.date) -> bool:
        return (self.joined is None or self.joined <= day) and (self.left is None or self.left >= day)

    def on_team_in_month(self, year: int, month: int) -> bool:
        """On the team on any day of the month (work done before leaving on the 10th counts)."""
        first = dt.date(year, month, 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return (self.joined is None or self.joined <= last) and (self.left is None or self.left >= first)

    def on_team_in(self, year: int) -> bool:
        """Joined on or before 31 December and did not leave before 1 January."""
        return (self.joined is None or self.joined <= dt.date(year, 12, 31)) and (
            self.left is None or self.left >= dt.date(year, 1, 1)
        )

    def at_year_end(self, year: int) -> bool:
        return self.on_team_in(year) and (self.left is None or self.left > dt.date(year, 12, 31))

    def joined_in(self, year: int) -> bool:
        return self.joined is not None and self.joined.year == year

    def left_in(self, year: int) -> bool:
        return self.left is not None and self.left.year == year

    def presence(self, year: int) -> str:
        """The member's time on the team in ``year`` as the training ledger says it, so that a
        joiner's or leaver's few hours explain themselves: 在队, 3月5日入队, 9月1日离队, or both."""
        said = [f"{d.month}月{d.day}日{what}" for d, what in ((self.joined, "入队"), (self.left, "离队"))
                if d is not None and d.year == year]
        return "，".join(said) or "在队"


@dataclass
class Training:
    date: dt.date
    topic: str
    hours: float
    row: int
    form: str = ""
    speaker: str = ""
    place: str = ""
    id: str = ""
    attendees: list[str] = field(default_factory=list)  # member names, in order, no repeats


@dataclass
class WorkEntry:
    name: str
    department: str
    month: int
    values: dict[str, float]


@dataclass
class Assessment:
    name: str
    grade: str = ""
    score: float | None = None
    comment: str = ""


@dataclass
class PlanItem:
    time: str
    topic: str
    form: str = ""
    hours: float | None = None
    audience: str = ""


@dataclass
class Quota:
    """One row of the quota sheet, for one department (a 各部门 row makes one per department),
    with the members on the team at year end counted against it."""

    department: str
    category: str  # "" for any
    level: str  # "" for any
    quota: int
    count: int = 0

    @property
    def who(self) -> str:
        """办公室 核心网络评论员, 宣传股 网络评论员, 办公室 队伍成员."""
        return f"{self.department} {self.level}{self.category or ('成员' if self.level else '队伍成员')}"

    @property
    def state(self) -> str:
        """已配齐, 缺2名, 超出1名, 不设名额: as the warning and the documents say it."""
        if self.quota == 0 and self.count == 0:
            return "不设名额"
        if self.count == self.quota:
            return "已配齐"
        return f"缺{self.quota - self.count}名" if self.count < self.quota else f"超出{self.count - self.quota}名"


@dataclass
class Opinion:
    """One 舆情 item of the opinions sheet. Times are a datetime when the cell gave a time
    of day, a date when it gave only the day (limits in hours are then not checked)."""

    found: dt.date  # or dt.datetime
    source: str
    summary: str
    row: int
    level: str = ""  # 一般 / 较大 / 重大 / 特别重大, 未分级, or as written when unknown
    category: str = ""
    finders: list[str] = field(default_factory=list)  # as written
    credited: list[str] = field(default_factory=list)  # the finders on the team that day: counted as theirs
    department: str = ""
    reported: dt.date | None = None
    report_to: str = ""
    measures: str = ""
    responded: dt.date | None = None
    response: str = ""
    closed: dt.date | None = None
    result: str = ""
    times_wrong: bool = False  # a time before 发现时间: its timeliness is not counted


@dataclass
class Outlet:
    """One website or account the unit runs (the outlets sheet)."""

    platform: str
    name: str
    row: int
    host: str = ""  # 主办部门
    owner: str = ""  # 负责人
    reviewer: str = ""  # 审核人
    opened: dt.date | None = None
    status: str = "正常"  # 正常, 停更, 已注销, or as written
    posts: float | None = None  # 全年发布
    followers: float | None = None  # 关注人数
    note: str = ""


@dataclass
class Event:
    """One meeting, document, rule, campaign or inspection of the year (the events sheet)."""

    date: dt.date
    type: str  # 会议, 文件, 制度, 活动, 督查, 值班, 其他, or as written
    content: str  # the subject, or the document's title
    row: int
    lead: str = ""  # 主持人或牵头部门
    people: float | None = None  # 参加人数
    doc_number: str = ""


@dataclass
class UnitModel:
    """One unit's validated data and everything wrong with it."""

    source: Path
    unit: Unit | None
    label: str = ""  # how problems name its file: the path under the input folder
    members: list[Member] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    work: list[WorkEntry] = field(default_factory=list)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    plan: list[PlanItem] = field(default_factory=list)
    points: dict[str, list[str]] = field(default_factory=lambda: {"成效": [], "问题": [], "计划": []})
    duties: dict[str, list[str]] = field(default_factory=dict)  # 队伍类别 → duties for every tier
    tier_duties: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (队伍类别, 层级) → duties
    quotas: list[Quota] = field(default_factory=list)
    opinions: list[Opinion] = field(default_factory=list)  # the year's 舆情 items (the opinions sheet)
    limits: dict[str, dict[str, float]] = field(default_factory=dict)  # 上报/回应 → level → hours
    outlets: list[Outlet] = field(default_factory=list)  # the unit's websites and accounts
    events: list[Event] = field(default_factory=list)  # the year's meetings, documents and rules
    tables: set[str] = field(default_factory=set)  # which tables the workbook has
    problems: list[Problem] = field(default_factory=list)
    sha256: str = ""  # of the workbook file, taken once where it is read (gather.read_one)

    @property
    def has_errors(self) -> bool:
        return any(p.level == ERROR for p in self.problems)

    @property
    def year(self) -> int:
        return self.unit.year if self.unit else 0

    @property
    def source_label(self) -> str:
        """Its workbook as problems name it: the path under the input folder."""
        return self.label or self.source.name
