"""The tables and columns of the workbook (docs/workbook.md), as data.

Every other module looks names up here; nothing else spells a header. Each
column has an English key used in code, its canonical Chinese header (what
``init`` writes and messages name), the aliases clerks actually type, and a
kind that tells ``model`` how to read the value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Kinds of value a column holds; model.py has one reader per kind.
TEXT, NAME, DATE, MONTH, NUMBER, PHONE = "text", "name", "date", "month", "number", "phone"
MOMENT = "moment"  # a date, or a date and a time of day (the opinions sheet's times)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    kind: str = TEXT
    required: bool = False

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class Table:
    key: str
    title: str  # canonical sheet name
    sheet_aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    required: bool = False
    # Columns that are recognised but carry no data of ours (序号); they help find
    # the header row and are never mistaken for a work metric.
    ignored: tuple[str, ...] = ("序号", "编号序号")

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return (self.title, *self.sheet_aliases)

    def column(self, key: str) -> Column:
        return _COLUMNS[self.key][key]


def C(key, header, *aliases, kind=TEXT, required=False) -> Column:
    return Column(key, header, tuple(aliases), kind, required)


UNIT = Table(
    "unit",
    "单位信息",
    ("基本信息", "封面"),
    (
        C("name", "单位名称", "名称", "单位", required=True),
        C("year", "年度", "年份", "统计年度", kind=NUMBER, required=True),
        C("team", "队伍名称"),
        C("superior", "上级单位"),
        C("doc_number", "发文字号", "文号"),
        C("date", "成文日期", "落款日期", kind=DATE),
        C("signatory", "落款", "落款单位"),
        C("contact", "联系人"),
        C("phone", "联系电话", kind=PHONE),
        C("office", "办公室", "领导小组办公室"),
        C("short", "简称", "自称"),
        C("basis", "工作依据", "依据"),
        C("decider", "决定机关", "表彰决定机关"),
        C("honour_number", "表彰文号", "表彰发文字号"),
        C("reviewer", "审核人"),
        C("report_limits", "上报时限", "舆情上报时限", "报送时限"),
        C("in_charge", "分管领导", "分管负责人", "直接责任人"),
        C("ideology_number", "责任制文号", "责任制发文字号", "意识形态工作文号"),
    ),
    required=True,
)

MEMBERS = Table(
    "members",
    "人员名册",
    ("名册", "花名册", "队伍名册", "人员名单"),
    (
        C("name", "姓名", "名字", kind=NAME, required=True),
        C("department", "部门", "所在部门", "科室", "支部", "所在单位", "单位部门", required=True),
        C("gender", "性别"),
        C("birth", "出生年月", "出生日期", kind=MONTH),
        C("politics", "政治面貌"),
        C("post", "职务", "职务职级", "岗位"),
        C("category", "队伍类别", "类别", "队伍类型"),
        C("level", "层级", "级别"),
        C("group_role", "领导小组职务", "小组职务"),
        C("joined", "入队日期", "加入时间", kind=DATE),
        C("left", "离队日期", "退出时间", kind=DATE),
        C("phone", "联系电话", "电话", "手机", "联系方式", kind=PHONE),
        C("note", "备注"),
    ),
    required=True,
)

TRAININGS = Table(
    "trainings",
    "培训记录",
    ("培训台账", "培训情况", "学习培训"),
    (
        C("date", "日期", "培训日期", "时间", "培训时间", kind=DATE, required=True),
        C("topic", "主题", "培训主题", "培训内容", "内容", required=True),
        C("hours", "学时", "课时", "时长", kind=NUMBER, required=True),
        C("form", "形式", "培训形式", "方式"),
        C("speaker", "主讲人", "授课人"),
        C("place", "地点"),
        C("attendees", "参训人员", "参加人员", "参训对象"),
        C("id", "编号"),
    ),
)

ATTENDANCE = Table(
    "attendance",
    "参训名单",
    ("签到表", "参训记录"),
    (
        C("name", "姓名", "名字", kind=NAME, required=True),
        C("id", "编号"),
        C("topic", "主题", "培训主题"),
        C("date", "日期", "培训日期", kind=DATE),
    ),
)

WORK = Table(
    "work",
    "工作量",
    ("工作统计", "月度统计", "工作台账"),
    (
        C("name", "姓名", "名字", kind=NAME, required=True),
        C("month", "月份", "月", kind=MONTH, required=True),
        C("department", "部门", "所在部门", "科室"),
    ),
)

ASSESSMENT = Table(
    "assessment",
    "考核结果",
    ("考核", "年度考核"),
    (
        C("name", "姓名", "名字", kind=NAME, required=True),
        C("score", "得分", "分数", kind=NUMBER),
        C("grade", "等次", "考核等次", "考核结果"),
        C("comment", "评语"),
        C("department", "部门", "所在部门"),
    ),
)

PLAN = Table(
    "plan",
    "培训计划",
    ("下年度培训计划",),
    (
        C("time", "时间", "月份", "计划时间", required=True),
        C("topic", "主题", "培训主题", "内容", required=True),
        C("form", "形式", "培训形式"),
        C("hours", "学时", "课时", kind=NUMBER),
        C("audience", "对象", "参训对象"),
    ),
)

POINTS = Table(
    "points",
    "工作要点",
    ("工作总结要点", "成效问题计划"),
    (
        C("category", "类别", "类型", required=True),
        C("content", "内容", required=True),
    ),
)

DUTIES = Table(
    "duties",
    "工作职责",
    ("职责",),
    (
        C("category", "队伍类别", "类别", required=True),
        C("level", "层级", "级别"),
        C("duty", "职责", "工作职责", required=True),
    ),
)

QUOTAS = Table(
    "quotas",
    "名额",
    ("配额", "名额分配", "推荐名额"),
    (
        C("department", "部门", "所在部门", "科室", "单位部门", required=True),  # or 各部门: every department
        C("category", "队伍类别", "类别"),
        C("level", "层级", "级别"),
        C("quota", "名额", "推荐名额", "配额", "推荐人数", "名额数", kind=NUMBER, required=True),
    ),
)

OPINIONS = Table(
    "opinions",
    "舆情台账",
    ("舆情登记", "舆情信息", "网络舆情", "舆情", "网络舆情台账", "舆情登记表"),
    (
        C("found", "发现时间", "发现日期", "日期", kind=MOMENT, required=True),
        C("source", "来源", "来源平台", "平台", "载体", required=True),
        C("summary", "内容摘要", "舆情内容", "内容", "摘要", "标题", "事由", required=True),
        C("category", "类别", "舆情类别", "涉及领域"),
        C("level", "等级", "舆情等级", "级别"),
        C("finders", "发现人", "报送人"),
        C("department", "涉及部门", "责任部门"),
        C("reported", "上报时间", "报送时间", kind=MOMENT),
        C("report_to", "上报对象", "报送单位"),
        C("measures", "处置措施", "处置情况", "应对措施"),
        C("responded", "回应时间", "首次回应时间", kind=MOMENT),
        C("response", "回应方式"),
        C("closed", "办结时间", "办结日期", kind=MOMENT),
        C("result", "处置结果", "办结情况", "结果"),
    ),
)

OUTLETS = Table(
    "outlets",
    "网络阵地",
    ("政务新媒体", "新媒体账号", "账号台账", "网站和新媒体", "网络阵地台账"),
    (
        C("platform", "平台", "平台类型", "类型", required=True),
        C("name", "名称", "账号名称", "网站名称", required=True),
        C("host", "主办部门", "运维部门"),
        C("owner", "负责人"),
        C("reviewer", "审核人", "内容审核人"),
        C("opened", "开设时间", "开通时间", kind=DATE),
        C("status", "状态", "运行状态"),
        C("posts", "全年发布", "发布量", "发文数", "全年发布量", kind=NUMBER),
        C("followers", "关注人数", "粉丝数", "订阅数", kind=NUMBER),
        C("note", "备注"),
    ),
)

EVENTS = Table(
    "events",
    "工作记录",
    ("大事记", "会议和文件", "工作记录表"),
    (
        C("date", "日期", "时间", kind=DATE, required=True),
        C("type", "类型", "类别", required=True),
        C("content", "内容", "名称", "标题", "会议或文件名称", required=True),
        C("lead", "主持人或牵头部门", "主持人", "牵头部门"),
        C("people", "参加人数", "人数", kind=NUMBER),
        C("doc_number", "文号", "发文字号"),
    ),
)

# Order matters: when a sheet's header fits two tables equally, the first wins.
TABLES: tuple[Table, ...] = (UNIT, MEMBERS, TRAININGS, ATTENDANCE, WORK, ASSESSMENT, PLAN, POINTS, DUTIES, QUOTAS,
                             OPINIONS, OUTLETS, EVENTS)
TABLES_BY_KEY = {t.key: t for t in TABLES}
_COLUMNS = {t.key: {c.key: c for c in t.columns} for t in TABLES}

# Closed lists (warnings when a value is outside them; dropdowns in `init`).
CATEGORIES = ("网络评论员", "新闻通讯员", "网络信息员", "网络文明志愿者")
LEVELS = ("核心", "骨干", "基层")
GROUP_ROLES = ("组长", "副组长", "成员")
# The two grade scales offices use; a unit uses one of them (docs/documents.md: never mix the two).
SCALES = (("优秀", "称职", "基本称职", "不称职"), ("优秀", "合格", "基本合格", "不合格"))
DEFAULT_SCALE = SCALES[1]
GRADES = ("优秀", "称职", "基本称职", "不称职", "合格", "基本合格", "不合格")
PARTY_SECRETARY = ("党组书记", "党委书记", "支部书记", "总支书记", "党工委书记")
LEAGUE = "共青团员"
LEAGUE_AGE = 28  # membership of the Communist Youth League ends at 28
POLITICS = ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众")
POINT_KINDS = {"成效": "成效", "亮点": "成效", "问题": "问题", "不足": "问题", "计划": "计划", "打算": "计划"}
PARTY_MEMBER = {"中共党员", "中共预备党员", "党员", "预备党员", "共产党员", "中国共产党党员"}


def is_party_member(politics: str) -> bool:
    """中共党员 however it is written, 预备党员 included."""
    return politics.replace("中国共产党", "中共") in PARTY_MEMBER

# 舆情 levels, gravest first; each also spelt Ⅰ–Ⅳ级 and 红/橙/黄/蓝 (docs/workbook.md)
OPINION_LEVELS = ("特别重大", "重大", "较大", "一般")
UNGRADED = "未分级"
OUTLET_PLATFORMS = ("网站", "微信公众号", "微博", "抖音", "快手", "头条号", "视频号", "微信群", "其他")
SOURCES = ("微信公众号", "微信群", "微博", "抖音", "快手", "今日头条", "本地论坛", "12345热线", "新闻网站", "其他")

DEFAULT_TEAM_NAME = "网络评论员队伍"
DEFAULT_CATEGORY = "网络评论员"
EVERY_DEPARTMENT = ("各部门", "各科室", "全部部门", "所有部门")  # a quota row for each department

# Words in the first cells of a row that end the data or mark a total.
TOTAL_WORDS = ("合计", "总计", "小计")
NOTE_PREFIXES = ("填表说明", "注：", "注:", "说明：", "说明:", "备注：", "备注:")

_BRACKETS = re.compile(r"[（(【\[〔<《].*?[）)】\]〕>》]")
_NOISE = re.compile(r"[\s*＊:：,，.。、;；!！?？\"'“”‘’/\\_\-—]+")


def normalise_header(text: object) -> str:
    """A header as compared: no whitespace, stars, bracketed notes or punctuation."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = _BRACKETS.sub("", s)
    return _NOISE.sub("", s)


def _lookup(spellings_by_key: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, spellings in spellings_by_key.items():
        for s in spellings:
            out.setdefault(normalise_header(s), key)
    return out


HEADER_LOOKUP: dict[str, dict[str, str]] = {
    t.key: _lookup({c.key: c.spellings for c in t.columns}) for t in TABLES
}
SHEET_LOOKUP: dict[str, str] = _lookup({t.key: t.sheet_names for t in TABLES})
