"""The kinds of document: each one's template, file label, title, what it needs of
the data, and the names ``--only`` knows it by. The one list of kinds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import UnknownKind


def _always(tables: set[str], ctx: dict) -> str:
    return ""


def _needs_trainings(tables: set[str], ctx: dict) -> str:
    if "trainings" not in tables:
        return "工作簿中没有“培训记录”表"
    return "" if ctx["培训列表"] else f"培训记录中没有{ctx['年度']}年的培训"


def _needs_excellent(tables: set[str], ctx: dict) -> str:
    if "assessment" not in tables:
        return "工作簿中没有“考核结果”表"
    return "" if ctx["优秀名单"] else "考核结果中没有评为“优秀”的人员"


def _needs_members(tables: set[str], ctx: dict) -> str:
    return "" if ctx["全年人员"] else f"{ctx['年度']}年没有在队人员"


def _needs_team(tables: set[str], ctx: dict) -> str:
    return "" if ctx["名册"] else f"{ctx['年度']}年末没有在队人员"


def _needs_opinions(tables: set[str], ctx: dict) -> str:
    if "opinions" not in tables:
        return "工作簿中没有“舆情台账”表，或表中没有填写内容"
    return "" if ctx["舆情列表"] else f"舆情台账中没有{ctx['年度']}年的舆情"


def _needs_period(tables: set[str], ctx: dict) -> str:
    return _needs_opinions(tables, ctx) or ("" if ctx["舆情报告"]["总数"] else f"舆情台账中没有{ctx['报告期']}的舆情")


def _needs_number(tables: set[str], ctx: dict) -> str:
    if not ctx["名册"]:
        return _needs_team(tables, ctx)
    return "" if ctx["责任制文号"] else "单位信息表中没有填写“责任制文号”，责任制实施方案不单独印发"


@dataclass(frozen=True)
class Kind:
    """One kind of document: its template file, its file label, its title, and
    ``needs``, which says why a unit's data cannot fill it ("" when it can)."""

    key: str
    template: str
    label: str
    title: str
    needs: Callable[[set[str], dict], str] = _always
    # one document per member on the team at year end (本人), in this subfolder of the unit's
    folder: str = ""

    @property
    def name(self) -> str:
        """The Chinese name a clerk knows it by: its template's name."""
        return self.template.removesuffix(".docx")


KINDS: tuple[Kind, ...] = (
    Kind("plan", "实施方案.docx", "{计划年度}年度实施方案", "关于加强{单位名称}{队伍名称}建设的实施方案"),
    Kind("plan_notice", "印发通知.docx", "{计划年度}年度实施方案印发通知",
         "关于印发《关于加强{单位名称}{队伍名称}建设的实施方案》的通知"),
    Kind("summary", "年度工作总结.docx", "{年度}年度工作总结", "{单位名称}{年度}年度{队伍名称}建设工作总结"),
    Kind("roster", "名册.docx", "{年度}年度{队伍名称}名册", "{单位名称}{队伍名称}名册"),
    Kind("training_ledger", "培训台账.docx", "{年度}年度培训台账", "{单位名称}{年度}年度培训台账", _needs_trainings),
    Kind("member_form", "个人考核登记表.docx", "{年度}年度个人考核登记表", "{年度}年度{队伍名称}个人考核登记表",
         _needs_members),
    Kind("commendation", "表彰通报.docx", "{年度}年度表彰通报", "关于表彰{年度}年度{表彰对象}的通报",
         _needs_excellent),
    Kind("formation_notice", "组建通知.docx", "{计划年度}年度{队伍名称}调整充实通知",
         "关于调整充实{单位名称}{队伍名称}的通知", _needs_team),
    Kind("rules", "管理办法.docx", "{队伍名称}管理办法", "{单位名称}{队伍名称}管理办法", _needs_team),
    Kind("opinion_ledger", "舆情台账.docx", "{年度}年度网络舆情台账", "{单位名称}{年度}年度网络舆情台账", _needs_opinions),
    Kind("opinion_report", "舆情分析报告.docx", "{报告期}网络舆情分析研判报告", "{单位名称}{报告期}网络舆情分析研判报告",
         _needs_period),
    Kind("ideology_plan", "责任制实施方案.docx", "{计划年度}年度网络意识形态工作责任制实施方案",
         "关于落实{单位名称}网络意识形态工作责任制的实施方案", _needs_team),
    Kind("ideology_notice", "责任制印发通知.docx", "{计划年度}年度网络意识形态工作责任制实施方案印发通知",
         "关于印发《关于落实{单位名称}网络意识形态工作责任制的实施方案》的通知", _needs_number),
    Kind("personal_summary", "个人工作总结.docx", "{年度}年度个人工作总结", "{年度}年度个人工作总结", _needs_team,
         folder="个人工作总结"),
)
PER_MEMBER: dict[str, Kind] = {k.key: k for k in KINDS if k.folder}  # one document per member
# Written once for a run over two or more units, into the output folder's top.
ROLLUP = Kind("rollup", "汇总.docx", "{年度}年度{队伍名称}建设情况汇总", "{年度}年度{队伍名称}建设情况汇总")
ROLLUP_BOOK = "汇总表.xlsx"
CUSTOM = "custom"  # a clerk's own template
ROLLUP_WORKBOOK = "rollup_workbook"
ANNOTATED = "问题标注"  # an annotated copy of a workbook with problems

# --only's words: key → Chinese name, in the order help and messages list them
ONLY_NAMES: dict[str, str] = {**{k.key: k.name for k in KINDS}, CUSTOM: "自己的模板", ROLLUP.key: ROLLUP.name}
ORDER = {key: i for i, key in enumerate([*(k.key for k in KINDS), CUSTOM])}


def name_of(key: str) -> str:
    """A kind's Chinese name (the key itself for one this program does not know)."""
    return ONLY_NAMES.get(key, key)


def parse_only(text: str) -> frozenset[str]:
    """``--only``'s list (keys or Chinese names, separated by , or ，) as kind keys.
    Raises UnknownKind naming the words it does not know (an empty list is one)."""
    by_word = {**{k: k for k in ONLY_NAMES}, **{v: k for k, v in ONLY_NAMES.items()}}
    chosen = [x.strip() for x in text.replace("，", ",").split(",") if x.strip()]
    unknown = [x for x in chosen if x not in by_word]
    if unknown or not chosen:
        raise UnknownKind(unknown or ["（空）"])
    return frozenset(by_word[x] for x in chosen)


def custom_templates(templates: Path) -> list[Path]:
    """A clerk's own templates: every other .docx in the templates folder (not Word's
    ~$ lock files), rendered once per unit with the same variables."""
    ours = {k.template for k in (*KINDS, ROLLUP)}
    if not templates.is_dir():
        return []
    return sorted(p for p in templates.iterdir() if p.suffix.lower() == ".docx" and p.name not in ours
                  and not p.name.startswith(("~$", ".")))


def all_templates(templates: Path) -> list[Path]:
    """Every template a run may use, ours then the clerk's."""
    return [templates / k.template for k in (*KINDS, ROLLUP)] + custom_templates(templates)
