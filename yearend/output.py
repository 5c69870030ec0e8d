"""Safe output: file names valid on Windows and Linux, atomic writes, hashes, the
output-folder guard, and the writer that never overwrites a hand-edited file."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
# A unit name is cut to 60 characters: with the document label, 「（新生成）」 and
# ".docx" a file name stays under Linux's 255 bytes (CJK is 3 bytes in UTF-8)
# and a Windows path stays well under 260 characters.
MAX_NAME = 60
TEMP_PREFIX = ".~yearend-"
NEW_COPY = "（新生成）"


def safe_name(name: str) -> str:
    """A unit or document name as a file name that is valid on Windows and Linux."""
    s = _UNSAFE.sub("_", name).strip().rstrip(". ")
    s = s[:MAX_NAME].rstrip(". ")
    if not s or set(s) <= {".", "_", " "}:
        s = "未命名"
    if s.split(".")[0].upper() in _RESERVED:
        s = "_" + s
    return s


def inside(root: Path, relative: str) -> Path:
    """``root / relative`` when it stays inside ``root``; OutputError otherwise."""
    target = (root / relative).resolve()
    if root.resolve() not in target.parents:
        raise OutputError(f"输出路径“{relative}”超出了输出文件夹，已拒绝写入")
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes())


def remove_leftovers(output_dir: Path) -> None:
    """Temporary files and PDF scratch folders of a run that was killed half way."""
    for tmp in output_dir.rglob(f"{TEMP_PREFIX}*.tmp"):
        tmp.unlink(missing_ok=True)
    for tmp in output_dir.glob(f"{TEMP_PREFIX}pdf-*"):
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass(frozen=True)
class Written:
    """Where a file went: ``path`` (relative to the output folder), and ``kept``, the
    hand-edited file left in place when the new one had to go beside it."""

    path: str
    sha256: str
    kept: str = ""


@dataclass
class Writer:
    """Writes files into the output folder without losing anyone's edits: a file whose
    hash is neither the new one's nor the one ``previous`` recorded was changed by
    hand, and the new file goes beside it as ``…（新生成）``, unless ``force``."""

    root: Path
    previous: dict[str, str]  # relative path → sha256 the last run wrote
    force: bool = False

    def write(self, relative: str, data: bytes) -> Written:
        target = inside(self.root, relative)
        digest = sha256_bytes(data)
        kept = ""
        if target.exists() and not self.force:
            current = sha256_file(target)
            if current != digest and current != self.previous.get(relative):
                kept = relative
                relative = Path(relative).with_name(f"{target.stem}{NEW_COPY}{target.suffix}").as_posix()
                target = inside(self.root, relative)
        write_atomic(target, data)
        return Written(relative, digest, kept)
