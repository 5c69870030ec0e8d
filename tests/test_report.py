"""运行报告.html: what it says, that it is the same bytes for the same run, and that a
real browser opens it with no errors, every link landing on a file in the output folder."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from helpers import TRAININGS, make_workbook, member

from yearend import build

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def county(folder: Path) -> Path:
    folder.mkdir()
    for name, hours in (("甲局", 2), ("乙镇<b>", 4), ("丙中学", 1)):
        make_workbook(folder, f"{name.strip('<b>')}.xlsx", unit={"单位名称": name, "年度": 2025},
                      members=[member("张三", 领导小组职务="组长"), member("李四", 队伍类别="网评员")],
                      trainings=[{**TRAININGS[0], "学时": hours}])
    make_workbook(folder, "丁乡.xlsx", unit={"单位名称": "丁乡", "年度": 2025},
                  members=[member("王五", 入队日期="2025-05-01", 离队日期="2025-03-01")])  # an error: no documents
    return folder


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])


@pytest.fixture(scope="module")
def county_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    inp = county(tmp / "in")
    result = build.build(build.Options(inp, tmp / "out"))
    return tmp, result


def test_the_report_says_what_the_run_did(county_run):
    tmp, result = county_run
    page = (tmp / "out" / "运行报告.html").read_text(encoding="utf-8")
    assert result.report is not None and result.report.path == "运行报告.html"
    assert "<script src" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "乙镇&lt;b&gt;" in page and "乙镇<b>" not in page  # names are text
    assert "有错误，未生成" in page and "离队日期 2025-03-01 早于入队日期 2025-05-01" in page  # 丁乡's problem
    assert "丁乡.xlsx · 人员名册!D2" in page  # with its cell
    assert "问题标注/丁乡（问题标注）.xlsx" in unquote(page)  # the annotated copy linked from its problem
    assert "队伍类别“网评员”不在常用值" in page
    assert "汇总（3 个单位，2025 年度）" in page and "各单位人均学时（从高到低）" in page


def test_every_link_is_a_file_in_the_output_folder(county_run):
    tmp, _ = county_run
    out = (tmp / "out").resolve()
    links = Links()
    links.feed((out / "运行报告.html").read_text(encoding="utf-8"))
    files = [h for h in links.hrefs if not h.startswith("#")]
    assert len(files) >= 3 * 5 + 2 + 1  # each unit's documents, the roll-up and its workbook, a copy
    for href in files:
        target = (out / unquote(href)).resolve()
        assert out in target.parents and target.is_file(), href


def test_the_same_run_gives_the_same_bytes(county_run, tmp_path):
    tmp, _ = county_run
    build.build(build.Options(tmp / "in", tmp_path / "again"))
    assert (tmp_path / "again" / "运行报告.html").read_bytes() == (tmp / "out" / "运行报告.html").read_bytes()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="未安装 chromium 和 chromium-driver（.ci/run 会安装）")
def test_a_real_browser_opens_it_without_errors_and_sorts_by_unit(county_run):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    tmp, _ = county_run
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={tmp / 'profile'}", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        driver.get((tmp / "out" / "运行报告.html").resolve().as_uri())
        assert driver.title.startswith("运行报告")
        table = driver.find_element("css selector", "table.sortable")
        names = lambda: [r.find_element("css selector", "td").text for r in table.find_elements("css selector", "tbody tr")]  # noqa: E731
        assert names() == ["丁乡", "丙中学", "乙镇<b>", "甲局"]
        header = table.find_element("css selector", "th.sort:nth-child(13)")  # 人均学时
        assert header.text.startswith("人均学时")
        header.click()
        assert names()[-1] == "乙镇<b>"  # 4 hours each, the most
        header.click()
        assert names()[0] == "乙镇<b>"
        driver.save_screenshot(str(tmp / "运行报告.png"))
        assert (tmp / "运行报告.png").stat().st_size > 10_000
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert severe == []
    finally:
        driver.quit()
    assert re.search(r"\S", (tmp / "out" / "运行报告.html").read_text(encoding="utf-8"))
