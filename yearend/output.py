"""Safe output: file names valid on Windows and Linux, atomic writes, hashes, the
output-folder guard, and the writer that never overwrites a hand-edited file."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
import re
import secrets
import shutil
import sys
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
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


def free_name(base: str, taken) -> str:
    """``base``, or ``base_2``, ``base_3`` … the first whose case-folded form is not in
    ``taken`` (a set or dict of case-folded names: Windows compares file names without case)."""
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base}_{n}"
    return name


def inside(root: Path, relative: str) -> Path:
    """The output-folder guard, for every write, rename and delete: ``root / relative``
    when ``relative`` is a plain relative path (no drive, no ``..``) that resolves inside
    ``root`` through no symbolic link; OutputError otherwise. ``relative`` may come from
    a record file a person can edit (manifest.json), so nothing in it is trusted."""
    text = str(relative).replace("\\", "/")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if not parts or text.startswith("/") or ":" in parts[0] or ".." in parts:
        raise OutputError(f"路径“{relative}”不在输出文件夹内，已拒绝")
    base = _real(os.fspath(root))
    step = base
    for part in parts:
        step = os.path.join(step, part)
        if os.path.islink(step):
            raise OutputError(f"“{step}”是指向别处的链接，为免写到输出文件夹以外，已拒绝写入。请删除这个链接后重新运行")
    # From a real folder, through no link and no "..", the path is inside: resolving it again
    # (a file system call for every folder from the disk's root, for every file written) is
    # left to Windows, whose junctions islink does not see and realpath follows
    if os.name == "nt" and Path(base) not in Path(os.path.realpath(step)).parents:
        raise OutputError(f"路径“{relative}”不在输出文件夹内，已拒绝")
    return Path(step)


@functools.lru_cache(maxsize=64)
def _real(root: str) -> str:
    """The output folder as the file system names it, links resolved: once a folder, not
    once for every file written into it."""
    return os.path.realpath(root)


def is_inside(root: Path, relative: str) -> bool:
    try:
        inside(root, relative)
    except OutputError:
        return False
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    _move(_temporary(path, data), path)


def _temporary(path: Path, data: bytes, durable: bool = True) -> str:
    """``data`` in a new temporary file beside ``path`` (fsynced unless not ``durable``);
    its name. Opened as tempfile.mkstemp opens one (O_EXCL, no link followed), but with
    the mode a plainly created file gets (mkstemp's 0600 needed a chmod after, and nobody
    else on a shared folder could open it) and a name from a counter after the process's own
    random tag (no random draw a file), its folder made only when missing: a county's eleven
    thousand files took four system calls less each."""
    name, made = "", False
    for _ in range(100):
        name = os.path.join(path.parent, f"{TEMP_PREFIX}{_TAG}-{os.getpid()}-{next(_SERIAL)}.tmp")
        try:
            try:
                fd = _open_new(name)
                break
            except FileExistsError:
                continue  # a name left by another run: the next
            except FileNotFoundError:
                if made:  # the folder is there now: the path itself is refused (too long on Windows)
                    raise
                made = True
                path.parent.mkdir(parents=True, exist_ok=True)  # what it raises is named below too
        except PermissionError as e:
            raise OutputError(f"没有权限写入文件夹“{path.parent}”。请换一个输出文件夹（-o），或请管理员开放写权限") from e
        except OSError as e:
            raise OutputError(_cannot_write(path, e)) from e
    else:
        raise OutputError(_cannot_write(path, FileExistsError(name)))
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        Path(name).unlink(missing_ok=True)
        raise OutputError(_cannot_write(path, e)) from e
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return name


# how tempfile opens a new file (_bin_openflags), write-only
_NEW_FILE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOINHERIT", 0)
             | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))


def _open_new(name: str) -> int:
    return os.open(name, _NEW_FILE, 0o666)  # the mode less the umask, as open() gives


_TAG = secrets.token_hex(4)  # this run's: nobody can place a file under the names it will take
_SERIAL = itertools.count()


@functools.cache
def _syncfs():
    """libc's syncfs (Linux), or None: one call makes every file of a file system durable.
    Python has none of its own; ctypes finds it in the C library the interpreter runs on."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None


def _sync_all(name: str) -> None:
    """Everything written to the file system that holds the file ``name`` made durable, by
    one syncfs; OSError when it fails (a full disk)."""
    import ctypes

    syncfs = _syncfs()
    fd = os.open(name, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))
    finally:
        os.close(fd)


def _move(tmp: str, path: Path) -> None:
    """A durable temporary file into its place (``os.replace``: atomic); removed when it cannot go."""
    try:
        os.replace(tmp, path)
    except PermissionError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"没有权限写入“{path}”。请关闭在 Word/WPS 中打开的这个文件，或换一个输出文件夹后重新运行") from e
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(_cannot_write(path, e)) from e


