from components.export import renderer

"""Finding a browser for image exports: asked on every page run, so the answer is kept a while,
but a change of BROWSER_PATH or PATH is noticed at once."""


def test_find_browser_follows_browser_path_and_keeps_the_answer(monkeypatch, tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("")
    monkeypatch.setattr(renderer, "_FOUND", None)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    assert renderer.find_browser() == str(browser)
    browser.unlink()
    assert renderer.find_browser() == str(browser)  # kept: no file-system look per page run
    monkeypatch.setattr(renderer, "RECHECK_SECONDS", 0.0)
    assert renderer.find_browser() is None  # looked again once the answer is stale


def test_find_browser_notices_a_new_path_at_once(monkeypatch, tmp_path):
    monkeypatch.setattr(renderer, "_FOUND", None)
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert renderer.find_browser() is None
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert renderer.find_browser() is None  # same PATH: the kept answer
    other = tmp_path / "bin"
    other.mkdir()
    (other / "chromium").write_text("#!/bin/sh\n")
    (other / "chromium").chmod(0o755)
    monkeypatch.setenv("PATH", str(other))
    assert renderer.find_browser() == str(other / "chromium")
