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
from pathlib import Path

from .errors import WARNING, Problem

SECONDS_PER_DOCUMENT = 60
START_SECONDS = 60
INSTALL = ("未找到 LibreOffice，未生成 PDF（.docx 文档已全部写好）。"
           "Windows：从 libreoffice.org 下载安装 LibreOffice；"
           "Debian/Ubuntu：sudo apt-get install libreoffice-writer fonts-noto-cjk。装好后加 --pdf 重新运行")
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


def _convert_list(soffice: str, docs: list[Path], work: Path, timeout: float) -> bool:
    """Convert ``docs`` into ``work`` with one LibreOffice; False when it overran."""
    work = work.resolve()  # a file URI and soffice's own working folder need absolute paths
    profile = work / "profile"
    env = dict(os.environ)
    if sys.platform.startswith("linux"):
        env["FONTCONFIG_FILE"] = str(fonts_conf(work))
    cmd = [soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", "pdf", "--outdir", str(work), *(str(d.resolve()) for d in docs)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                            start_new_session=(os.name == "posix"))
    try:
        proc.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            os.killpg(proc.pid, 9)
        else:
            proc.kill()
        proc.wait()
        return False


def convert(docs: list[Path], scratch: Path, workers: int = 1,
            per_document: float = SECONDS_PER_DOCUMENT) -> tuple[dict[Path, Path], list[Path]]:
    """PDFs of ``docs`` in ``scratch``: ({document: its pdf}, documents that got none).

    Raises FileNotFoundError when LibreOffice is not installed."""
    soffice = find_soffice()
    if soffice is None:
        raise FileNotFoundError(INSTALL)
    shares = [docs[i::workers] for i in range(max(1, min(workers, len(docs))))]
    done: dict[Path, Path] = {}

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
            ok = _convert_list(soffice, batch, folder, START_SECONDS + per_document * len(batch))
            for k, doc in enumerate(batch):
                pdf = folder / (doc.stem + ".pdf")
                if not pdf.is_file() and not ok:  # the list overran: this one alone, to name it
                    _convert_list(soffice, [doc], folder, START_SECONDS + per_document)
                if pdf.is_file():
                    done[doc] = pdf.rename(folder / f"done-{b}-{k}.pdf")

    def guarded(n: int, share: list[Path]) -> None:
        try:
            work(n, share)
        except OSError:  # LibreOffice could not be started or its folder written:
            pass  # the documents without a PDF are named by the caller, with no traceback

    threads = [threading.Thread(target=guarded, args=(n, share)) for n, share in enumerate(shares)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done, [d for d in docs if d not in done]


def convert_run(result, output_dir: Path, jobs: int | None, report, progress) -> None:
    """A PDF beside every .docx this run wrote, recorded in its manifest entry."""
    from .build import default_jobs, sha256_file

    # written now, or carried from a run without --pdf (or whose PDF is gone)
    records = [d for u in result.units for d in u.documents
               if not u.state or not d.get("pdf") or not (output_dir / d["pdf"]).is_file()]
    records += [d for d in result.documents if d.get("kind") == "rollup"]
    records = [d for d in records if d["path"].endswith(".docx") and (output_dir / d["path"]).is_file()]
    if not records:
        return
    with tempfile.TemporaryDirectory(prefix=".~yearend-pdf-", dir=output_dir) as tmp:
        try:
            done, failed = convert([output_dir / d["path"] for d in records], Path(tmp),
                                   jobs or min(2, default_jobs()))
        except FileNotFoundError as e:
            result.problems.append(Problem(WARNING, "", "", "", str(e)))
            return
        for i, d in enumerate(records, 1):
            doc = output_dir / d["path"]
            if doc in done:
                target = doc.with_suffix(".pdf")
                os.replace(done[doc], target)  # same folder tree: an atomic rename
                d["pdf"] = target.relative_to(output_dir).as_posix()
                d["pdf_sha256"] = sha256_file(target)
            progress("转换 PDF", i, len(records))
    for doc in failed:
        result.problems.append(Problem(WARNING, doc.name, "", "", "LibreOffice 未能把这份文档转成 PDF（超时或出错）；"
                                                                 ".docx 已写好，可以用 Word 或 WPS 另存为 PDF"))
    report(f"PDF：{len(done)} 份，写在各自的 .docx 旁边" + (f"；{len(failed)} 份未能转换" if failed else ""))