def _cannot_write(path: Path, e: OSError) -> str:
    import errno

    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间不足，未能写入“{path.name}”。请清理磁盘或换一个输出文件夹（-o）后重新运行；已写好的文档见 manifest.json"
    return f"未能写入“{path}”（{e.strerror or type(e).__name__}）。请检查输出文件夹后重新运行"


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


LOCK = ".yearend.lock"


@contextlib.contextmanager
def lock(output_dir: Path) -> Iterator[None]:
    """Hold the output folder for one run: a second run into it stops with a clear message
    instead of interleaving with this one. An OS file lock, so a run that was killed
    leaves no lock behind (the file stays; the lock goes with the process)."""
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        handle = open(output_dir / LOCK, "a+b")  # noqa: SIM115 -- held for the whole run
    except PermissionError as e:
        raise OutputError(f"没有权限写入输出文件夹“{output_dir}”。请换一个输出文件夹（-o），或请管理员开放写权限") from e
    except OSError as e:
        raise OutputError(f"无法使用输出文件夹“{output_dir}”：{e.strerror or e}。请换一个输出文件夹（-o）") from e
    try:
        try:
            _take(handle)
        except OSError:
            raise OutputError(f"另一次生成正在写入输出文件夹“{output_dir}”。请等它结束后再运行，"
                              "或换一个输出文件夹（-o）") from None
        try:
            yield
        finally:
            _release(handle)
    finally:
        handle.close()


def _take(handle) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _release(handle) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@dataclass(frozen=True)
class Written:
    """Where a file went: ``path`` (relative to the output folder), and ``kept``, the
    hand-edited file left in place when the new one had to go beside it."""

    path: str
    sha256: str
    kept: str = ""
    cut: str = ""  # the name asked for, when it was too long for a file system and was cut


# A file or folder name holds at most 255 bytes on Linux (UTF-8: a Chinese character is
# three) and 255 characters on Windows. Names are cut well below, leaving room for
# “（新生成12）” and the atomic write's temporary name beside it.
MAX_BYTES = 200


_ESCAPED = re.compile("[\udc80-\udcff]")


def readable(name: str) -> str:
    """A file name as a person reads it. Linux hands over a name that is not UTF-8 (a GBK
    name from a Windows zip unpacked here) with its bytes as surrogate escapes, which no
    UTF-8 file, page or screen can hold: each such path component is decoded as GB18030
    (what Chinese Windows writes), else with the undecodable bytes replaced."""
    if not _ESCAPED.search(name):
        return name
    parts = []
    for part in name.split("/"):
        if not _ESCAPED.search(part):
            parts.append(part)
            continue
        raw = part.encode("utf-8", "surrogateescape")
        try:
            parts.append(raw.decode("gb18030"))
        except UnicodeDecodeError:
            parts.append(raw.decode("utf-8", "replace"))
    return "/".join(parts)


def fit_component(name: str) -> str:
    """``name`` within MAX_BYTES of UTF-8: cut, with a short digest of the whole name so
    that two long names that begin alike stay two files; its suffix (.docx) kept."""
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) <= MAX_BYTES:
        return name
    path = Path(name)
    suffix = path.suffix if len(path.suffix) <= 10 else ""
    stem = name[: len(name) - len(suffix)]
    tag = "~" + hashlib.sha256(raw).hexdigest()[:6]
    while stem and len((stem + tag + suffix).encode("utf-8", "surrogateescape")) > MAX_BYTES:
        stem = stem[:-1]
    return stem.rstrip(". ") + tag + suffix


def fit_path(relative: str) -> str:
    """Every component of ``relative`` within MAX_BYTES (fit_component)."""
    return "/".join(fit_component(part) for part in relative.split("/"))


