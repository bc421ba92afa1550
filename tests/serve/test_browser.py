"""The HTML pages in headless Chromium (Debian's chromium + chromium-driver, driven by Selenium):
what the home, document, vote and State pages show, no console errors, screenshots saved."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from liveserver import start_server, stop_server

CHROMIUM = os.environ.get("UNKG_CHROMIUM", shutil.which("chromium") or shutil.which("chromium-browser") or "")
DRIVER = os.environ.get("UNKG_CHROMEDRIVER", shutil.which("chromedriver") or "")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="headless browser test needs Debian's chromium and chromium-driver (apt-get install chromium "
           "chromium-driver; .ci/run installs them)")


@pytest.fixture(scope="module")
def site(all_store: Path) -> Iterator[str]:
    proc, url = start_server(all_store)
    yield url
    stop_server(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000",
                "--lang=en-US"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = Path(os.environ.get("UNKG_SCREENSHOTS", str(tmp_path_factory.mktemp("screenshots"))))
    out.mkdir(parents=True, exist_ok=True)
    return out


def visit(browser, url: str, shots: Path, name: str) -> str:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(url)
    browser.save_screenshot(str(shots / f"{name}.png"))
    assert (shots / f"{name}.png").stat().st_size > 5000
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == [], errors
    return browser.find_element(By.TAG_NAME, "body").text


def test_home_page(site: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    text = visit(browser, site + "/", shots, "home")
    assert "A knowledge graph of United Nations documents" in text
    assert int(browser.find_element(By.ID, "n-documents").text) == 53
    assert int(browser.find_element(By.ID, "n-claims").text) > 50
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.documents a")]
    assert "A/ES-11/10" in links and "A/HRC/RES/54/2" in links


def test_document_page_side_by_side(site: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    text = visit(browser, site + "/doc/A/HRC/RES/56/17", shots, "document-A-HRC-RES-56-17")
    assert "A/HRC/RES/56/17" in text
    assert "Paragraphs (en | zh)" in text
    sides = browser.find_elements(By.CSS_SELECTOR, "div.side div.para[lang=zh]")
    assert len(sides) > 10
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.claim")
    assert marks, "claims are highlighted"


def test_claims_highlighted_in_the_seed(site: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    visit(browser, site + "/doc/A/ES-11/10/zh", shots, "document-A-ES-11-10-zh")
    marked = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "mark.claim")]
    assert "表示严重关切俄罗斯联邦侵略乌克兰造成的生命损失" in marked


def test_vote_page(site: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    text = visit(browser, site + "/vote/A/HRC/RES/54/2", shots, "vote-A-HRC-RES-54-2")
    assert "adopted" in text
    counts = {r.find_elements(By.TAG_NAME, "td")[0].text: r.find_elements(By.TAG_NAME, "td")[1].text
              for r in browser.find_elements(By.CSS_SELECTOR, "table.counts tr") if r.find_elements(By.TAG_NAME, "td")}
    assert counts == {"yes": "19", "no": "16", "abstain": "12"}
    rows = browser.find_elements(By.CSS_SELECTOR, "table.votes tr")
    assert len(rows) == 1 + 47
    assert any("Eritrea" in r.text and "no" in r.text for r in rows)


def test_state_page(site: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    text = visit(browser, site + "/state/ERI", shots, "state-ERI")
    assert "ERI" == browser.find_element(By.CSS_SELECTOR, "b.iso").text
    assert "Votes cast (6)" in text
    received = browser.find_elements(By.CSS_SELECTOR, "table.claims-received tr")
    assert len(received) > 1
    wikidata = browser.find_element(By.CSS_SELECTOR, "a.wikidata")
    assert wikidata.get_attribute("href").startswith("http://www.wikidata.org/entity/Q")


def test_sparql_page_loads_yasgui(site: str, browser, shots: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    visit(browser, site + "/sparql", shots, "sparql")
    assert browser.find_elements(By.CSS_SELECTOR, ".yasgui, .yasqe")
