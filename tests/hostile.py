"""Hostile datasets, made at test time from a copy of the shipped data (links, FIFOs and devices
cannot live in git). Each maker breaks or poisons the copy in one way; tests/unit, tests/app and
tests/e2e run them through the command line, AppTest and the browser. docs/robustness.md lists
them with what the user sees."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

from tests.conftest import SHIPPED, replace_in

# an address of the documentation range (RFC 5737): nothing answers there, and a request to it
# in the browser tests means the dashboard let a dataset make the browser fetch something
OUTSIDE = "http://198.51.100.7"
MARKUP = (
    f"![pixel]({OUTSIDE}/md.png) <img src='{OUTSIDE}/html.png'> "
    f"[click](javascript:alert(1)) <a href='{OUTSIDE}/a'>link</a> "
    "<span style='font-size:90px;color:red'>BIG</span> :red[red] $x^2$ "
    "<script>alert(1)</script> `tick` **bold** # heading"
)
FORMULA = '=HYPERLINK("http://198.51.100.7/f","Click")'


def copy_shipped(dest: Path) -> Path:
    shutil.copytree(SHIPPED, dest, ignore=shutil.ignore_patterns("schema"))
    return dest


def _set(path: Path, line_start: str, value: str) -> None:
    """Replace the value of the first line starting with `line_start` (e.g. '    name: Russia')
    by `value`, written as a YAML double-quoted string (JSON's quoting is valid YAML)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, ln in enumerate(lines) if ln.startswith(line_start))
    key = lines[i].split(":", 1)[0]
    end = i + 1
    if lines[i].rstrip().endswith((">-", ">", "|", "|-")):  # a block: its lines go too
        depth = len(key) - len(key.lstrip())
        while end < len(lines) and len(lines[end]) - len(lines[end].lstrip()) > depth:
            end += 1
    lines[i:end] = [f"{key}: {json.dumps(value)}\n"]
    path.write_text("".join(lines), encoding="utf-8")


def markup(dest: Path) -> Path:
    """Markup, images, links, styles and Streamlit's own syntax in every kind of text a page
    shows: the title, an actor, a third party's name, an event, a tier, a finding, a scene, the
    source's address, a scale level's label and threshold, the reliability's notes, a value's
    adjudication and an event's date source."""
    data = copy_shipped(dest)
    _set(data / "meta.yaml", "title:", f"Tug {MARKUP}")
    _set(data / "meta.yaml", "    short_name: Kabul", f"Kabul <b onmouseover='x'>{OUTSIDE}</b>")
    _set(data / "meta.yaml", "    address: https://thediplomat.com",
         f"https://thediplomat.com/x)![img]({OUTSIDE}/src.png)")  # fmt: skip
    _set(data / "meta.yaml", "    title: The West stays with Kabul", f"West {MARKUP}")
    _set(data / "third_parties.yaml", "    name: Russia", f"Russia {MARKUP}")
    _set(data / "events.yaml", "    title: Russia-China-Pakistan trilateral", f"Moscow {MARKUP}")
    _set(data / "strategy.yaml", "    title: Mending ties with the West", f"Mending {MARKUP}")
    _set(data / "scenes.yaml", '    title: "Tier 1: mending', f"Tier 1 {MARKUP}")
    _set(data / "scenes.yaml", "    title: Where things stood", f"Where {MARKUP}")  # the wall's
    # the method page's scale, reliability and decisions, and the timeline's sources
    _set(data / "meta.yaml", "      threshold:", f"Fighting {MARKUP}")
    _set(data / "meta.yaml", "      label: Strained", f"Strained {MARKUP}")  # the agreement map
    _set(data / "meta.yaml", "  second_coding:", f"kept {MARKUP}")
    _set(data / "meta.yaml", "  note:", f"Note {MARKUP}")
    _set(data / "third_parties.yaml", "            adjudication:", f"Decided {MARKUP}")
    _set(data / "events.yaml", "    date_source:", f"Record {MARKUP}")
    return data


def formulas(dest: Path) -> Path:
    """Cells a spreadsheet would run as a formula: a name, a rationale, a quote's reasoning."""
    data = copy_shipped(dest)
    replace_in(data / "third_parties.yaml", "    name: Russia\n", f"    name: '{FORMULA}'\n")
    replace_in(
        data / "third_parties.yaml",
        "rationale: Taliban representatives met Russian officials",
        "rationale: +cmd|' /C calc'!A0 Taliban representatives met Russian officials",
    )
    return data


def link_to_secret(dest: Path) -> Path:
    """scenes.yaml is a symbolic link to the server's environment."""
    data = copy_shipped(dest)
    (data / "scenes.yaml").unlink()
    os.symlink("/proc/self/environ", data / "scenes.yaml")
    return data


def link_to_outside(dest: Path) -> Path:
    """meta.yaml is a link to a file outside the data directory (with valid content)."""
    data = copy_shipped(dest)
    outside = dest.parent / f"{dest.name}-outside-meta.yaml"
    shutil.move(data / "meta.yaml", outside)
    os.symlink(outside, data / "meta.yaml")
    return data


def hard_link(dest: Path) -> Path:
    """events.yaml is a hard link to a file elsewhere."""
    data = copy_shipped(dest)
    elsewhere = dest.parent / f"{dest.name}-elsewhere.yaml"
    shutil.move(data / "events.yaml", elsewhere)
    os.link(elsewhere, data / "events.yaml")
    return data


def fifo(dest: Path) -> Path:
    """events.yaml is a named pipe: reading it would block for ever."""
    data = copy_shipped(dest)
    (data / "events.yaml").unlink()
    os.mkfifo(data / "events.yaml")
    return data


def device(dest: Path) -> Path | None:
    """strategy.yaml is a character device (/dev/zero's numbers); None where mknod is not
    allowed (not root)."""
    data = copy_shipped(dest)
    (data / "strategy.yaml").unlink()
    zero = os.stat("/dev/zero")
    try:
        os.mknod(data / "strategy.yaml", stat.S_IFCHR | 0o644, zero.st_rdev)
    except PermissionError:
        return None
    return data


def huge_count(dest: Path) -> Path:
    """Tens of thousands of small keys, just under the file size limit."""
    data = copy_shipped(dest)
    keys = "".join(f"k{i}: {i}\n" for i in range(150_000))
    (data / "events.yaml").write_text("events: []\n" + keys[: 2 * 1024 * 1024 - 20])
    return data


def odd_yaml(dest: Path) -> Path:
    """YAML 1.1 surprises and escapes: a hex number, a sexagesimal, yes/no, a NUL, a terminal
    escape sequence, a direction override."""
    data = copy_shipped(dest)
    replace_in(data / "meta.yaml", "event_period: {start: 2013, end: 2016}",
               "event_period: {start: 0x7dd, end: 2016}")  # fmt: skip
    replace_in(data / "meta.yaml", 'version: "2.1.0"', "version: 33:36")
    replace_in(data / "third_parties.yaml", "            inferred: true\n",
               "            inferred: yes\n")  # fmt: skip
    replace_in(data / "events.yaml", "    title: Taliban political office opens in Doha",
               '    title: "Taliban \\e[31mred\\e[0m office \\0 \\u202Eopens"')  # fmt: skip
    return data


def ancient_period(dest: Path) -> Path:
    """An event period starting in 1600 (it broke the timeline's date slider)."""
    data = copy_shipped(dest)
    replace_in(data / "meta.yaml", "event_period: {start: 2013, end: 2016}",
               "event_period: {start: 1600, end: 2016}")  # fmt: skip
    return data


MAKERS = {
    "markup": markup,
    "formulas": formulas,
    "link-to-secret": link_to_secret,
    "link-to-outside": link_to_outside,
    "hard-link": hard_link,
    "fifo": fifo,
    "device": device,
    "huge-count": huge_count,
    "odd-yaml": odd_yaml,
    "ancient-period": ancient_period,
}
# the ones that must load and render (as text), and the ones that must be refused
RENDERS = {"markup", "formulas"}


# ---------------------------------------------------------------- uploads


def zip_of(members: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    """A ZIP with these members (names as given: '../x', '/etc/x' allowed) and symbolic links."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def shipped_files(folder: str = "tugofwar-data/") -> dict[str, bytes]:
    return {f"{folder}{p.name}": p.read_bytes() for p in sorted(SHIPPED.glob("*.yaml"))}


def hostile_zips() -> dict[str, bytes]:
    """Uploads that must be refused, each with the reason the message gives."""
    files = shipped_files("")
    bomb = {**files, "events.yaml": b"events:\n" + b" " * (3 * 1024 * 1024)}
    return {
        "parent-path": zip_of({**files, "../meta.yaml": files["meta.yaml"]}),
        "absolute-path": zip_of({**files, "/etc/meta.yaml": files["meta.yaml"]}),
        "link-member": zip_of(
            {k: v for k, v in files.items() if k != "meta.yaml"}, {"meta.yaml": "/etc/passwd"}
        ),
        "too-many-members": zip_of({**files, **{f"junk/{i}.txt": b"x" for i in range(20)}}),
        "bomb": zip_of(bomb),
        "deep-folders": zip_of({f"a/b/{k}": v for k, v in files.items()}),
        "not-a-zip": b"PK\x03\x04 this is not really a zip",
    }
