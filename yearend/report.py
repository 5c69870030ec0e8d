"""``运行报告.html``: the run as one page a clerk opens in a browser.

Self-contained (its style, its sorting script and its chart are inside; nothing is
fetched), linked to the documents by relative paths, and the same bytes for the same
run: no clock, everything in a fixed order. Written from the RunResult, so it says
exactly what the manifest says.
"""

from __future__ import annotations

from html import escape
from pathlib import PurePosixPath
from urllib.parse import quote

from . import __version__, desk
from .errors import ERROR, Problem, errors_first
from .kinds import ANNOTATED, PER_MEMBER, name_of
from .manifest import DESK_ORDER, STATE_WORDS, DeskState, Document, Entry, RunResult
from .output import readable

REPORT = "运行报告.html"
FIGURES = ("队伍人数", "新增人数", "减少人数", "党员人数", "培训次数", "培训学时", "参训人次", "人均学时", "参训率", "优秀人数")

STYLE = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:0;
 color:#1f2328;background:#f6f7f9;font-size:15px;line-height:1.6}
header{background:#1f4e79;color:#fff;padding:18px 32px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;opacity:.85}main{padding:20px 32px 48px;max-width:1280px}
section{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:16px 20px;margin:16px 0}
section.todo{border:2px solid #b42318}
h2{font-size:18px;margin:0 0 10px}h3{font-size:16px;margin:14px 0 6px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #d8dde3;border-radius:6px;
 padding:10px 18px;min-width:120px}.card b{display:block;font-size:24px}.card.bad b{color:#b42318}
.card.warn b{color:#9a6700}table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #e3e7ec;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef2f6;white-space:nowrap}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
th.sort{cursor:pointer}th.sort:after{content:" \\21C5";color:#8c959f}th.up:after{content:" \\2191"}
th.down:after{content:" \\2193"}.tag{display:inline-block;padding:0 8px;border-radius:10px;font-size:13px}
.ok{background:#dafbe1;color:#1a7f37}.warn{background:#fff8c5;color:#9a6700}.err{background:#ffebe9;color:#b42318}.same{background:#eef2f6;color:#57606a}
.lv-错误{color:#b42318;font-weight:bold}.lv-警告{color:#9a6700;font-weight:bold}a{color:#0969da}
table.wide td,table.wide th{white-space:nowrap}ul{margin:4px 0;padding-left:22px}.muted{color:#57606a}svg text{font-family:inherit}
"""

SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th.sort").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var up = !th.classList.contains("up");
      table.querySelectorAll("th").forEach(function (h) { h.classList.remove("up", "down"); });
      th.classList.add(up ? "up" : "down");
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      rows.sort(function (a, b) {
        var x = a.cells[index].getAttribute("data-v"), y = b.cells[index].getAttribute("data-v");
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "zh-CN");
        return up ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
"""


def _href(path: str) -> str:
    return quote(PurePosixPath(path).as_posix())


def _link(path: str, text: str = "") -> str:
    return f'<a href="{_href(path)}">{escape(text or PurePosixPath(path).name)}</a>'


def _cell(value: object, numeric: bool = False) -> str:
    shown = escape(str(value))
    return f'<td class="n" data-v="{shown}">{shown}</td>' if numeric else f'<td data-v="{shown}">{shown}</td>'


def _figure(ctx: dict, key: str) -> str:
    value = ctx.get(key, "") if ctx else ""
    return f"{value}%" if key == "参训率" and value != "" else str(value)


def _where(p: Problem) -> str:
    where = p.file
    if p.sheet:
        where += f" · {p.sheet}" + (f"!{p.cell}" if p.cell else "")
    return where


def _problems(problems: list[Problem], copies: dict[str, str]) -> str:
    rows = []
    for p in problems:
        copy = copies.get(p.file)
        where = escape(_where(p)) + (f"（{_link(copy, '看标注副本')}）" if copy else "")
        rows.append(f'<tr><td class="lv-{escape(p.level.value)}">{escape(p.level.value)}</td><td>{where}</td>'
                    f"<td>{escape(p.message)}</td></tr>")
    return ("<table><thead><tr><th>级别</th><th>位置（文件 · 工作表!单元格）</th><th>问题</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _documents(docs: list[Document]) -> str:
    items = []
    each: dict[str, list[Document]] = {}  # per-member documents: one folded list a kind, by name
    for d in docs:
        if d.kind in PER_MEMBER:
            each.setdefault(d.kind, []).append(d)
            continue
        label = name_of(d.kind) if d.kind != "custom" else PurePosixPath(d.path).stem
        pdf = f"，{_link(d.pdf, 'PDF')}" if d.pdf else ""
        items.append(f"<li>{escape(label)}：{_link(d.path)}{pdf}</li>")
    for kind, group in each.items():
        links = "、".join(_link(d.path, d.member or PurePosixPath(d.path).stem) for d in group)
        items.append(f"<li><details><summary>{escape(name_of(kind))}（{len(group)} 份）</summary>{links}</details></li>")
    return "<ul>" + "".join(items) + "</ul>" if items else '<p class="muted">本次没有这个单位的文档。</p>'


def _chart(rows: list[tuple[str, float]], unit: str) -> str:
    """A horizontal bar for each unit, drawn inline (SVG): no script, no fetch."""
    if not rows:
        return ""
    top = max(v for _, v in rows) or 1
    bar_h, label_w, width = 22, 200, 760
    parts = [f'<svg role="img" aria-label="各单位{escape(unit)}" width="{width}" height="{bar_h * len(rows) + 10}" '
             f'viewBox="0 0 {width} {bar_h * len(rows) + 10}" xmlns="http://www.w3.org/2000/svg">']
    for i, (name, value) in enumerate(rows):
        y = 5 + i * bar_h
        length = (width - label_w - 70) * value / top
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="13">{escape(name[:14])}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{bar_h - 7}" fill="#2e75b6"/>'
                     f'<text x="{label_w + length + 6:.1f}" y="{y + 15}" font-size="13">{escape(str(value))}</text>')
    parts.append("</svg>")
    return "".join(parts)


DESK_TAGS = {DeskState.BUILT: "ok", DeskState.WARNINGS: "warn", DeskState.ERRORS: "err",
             DeskState.UNREADABLE: "err", DeskState.NOT_SENT: "err"}
DESK_BAD = (DeskState.NOT_SENT, DeskState.UNREADABLE, DeskState.ERRORS)


def _to_do(result: RunResult, found: list[Entry]) -> str:
    """需要处理: what the clerk must chase, at the top of the page: units not sent, files
    that could not be read, units with errors (each with its first error and whom to
    call), units that sent another year, units not on the list, and files that are no
    unit's."""
    anchors = {id(u): f"u{i}" for i, u in enumerate(result.units)}

    def table(heads: list[str], rows: list[list[str]]) -> str:
        return ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr></thead><tbody>"
                + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</tbody></table>")

    def who(e: Entry) -> list[str]:
        return [escape(e.contact), escape(e.phone)]

    parts = []
    late = [e for e in found if e.state == DeskState.NOT_SENT]
    if late:
        parts.append(f"<h3>未报送（{len(late)}）</h3>"
                     + table(["单位", "联系人", "联系电话"], [[escape(e.name), *who(e)] for e in late]))
    broken = [e for e in found if e.state == DeskState.UNREADABLE]
    if broken:
        parts.append(f"<h3>读取失败（{len(broken)}）</h3>" + table(
            ["单位", "文件", "原因", "联系人", "联系电话"],
            [[escape(e.name), escape("、".join(e.files)), escape(e.reason), *who(e)] for e in broken]))
    wrong = [e for e in found if e.state == DeskState.ERRORS and e.unit is not None]
    if wrong:
        rows = []
        for e in wrong:
            assert e.unit is not None
            n = sum(1 for p in e.unit.problems if p.level == ERROR)
            rows.append([f'<a href="#{anchors[id(e.unit)]}">{escape(e.name)}</a>', str(n),
                         escape(e.reason) + ("" if n == 1 else f"（另有 {n - 1} 个，见该单位）"), *who(e)])
        parts.append(f"<h3>有错误，未生成（{len(wrong)}）</h3>"
                     + table(["单位", "错误", "第一个错误", "联系人", "联系电话"], rows))
    off = [e for e in found if e.included and e.unit is not None and e.unit.model.year != result.year]
    if off:
        parts.append(f"<h3>年度与其他单位不同，未纳入汇总（{len(off)}）</h3>" + table(
            ["单位", "年度", "联系人", "联系电话"],
            [[escape(e.name), f"{e.unit.model.year}（其他单位 {result.year}）", *who(e)] for e in off if e.unit]))
    if result.expected is not None and (unlisted := [e for e in found if e.expected is None]):
        parts.append(f"<h3>不在应报名单中（{len(unlisted)}）</h3>" + table(
            ["单位", "工作簿", "状态"], [[escape(e.name), escape("、".join(e.files)), e.state.value] for e in unlisted]))
    strays = result.strays
    if strays:
        parts.append(f"<h3>不是任何单位的工作簿（{len(strays)}）</h3>"
                     + table(["文件", "原因"], [[escape(f), escape(why)] for f, why in strays.items()]))
    if not parts:
        return ""
    return ('<section class="todo"><h2>需要处理</h2><p class="muted">逐个联系下列单位补报或改正，改好的工作簿放回输入文件夹后重新运行；'
            "全部问题另见问题汇总.xlsx。</p>" + "".join(parts) + "</section>")


def render(result: RunResult, input_label: str) -> bytes:
    """The page's bytes."""
    copies = {d.source: d.path for d in result.annotated if d.kind == ANNOTATED}
    problems = result.all_problems
    errors = sum(1 for p in problems if p.level == ERROR)
    documents = sum(len(u.documents) for u in result.units) + len(result.documents) - len(result.annotated)
    found = result.desk
    counts = desk.tally(desk.listed(result, found))  # as the count line counts: the list's units, with one
    listed = len(result.expected) if result.expected is not None else None  # the count line's first figure
    cards = [("应报单位", listed, "") if listed is not None else ("单位", len(found), ""),
             ("已生成", counts[DeskState.BUILT] + counts[DeskState.WARNINGS], ""),
             *((state.value, n, "bad") for state, n in counts.items() if n and state in DESK_BAD),
             ("文档", documents, ""), ("错误", errors, "bad" if errors else ""),
             ("警告", len(problems) - errors, "warn" if problems else ""), ("问题标注副本", len(result.annotated), "")]
    out = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>运行报告 · {escape(input_label)}</title><style>{STYLE}</style></head><body>",
           f"<header><h1>年终材料生成：运行报告</h1><p>输入文件夹：{escape(input_label)} · yearend {__version__}"
           " · 明细另见 manifest.json</p></header><main>",
           '<div class="cards">' + "".join(f'<div class="card {c}"><b>{n}</b>{escape(t)}</div>' for t, n, c in cards)
           + "</div>", f"<p>{escape(desk.count_line(result))}。</p>", _to_do(result, found)]

    heads = ["单位", "状态", "文档", "错误", "警告", *FIGURES, "工作簿"]
    numeric = {"文档", "错误", "警告", *FIGURES}
    rows = []
    anchors = {id(u): f"u{i}" for i, u in enumerate(result.units)}
    for e in found:
        u = e.unit
        words = e.words
        tag = DESK_TAGS[e.state]
        name = f'<a href="#{anchors[id(u)]}">{escape(e.name)}</a>' if u is not None else escape(e.name)
        numbers: list[object] = [""] * (3 + len(FIGURES))
        if u is not None:
            errs = sum(1 for p in u.problems if p.level == ERROR)
            numbers = [len(u.documents), errs, len(u.problems) - errs, *(_figure(u.figures, k) for k in FIGURES)]
        rows.append(f'<tr><td data-v="{escape(e.name)}">{name}</td>'
                    f'<td data-v="{DESK_ORDER.index(e.state)}"><span class="tag {tag}">{escape(words)}</span></td>'
                    + "".join(_cell(v, True) for v in numbers) + _cell("、".join(e.files)) + "</tr>")
    out.append('<section><h2>各单位一览</h2><p class="muted">点击表头排序。</p><div style="overflow-x:auto">'
               '<table class="sortable wide"><thead><tr>'
               + "".join(f'<th class="sort{" n" if h in numeric else ""}">{escape(h)}</th>' for h in heads)
               + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div></section>")

    r = result.rollup
    if r is not None and r.figures:
        total = r.figures["合计"]
        columns = ("队伍人数", "培训次数", "培训学时", "参训人次", "人均学时", "参训率", "优秀人数", "排名")
        body = "".join("<tr>" + _cell(row["单位名称"]) + "".join(_cell(_figure(row, k), True) for k in columns)
                       + "</tr>" for row in r.figures["单位列表"])
        foot = ("<tfoot><tr><th>合计</th>" + "".join(_cell(_figure(total, k), True) for k in columns[:-1])
                + "<td></td></tr></tfoot>")
        links = "、".join(_link(d.path) for d in r.documents)
        ranked = sorted(r.figures["单位列表"], key=lambda row: (row["排名"], row["序号"]))
        chart = _chart([(row["单位名称"], row["人均学时"]) for row in ranked], "人均学时")
        out.append(f"<section><h2>汇总（{r.units} 个单位，{r.figures['年度']} 年度）</h2><p>{links}</p>"
                   "<h3>各单位人均学时（从高到低）</h3>" + chart
                   + '<table class="sortable wide"><thead><tr><th class="sort">单位</th>'
                   + "".join(f'<th class="sort n">{escape(k)}</th>' for k in columns)
                   + "</tr></thead><tbody>" + body + "</tbody>" + foot + "</table></section>")

    for i, u in enumerate(result.units):
        parts = [f'<section id="u{i}"><h2>{escape(u.name)}</h2>',
                 f'<p class="muted">工作簿：{escape(u.source_label)} · {escape(STATE_WORDS[u.outcome])}</p>',
                 "<h3>文档</h3>", _documents(u.documents)]
        if u.skipped:
            parts.append("<h3>未生成</h3><ul>" + "".join(
                f"<li>{escape(name_of(s.kind))}：{escape(s.reason)}</li>" for s in u.skipped) + "</ul>")
        if u.figures:
            parts.append("<h3>主要数字</h3><table><tbody><tr>" + "".join(f"<th>{escape(k)}</th>" for k in FIGURES)
                         + "</tr><tr>" + "".join(_cell(_figure(u.figures, k), True) for k in FIGURES)
                         + "</tr></tbody></table>")
        if u.problems:
            parts.append(f"<h3>问题（{len(u.problems)}）</h3>" + _problems(errors_first(u.problems), copies))
        out.append("".join(parts) + "</section>")

    if result.stale:
        items = "".join(f"<li>{escape(name)}：{len(docs)} 份文档，如 {_link(docs[0].path)}</li>" for name, docs in result.stale)
        out.append("<section><h2>输出文件夹中其他单位的旧文档</h2><p class=\"muted\">这些单位本次没有工作簿"
                   "（已删除或改名）。文档保留未删，不计入本次的汇总。</p><ul>" + items + "</ul></section>")

    if result.problems:
        out.append(f"<section><h2>不属于任何单位的问题（{len(result.problems)}）</h2>"
                   + _problems(errors_first(result.problems), copies) + "</section>")
    out.append(f"</main><script>{SCRIPT}</script></body></html>\n")
    return readable("".join(out)).encode("utf-8", "replace")
