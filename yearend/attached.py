"""Workbooks that arrive inside a .zip attachment, read as if it were unpacked.

Units mail their workbooks zipped; a clerk drops the .zip into the input folder as it
came. Each workbook inside is named by a path through the archive
(``收到的报表/三月/附件.zip/财政局.xlsx``) and read from memory: nothing is unpacked to
disk, so the input folder stays as the clerk left it. Windows' own zip tool writes
names in GBK without saying so (the zip format's UTF-8 flag unset); such names are
decoded as GB18030 (GBK and beyond), those flagged as UTF-8 as UTF-8. The standard library's zipfile does
the reading; what it lacks (the GBK names, the size guard) is here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import WorkbookError

# What one workbook in an archive may unpack to: as much as a whole workbook's parts may
# (opener.MAX_UNPACKED); more is refused before it is read into memory.
MAX_MEMBER = 512 * 1024**2
UTF8_FLAG = 0x800


def member_name(info: zipfile.ZipInfo) -> str:
    """The name as the sender's computer wrote it: UTF-8 when flagged, else GBK (what
    Windows writes), read back from the CP437 that zipfile assumed."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for encoding in ("utf-8", "gb18030"):  # GB18030: GBK and every character beyond it
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


_LISTED: dict[tuple[str, int, int], tuple[list[tuple[str, zipfile.ZipInfo]], list[str]]] = {}


def contents(archive: Path) -> tuple[list[tuple[str, zipfile.ZipInfo]], list[str]]:
    """(the files in ``archive``: name as a clean relative path (``./`` and doubled ``/``
    gone), entry; the names refused: one that climbs out (``../``), is absolute, names a
    drive or a share (``C:\\``, ``\\\\server``) or repeats an earlier one). Listed once a
    process for each state of the file: every workbook in it is read through this.
    Raises WorkbookError for an archive that cannot be opened."""
    stat = archive.stat()
    key = (str(archive), stat.st_mtime_ns, stat.st_size)
    if key not in _LISTED:
        try:
            with zipfile.ZipFile(archive) as zf:
                infos = zf.infolist()
        except PermissionError as e:
            raise WorkbookError("没有读取这个压缩包的权限，未读取。请检查文件权限，或复制一份可以打开的再试") from e
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise WorkbookError("压缩包已损坏或不是 .zip 格式，无法打开。请对方重新发送，或解压后把工作簿放进文件夹") from e
        found: list[tuple[str, zipfile.ZipInfo]] = []
        refused: list[str] = []
        seen: set[str] = set()
        for info in infos:
            raw = member_name(info).replace("\\", "/")
            parts = [part for part in raw.split("/") if part not in ("", ".")]
            name = "/".join(parts)
            if info.is_dir() or not parts:
                continue
            if raw.startswith("/") or ".." in parts or ":" in raw or name in seen:
                refused.append(raw)
                continue
            seen.add(name)
            found.append((name, info))
        if len(_LISTED) >= 256:  # a worker process lives for one run; this only bounds a long one
            _LISTED.clear()
        _LISTED[key] = (found, refused)
    return _LISTED[key]


def archive_of(path: Path) -> tuple[Path, str] | None:
    """(the archive, the member's name in it) when ``path`` names a file inside a .zip."""
    for parent in path.parents:
        if parent.suffix.lower() == ".zip" and parent.is_file():
            return parent, path.relative_to(parent).as_posix()
    return None


def read_source(path: Path) -> bytes:
    """A workbook's bytes: the file's, or the archive member's that ``path`` names. An
    archive itself is read only when discovery could not list it: it raises why."""
    inside = archive_of(path) if not path.is_file() else None
    if inside is None:
        if path.suffix.lower() == ".zip":
            contents(path)  # raises: the archive cannot be opened (else discovery listed it)
        return path.read_bytes()
    archive, name = inside
    for member, info in contents(archive)[0]:
        if member == name:  # both clean relative paths: pathlib made ``name`` one
            if info.flag_bits & 0x1:
                raise WorkbookError("压缩包设有密码，其中的工作簿无法读取。请解压后把工作簿放进文件夹")
            if info.file_size > MAX_MEMBER:
                raise WorkbookError(f"这个工作簿解压后有 {info.file_size // 1024**2} MB，远超一个单位的数据量，"
                                    "可能已损坏或是恶意构造的文件，未读取。请解压后检查")
            try:
                with zipfile.ZipFile(archive) as zf, zf.open(info) as f:
                    data = f.read(MAX_MEMBER + 1)  # the size the archive declares may lie
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as e:
                raise WorkbookError("压缩包中的这个文件已损坏或用了不支持的压缩方式，无法读取。"
                                    "请解压后把工作簿放进文件夹") from e
            if len(data) > MAX_MEMBER:
                raise WorkbookError("这个工作簿解压后远超一个单位的数据量，可能是恶意构造的文件，未读取。请解压后检查")
            return data
    raise WorkbookError("压缩包中找不到这个文件（压缩包可能在运行时被替换了）。请重新运行")
