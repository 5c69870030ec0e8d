"""Each category's duties and each tier's share of the work, as the plan, the formation
notice and the rules state them: the duties sheet's sentences where it gives them, else
these defaults (GENRE: 工作职责; the wording of the sentence that introduces the tiers is
in scripts/template_text/_职责.txt)."""

from __future__ import annotations

from .records import UnitModel

# Each category's duties when the duties sheet gives none for it; "" is every other
# category (网络评论员 among them). The plan and the formation notice number them, the rules
# join them into one article.
DEFAULT_DUTIES: dict[str, tuple[str, ...]] = {
    "新闻通讯员": (
        "围绕本单位重点工作，及时采写新闻稿件和工作信息，按要求报送。",
        "做好重要会议和活动的文字、图片记录，为宣传报道提供素材。",
        "协助维护本单位网站和新媒体账号的内容更新。",
    ),
    "网络信息员": (
        "关注网上涉及本单位和本行业的信息，发现苗头性、倾向性问题及时报告。",
        "按要求收集整理网络信息，定期报送工作情况。",
        "配合做好相关信息的核实和回应工作，不擅自对外发布信息。",
    ),
    "网络文明志愿者": (
        "参与网络文明志愿服务活动，在网上传播文明风尚和正面信息。",
        "发现网上不文明、不实信息，及时报告，配合做好劝导和澄清。",
        "按要求参加培训和志愿服务，如实记录服务情况。",
    ),
    "": (
        "学习掌握党的路线方针政策和上级有关部署，准确把握正面宣传的重点。",
        "围绕本单位中心工作和群众关注的问题，在网络平台发表理性、建设性的评论。",
        "关注网上涉及本单位的舆情动态，发现问题及时报告，不擅自处置。",
        "按要求参加教育培训和专题活动，按时报送工作情况。",
    ),
}


def duties(model: UnitModel, categories: list[str]) -> dict[str, list[str]]:
    """Each category's duties: the duties sheet's, else the default ones; every category of
    the team has an entry (and any other the sheet names)."""
    found = {c: list(d) for c, d in model.duties.items()}
    for c in categories:
        found.setdefault(c, list(DEFAULT_DUTIES.get(c, DEFAULT_DUTIES[""])))
    return found


# Default division of work by tier (GENRE: 核心 研判与指导, 骨干 处置与引导, 基层 跟帖与上报); the
# 骨干 handle hot topics by 跟进 and 正面发声 under the group, since every category's duties bar 擅自处置.
# A default names another tier only when the team has it (GENRE: only the tiers the roster uses):
# {lower} is the team's tiers below this one, joined by 和, and the clause holding it is dropped
# when there are none.
TIER_DUTIES = {
    "核心": ("研判网上舆情动态，撰写重点评论", "，指导{lower}成员开展工作"),
    "骨干": ("在统一部署下对网上热点及时跟进、正面发声", "，带动{lower}成员参与"),
    "基层": ("做好日常跟帖评论，发现涉及本单位的舆情信息及时上报", ""),
}

# Where each tier's members are recommended from (the formation notice), by default.
TIER_SOURCES = {
    "核心": "一般从熟悉全局工作的中层以上干部中推荐",
    "骨干": "从各部门业务骨干中推荐",
    "基层": "从各部门干部职工中推荐",
}


def tier_duty(model: UnitModel, tier: str, tiers: list[str]) -> str:
    """A tier's duties: the duties sheet's sentences given for it (any category), else the
    default, which names only those of ``tiers`` (the team's) that rank below it."""
    given = [d for (_, level), duties in model.tier_duties.items() if level == tier for d in duties]
    if given:
        return "；".join(d.rstrip("。；;") for d in given)
    if tier not in TIER_DUTIES:
        return ""
    own, lead = TIER_DUTIES[tier]
    lower = [t for t in tiers if t in TIER_DUTIES and list(TIER_DUTIES).index(t) > list(TIER_DUTIES).index(tier)]
    return own + (lead.format(lower="和".join(lower)) if lower else "")
