"""Shared test helpers: where the data lives, and a writable copy of a dataset to break."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
INVALID = FIXTURES / "invalid"
SOURCE = ROOT.parent / "shared" / "sources" / "the-rise-of-taliban-diplomacy.txt"


def copy_dataset(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("schema"))
    return dest


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped dataset."""
    return copy_dataset(SHIPPED, tmp_path / "data")


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid dataset the failure fixtures break."""
    return copy_dataset(MINI, tmp_path / "data")


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(scope="session")
def browser() -> str:
    """A Chromium for exports and browser tests. `make test` installs one; without it these
    tests skip when run by hand, and fail in CI, where the browser is part of the contract."""
    from components.export.renderer import INSTALL_HINT, find_browser

    path = find_browser()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(INSTALL_HINT)
        pytest.skip(INSTALL_HINT)
    return path


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real Redis server on a free loopback port (Debian's redis-server; `make test` installs
    it where it may). Where none can be installed, the Redis variants skip and say why."""
    binary = shutil.which("redis-server", path=os.environ.get("PATH", "") + ":/usr/bin:/usr/sbin")
    if binary is None:
        pytest.skip(
            "no redis-server on this machine and none could be installed (make test installs "
            "Debian's redis-server as root): the Redis variant of follow mode is not tested"
        )
    from components.export.serve import free_port

    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("redis-server did not start") from None
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright's driver, one for the run (its sync API allows one instance per thread at a
    time): the browsers below are launched from it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(browser, playwright_driver):
    """One Playwright Chromium for the whole run, the full browser the dashboard's exports use:
    for the export tests that draw or measure an export in a browser (text is laid out there as
    kaleido lays it out). The browser tests (tests/e2e) drive the headless shell instead."""
    from components.export.screenshot import CHROMIUM_ARGS

    instance = playwright_driver.chromium.launch(executable_path=browser, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def made_once(tmp_path_factory):
    """made_once(name, make) -> make()'s value, made by the first worker of the run that asks and
    read back by the others. pytest-xdist spreads a module's tests over the workers, and a module
    fixture is made on each worker they land on: one run built the same briefing pack three
    times (90 of its CPU-seconds). The value is pickled in the run's shared temporary folder,
    made under an exclusive lock (the others wait for it rather than make it too)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base

    def get(name: str, make):  # noqa: ANN001, ANN202
        path = shared / f"made-once-{name}.pickle"
        with open(f"{path}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():
                return pickle.loads(path.read_bytes())
            value = make()
            path.write_bytes(pickle.dumps(value))
            return value

    return get


TIER_ORDER = {"e2e": 0, "export": 1, "app": 2, "unit": 3}


def pytest_collection_modifyitems(config, items):  # noqa: ARG001
    """Every test carries its tier's marker, named by its folder (tests/e2e: e2e), so that
    `pytest -m unit` finds them all and the order below places them (the coding browser test,
    unmarked, ran last: two minutes alone at the end of the run). Then the longest tiers first
    (browser, export, AppTest, unit; the order within each is kept): on several workers the long
    browser tests start early and the short unit tests fill the end, so no worker idles while
    another finishes a long test."""
    for item in items:
        tier = item.path.parent.name
        if tier in TIER_ORDER and item.get_closest_marker(tier) is None:
            item.add_marker(tier)
    # within a tier, the property-based tests (hypothesis: dozens of generated cases each, the
    # longest unit tests) first, so that none starts last and leaves one worker running alone
    items.sort(
        key=lambda item: (
            min(
                (TIER_ORDER[m.name] for m in item.iter_markers() if m.name in TIER_ORDER), default=4
            ),
            not getattr(getattr(item, "obj", None), "is_hypothesis_test", False),
        )
    )


def pytest_terminal_summary(terminalreporter):  # noqa: ANN001
    """What a test counted, said in the run's output (a test records it as "summary": e.g. how
    many views the check of text over text walked)."""
    lines = []
    for report in terminalreporter.stats.get("passed", []):
        lines += [v for k, v in getattr(report, "user_properties", []) if k == "summary"]
    if lines:
        terminalreporter.write_sep("-", "counted")
        for line in lines:
            terminalreporter.write_line(line)
