"""click in Chinese: its own words translated, help wrapped in terminal columns, and
streams that survive any console code page.

click has no public hook for either (its messages go through a module-level gettext
``_``, its help through ``textwrap``), so these patch click's modules on import; the
CLI imports this module once. Kept apart so that an upgrade of click that moves these
internals breaks here, and ``tests/test_package.py`` says so.
"""

from __future__ import annotations

import re
import sys

import click
import click._textwrap
import click.formatting
import click.types

# click prints its own words through a module-level gettext `_`; a clerk should
# see them in Chinese. Unknown strings fall through unchanged.
_CLICK_ZH = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，这里需要文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，这里需要文件。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值之一：{choices}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "default: {default}": "默认：{default}",
    "Aborted!": "已中止。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Did you mean {possibility}?": "是不是要写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要写其中之一：{possibilities}？）",
    "{value!r} is not {choice}.": "{value!r} 不是可选值 {choice}。",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不需要填值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面需要填一个值。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
}


def _zh(message: str) -> str:
    return _CLICK_ZH.get(message, message)


def _zh_plural(singular: str, plural: str, n: int) -> str:
    return _zh(singular if n == 1 else plural)


for _module in ("core", "exceptions", "formatting", "decorators", "types", "parser"):
    _mod = sys.modules.get(f"click.{_module}")
    if _mod is not None and hasattr(_mod, "_"):
        _mod._ = _zh  # type: ignore[attr-defined]  # click's gettext, found by hasattr above
    if _mod is not None and hasattr(_mod, "ngettext"):
        _mod.ngettext = _zh_plural  # type: ignore[attr-defined]
# the names click puts into "… is not a valid {number_type}"
click.types.IntParamType.name = "整数"
click.types.FloatParamType.name = "数字"


def columns(text: str) -> int:
    """Width on a terminal: a Chinese character takes two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in click.unstyle(text))


class _Wrapper(click._textwrap.TextWrapper):
    """click's help wrapper, measuring in terminal columns and breaking between Chinese
    characters (which have no spaces between words) but never inside a Latin word. Python's
    textwrap counts characters, so Chinese help ran past the terminal's edge and the
    terminal broke it mid-word. Written here because click takes its wrapper from textwrap."""

    _PIECES = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")

    def _split(self, text: str) -> list[str]:
        pieces = [p for chunk in super()._split(text) for p in self._PIECES.findall(chunk)]
        # a docstring's line end inside a Chinese sentence became a space: not in Chinese
        return [p for i, p in enumerate(pieces) if p.strip() or not (
            0 < i < len(pieces) - 1 and columns(pieces[i - 1][-1]) == 2 and columns(pieces[i + 1][0]) == 2)]

    def _wrap_chunks(self, chunks: list[str]) -> list[str]:
        lines: list[str] = []
        chunks = list(reversed(chunks))
        while chunks:
            indent = self.subsequent_indent if lines else self.initial_indent
            width = max(1, self.width - columns(indent))
            if lines and self.drop_whitespace and not chunks[-1].strip():
                chunks.pop()
            line: list[str] = []
            used = 0
            while chunks and used + columns(chunks[-1]) <= width:
                used += columns(chunks[-1])
                line.append(chunks.pop())
            if not line and chunks:  # one word wider than the line: cut it
                word = chunks.pop()
                cut = 1
                while cut < len(word) and columns(word[:cut + 1]) <= width:
                    cut += 1
                line.append(word[:cut])
                chunks.append(word[cut:])
            # a Chinese closing mark never starts a line: it goes back to the line before
            while chunks and chunks[-1][:1] in _NO_LINE_START and len(line) > 1 and not chunks[-1][1:]:
                chunks.append(line.pop())
                if line and line[-1][:1] not in _NO_LINE_START:
                    break
            if self.drop_whitespace and line and not line[-1].strip():
                line.pop()
            if line:
                lines.append(indent + "".join(line))
        return lines


_NO_LINE_START = set("，。、；：？！）》」』】”’")
click._textwrap.TextWrapper = _Wrapper  # type: ignore[misc]  # the wrapper click builds help with
click.formatting.term_len = columns  # type: ignore[assignment]


def safe_streams() -> None:
    """Every line printed survives any console code page: a character the console cannot
    show (a rare name character on a GBK console) becomes "?" there, never an error.
    Files are written in UTF-8 whatever the console."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