@dataclass
class Writer:
    """Writes files into the output folder without losing anyone's edits: a file whose
    hash is neither the new one's nor the one ``previous`` recorded was changed by
    hand, and the new file goes beside it as ``…（新生成）``, unless ``overwrite``."""

    root: Path
    previous: Mapping[str, Collection[str]]  # relative path → the sha256s this tool wrote there before
    overwrite: bool = False  # replace a file a person edited (--overwrite-edits): never the default
    journal: str = ""  # this run's id: each file written is appended to JOURNAL with it (see read_journal)

    # the error that stopped this writer's batches: no later commit moves a file (commit)
    refused: OutputError | None = field(default=None, init=False)

    def write(self, relative: str, data: bytes, note: dict | None = None) -> Written:
        """Write ``data`` at ``relative``, or beside it when a person changed what is there:
        ``…（新生成）``, then ``…（新生成2）`` and on, the first that is free, ours and
        unchanged, or already these bytes. A （新生成） copy someone edited is kept too."""
        done, error = self._place([self.stage(relative, data, note, alone=True)])
        if error is not None:
            raise error
        return done[0].written

    def stage(self, relative: str, data: bytes, note: dict | None = None, alone: bool = False) -> Staged:
        """The first half of ``write``: where the file goes, decided, and its bytes in a
        temporary file beside it; ``commit`` moves it into place. Unless ``alone``, the
        file is made durable with the others of its batch, at their commit (Linux)."""
        digest = sha256_bytes(data)
        asked, relative = relative, fit_path(relative)
        fitted = relative
        original = Path(relative)
        kept = ""
        for n in range(1, 1000):
            target = inside(self.root, relative)
            # (inside has refused a link in its place, a broken one too: exists alone says it)
            if (self.overwrite and not target.is_dir()) or not target.exists():
                break
            current = sha256_file(target) if target.is_file() else ""  # a folder of that name is no file of ours
            if current == digest or current in self.previous.get(relative, ()):
                break
            kept = kept or relative
            mark = NEW_COPY if n == 1 else f"{NEW_COPY[:-1]}{n}{NEW_COPY[-1]}"  # （新生成）, （新生成2）, …
            relative = original.with_name(f"{original.stem}{mark}{original.suffix}").as_posix()
        synced = alone or _syncfs() is None
        return Staged(_temporary(target, data, durable=synced), target, synced,
                      Written(relative, digest, kept, cut=asked if fitted != asked else ""), note)

    def commit(self, staged: list[Staged]) -> tuple[list[Staged], OutputError | None]:
        """Files ``stage`` wrote, made durable (one syncfs for those not fsynced yet), then
        each moved into place and named in the journal, in order: (those now in place, the
        error that stopped the rest). After an error nothing more is moved, in this batch
        or a later one: their temporary files are removed."""
        if self.refused is not None:
            discard(staged)
            return [], self.refused
        done, self.refused = self._place(staged)
        return done, self.refused

    def _place(self, staged: list[Staged]) -> tuple[list[Staged], OutputError | None]:
        done: list[Staged] = []
        try:
            if not all(s.synced for s in staged):  # one syncfs: a batch is on one file system, its unit's folder
                try:
                    _sync_all(staged[0].tmp)
                except OSError as e:
                    raise OutputError(_cannot_write(staged[0].target, e)) from e
            with _journal(self.root, bool(self.journal)) as note:
                for s in staged:
                    _move(s.tmp, s.target)
                    done.append(s)
                    note({"run": self.journal, "path": s.written.path, "sha256": s.written.sha256, **(s.note or {})})
        except OutputError as e:
            return done, e
        finally:
            discard(staged[len(done):])
        return done, None


def discard(staged: list[Staged]) -> None:
    """Files ``stage`` wrote that will not be committed: their temporary files removed."""
    for s in staged:
        Path(s.tmp).unlink(missing_ok=True)


@dataclass
class Staged:
    """A file ``Writer.stage`` wrote under a temporary name, to be moved into place by ``commit``."""

    tmp: str
    target: Path
    synced: bool  # fsynced already (alone, or where there is no syncfs)
    written: Written
    note: dict | None


# Every file a run writes is noted here as it is written, by whichever process writes it,
# so that a run stopped half way (Ctrl-C, a crash, a power cut) leaves a true record of
# what is on disk: the next run knows those files are the tool's, not a person's edits,
# and the manifest of the stopped run names them. A run that ends normally has it all in
# manifest.json and removes this file.
JOURNAL = ".yearend-journal.jsonl"


@contextlib.contextmanager
def _journal(root: Path, on: bool = True) -> Iterator[Callable[[dict], None]]:
    """A function that appends an entry to the journal, one line in one write (O_APPEND: lines
    of several processes never mix), the file opened once for a batch; nothing when not ``on``."""
    fd = -1
    if on:
        try:
            # never through a link someone put there in its place: the output folder is never left
            fd = os.open(root / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
        except OSError:
            pass  # the journal is a safeguard for an interrupted run; without it the run goes on

    def note(entry: dict) -> None:
        if fd >= 0:
            with contextlib.suppress(OSError):  # (a full disk: the next file written says so)
                os.write(fd, (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace"))

    try:
        yield note
    finally:
        if fd >= 0:
            os.close(fd)


def read_journal(root: Path) -> list[dict]:
    """The journal's entries, each with a str path inside ``root`` and a sha256 (others are
    ignored: the file is one a person could edit)."""
    try:
        lines = (root / JOURNAL).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut short by the stop
        if (isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("sha256"), str)
                and is_inside(root, entry["path"])):
            found.append(entry)
    return found


def remove_journal(root: Path) -> None:
    with contextlib.suppress(OSError):
        (root / JOURNAL).unlink()
