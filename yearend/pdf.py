"""PDFs of the documents a run wrote, by LibreOffice headless.

One ``soffice`` process per worker converts a whole list of documents (starting
LibreOffice costs more than converting one document), each with a private
profile so that two can run at once and none touches the clerk's own LibreOffice.
A list gets a time limit of so much per document; a list that overruns is killed
and its unconverted documents are tried one at a time, so a document that hangs
LibreOffice is named and the others still get their PDFs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from .errors import OfficeMissing

SECONDS_PER_DOCUMENT = 60
START_SECONDS = 60
# The faces our documents name, and the CJK fonts that stand in for them where they
# are not installed (a Linux machine): serif faces for 宋/仿宋/楷, sans for 黑体.
SERIF = ("宋体", "SimSun", "仿宋_GB2312", "仿宋", "FangSong", "方正小标宋简体", "华文中宋", "楷体_GB2312", "楷体", "KaiTi")
SANS = ("黑体", "SimHei")
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{aliases}
</fontconfig>
"""


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if sys.platform == "win32":
        for base in (os.environ.get("PROGRAMFILES", r"C:\Program Files"),
                     os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")):
            exe = Path(base) / "LibreOffice" / "program" / "soffice.exe"
            if exe.is_file():
                return str(exe)
    return None


def fonts_conf(folder: Path) -> Path:
    """A fontconfig file that maps the Windows faces to Noto CJK (Linux)."""
    alias = ('  <match target="pattern"><test name="family"><string>{}</string></test>'
             '<edit name="family" mode="assign" binding="strong"><string>{}</string></edit></match>')
    conf = folder / "fonts.conf"
    conf.write_text(FONTS_CONF.format(aliases="\n".join(
        [alias.format(f, "Noto Serif CJK SC") for f in SERIF] + [alias.format(f, "Noto Sans CJK SC") for f in SANS])),
        encoding="utf-8")
    return conf


class _Running:
    """The LibreOffice processes of one conversion, so that Ctrl-C stops every one of
    them (they run in sessions of their own, which the terminal's signal does not reach)."""

    def __init__(self) -> None:
        self.procs: set[subprocess.Popen] = set()
        self.stopped = threading.Event()
        self.guard = threading.Lock()

    def start(self, cmd: list[str], env: dict) -> subprocess.Popen | None:
        with self.guard:
            if self.stopped.is_set():
                return None
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                    start_new_session=(os.name == "posix"))
            self.procs.add(proc)
            return proc

    def end(self, proc: subprocess.Popen) -> None:
        _kill(proc)
        with self.guard:
            self.procs.discard(proc)

    def stop_all(self) -> None:
        with self.guard:
            self.stopped.set()
            procs = list(self.procs)
        for proc in procs:
            _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            if os.name == "posix":
                os.killpg(proc.pid, 9)
            else:
                proc.kill()
        except OSError:
            pass
    proc.wait()


