"""The outlets sheet (网络阵地: the unit's own websites and accounts) and the events
sheet (工作记录: meetings, documents, rules, campaigns), read into records with the
warnings WORKBOOK.md lists, each naming its cell."""

from __future__ import annotations

from . import schema
from .errors import WARNING
from .records import Event, Outlet

IN_USE, STOPPED, CLOSED = "正常", "停更", "已注销"
STATUSES = (IN_USE, STOPPED, CLOSED)
_STATUS_WORDS = {"正常": IN_USE, "在用": IN_USE, "运行": IN_USE, "正常运行": IN_USE, "停更": STOPPED,
                 "停止更新": STOPPED, "暂停更新": STOPPED, "已停更": STOPPED, "注销": CLOSED, "已注销": CLOSED,
                 "关停": CLOSED, "已关停": CLOSED}
EVENT_TYPES = ("会议", "文件", "制度", "活动", "督查", "值班", "其他")


def read_outlets(t) -> list[Outlet]:
    """The outlets sheet's rows (``t``: tables.Table)."""
    out: list[Outlet] = []
    for row in t.rows:
        values = t.all_required(row, "platform", "name")
        if values is None:
            continue
        platform, name = values
        o = Outlet(platform, name, row.number)
        for key in ("host", "owner", "reviewer", "note"):
            setattr(o, key, t.optional(row, key, ""))
        o.opened = t.optional(row, "opened")
        o.posts = t.optional(row, "posts")
        o.followers = t.optional(row, "followers")
        written = t.optional(row, "status", "")
        o.status = _STATUS_WORDS.get(schema.normalise_header(written), written) if written else IN_USE
        t.closed(row, "status", o.status, STATUSES)
        if o.status == IN_USE and not o.reviewer:
            cell = t.raw.ref("reviewer", row.number) if "reviewer" in t.raw.columns else row.cells["name"].ref
            t.problems.add(WARNING, t.sheet, cell,
                           f"{platform}“{name}”在用，但没有填写审核人：发布的内容无人审核。请明确内容审核人后填上")
        elif o.owner and o.reviewer and o.owner == o.reviewer:
            t.warn(row, "reviewer", f"{platform}“{name}”的负责人和审核人是同一人（{o.owner}），起不到审核把关的作用。"
                                    "请另行明确审核人")
        if o.status == STOPPED:
            t.warn(row, "status", f"{platform}“{name}”已停更：实施方案会提出关停或整合这个账号；如已恢复更新，请改为“正常”")
        out.append(o)
    return out


def read_events(t, year: int) -> list[Event]:
    """The events sheet's rows of the year (``t``: tables.Table)."""
    out: list[Event] = []
    for row in t.rows:
        values = t.all_required(row, "date", "type", "content")
        if values is None:
            continue
        day, kind, content = values
        if day.year != year:
            t.warn(row, "date", f"日期 {day.isoformat()} 不在 {year} 年内，未计入本年度工作记录", outside=True)
            continue
        e = Event(day, kind, content, row.number)
        t.closed(row, "type", kind, EVENT_TYPES)
        e.lead = t.optional(row, "lead", "")
        e.people = t.optional(row, "people")
        e.doc_number = t.optional(row, "doc_number", "")
        out.append(e)
    return out