def _convert_list(soffice: str, docs: list[Path], work: Path, timeout: float, running: _Running,
                  stand_ins: bool = True) -> bool:
    """Convert ``docs`` into ``work`` with one LibreOffice; False when it overran or was stopped."""
    work = work.resolve()  # a file URI and soffice's own working folder need absolute paths
    profile = work / "profile"
    env = dict(os.environ)
    # LibreOffice's own temporary files (lu*.tmp) go into the scratch folder, removed with it
    env.update(TMPDIR=str(work), TMP=str(work), TEMP=str(work))
    if stand_ins and sys.platform.startswith("linux"):
        env["FONTCONFIG_FILE"] = str(fonts_conf(work))
    cmd = [soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", "pdf", "--outdir", str(work), *(str(d.resolve()) for d in docs)]
    proc = running.start(cmd, env)
    if proc is None:
        return False
    try:
        proc.wait(timeout=timeout)
        return not running.stopped.is_set()
    except subprocess.TimeoutExpired:
        return False
    finally:
        running.end(proc)


def convert(docs: list[Path], scratch: Path, workers: int = 1, per_document: float = SECONDS_PER_DOCUMENT,
            progress: Callable[[int], None] | None = None,
            done: dict[Path, Path] | None = None, stand_ins: bool = True) -> tuple[dict[Path, Path], list[Path]]:
    """PDFs of ``docs`` in ``scratch``: ({document: its pdf}, documents that got none).
    ``progress`` hears how many PDFs exist so far, about twice a second; ``done`` (given
    by the caller) is filled as each PDF is made, so what was made is known after Ctrl-C.
    Without ``stand_ins`` the Windows faces are left to LibreOffice's own substitutes, as a
    plain ``soffice --convert-to pdf`` prints (digits in DejaVu, wider than Noto's): the
    tests print so too.

    Raises OfficeMissing when LibreOffice is not installed. On Ctrl-C every LibreOffice
    is stopped before KeyboardInterrupt goes on up."""
    soffice = find_soffice()
    if soffice is None:
        raise OfficeMissing()
    shares = [docs[i::workers] for i in range(max(1, min(workers, len(docs))))]
    done = {} if done is None else done
    running = _Running()

    def work(n: int, share: list[Path]) -> None:
        folder = scratch / f"w{n}"
        folder.mkdir(parents=True, exist_ok=True)
        # one name per list: two documents called the same would overwrite each other's PDF
        batches: list[list[Path]] = []
        for doc in share:
            batch = next((b for b in batches if all(d.stem != doc.stem for d in b)), None)
            if batch is None:
                batches.append([doc])
            else:
                batch.append(doc)
        for b, batch in enumerate(batches):
            ok = _convert_list(soffice, batch, folder, START_SECONDS + per_document * len(batch), running, stand_ins)
            for k, doc in enumerate(batch):
                pdf = folder / (doc.stem + ".pdf")
                if not pdf.is_file() and not ok and not running.stopped.is_set():
                    # the list overran: this one alone, to name it
                    _convert_list(soffice, [doc], folder, START_SECONDS + per_document, running, stand_ins)
                if pdf.is_file():
                    done[doc] = pdf.rename(folder / f"done-{b}-{k}.pdf")

    def guarded(n: int, share: list[Path]) -> None:
        try:
            work(n, share)
        except OSError:  # LibreOffice could not be started or its folder written:
            pass  # the documents without a PDF are named by the caller, with no traceback

    threads = [threading.Thread(target=guarded, args=(n, share), daemon=True) for n, share in enumerate(shares)]
    try:
        for t in threads:  # Ctrl-C while they start must stop the LibreOffice one of them began, too
            t.start()
        while any(t.is_alive() for t in threads):
            next(t for t in threads if t.is_alive()).join(timeout=0.5)
            if progress is not None:
                progress(sum(1 for _ in scratch.glob("w*/*.pdf")))
    except KeyboardInterrupt:
        running.stop_all()
        for t in threads:
            if t.is_alive():
                t.join()
        raise
    return done, [d for d in docs if d not in done]


def convert_beside(docs: list[Path], output_dir: Path, workers: int, place: Callable[[Path, Path], None],
                   progress: Callable[[int], None] | None = None) -> list[Path]:
    """A PDF of each of ``docs`` (inside ``output_dir``), made in a scratch folder inside
    the output folder and handed to ``place(document, pdf)``, which puts it beside the
    document (as the run's Writer writes: a PDF someone changed is kept). Returns the
    documents that got none. On Ctrl-C the PDFs made so far are placed, every LibreOffice
    is stopped and the scratch folder removed before KeyboardInterrupt goes on up.

    Raises OfficeMissing when LibreOffice is not installed."""
    done: dict[Path, Path] = {}
    tmp = Path(tempfile.mkdtemp(prefix=".~yearend-pdf-", dir=output_dir))
    try:
        try:
            return convert(docs, tmp, workers, progress=progress, done=done)[1]
        finally:
            for doc in docs:
                if doc in done and done[doc].is_file():
                    place(doc, done[doc])
    finally:
        _remove(tmp)


def _remove(folder: Path) -> None:
    """The scratch folder, whatever a LibreOffice killed mid-write left in it (a file that
    appears while the tree is removed is removed on the next pass)."""
    for _ in range(5):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
