"""The dataset's files as bytes, read once and only as files: from a data directory, from an
uploaded ZIP, or from YAML files uploaded one by one. No Streamlit here.

A dataset is hostile until validated. Only the dataset's own file names are read; a name that is
a symbolic link, a device, a FIFO, a directory or a hard link to another file is refused with a
message naming it, every size is bounded before it is read, and a ZIP's members are checked
(names, kinds, count, unpacked size) before one byte of them is unpacked. What is read is kept:
downloads zip these bytes, never the paths again.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from components.dataset.errors import Problem

REQUIRED = ("meta.yaml", "third_parties.yaml", "events.yaml", "strategy.yaml")
OPTIONAL = ("scenes.yaml",)
NAMES = REQUIRED + OPTIONAL
MAX_FILE_BYTES = 2 * 1024 * 1024  # one YAML file
MAX_UPLOAD_MB = 5  # one uploaded file (server.maxUploadSize says the same)
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_ZIP_MEMBERS = 16  # entries in an uploaded ZIP, folders included
MAX_UNPACKED_BYTES = len(NAMES) * MAX_FILE_BYTES
MAX_SOURCE_BYTES = 5 * 1024 * 1024  # a source's plain text (the shipped article is ~20 KB)
MAX_TEXTS = 2  # source texts an upload may carry beside its files
TEXT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$")  # as meta.yaml's text_file
LIMITS = (
    f"a ZIP of at most {MAX_UPLOAD_MB} MB with at most {MAX_ZIP_MEMBERS} entries, or the YAML "
    f"files themselves; only {', '.join(NAMES)} are read, each at most "
    f"{MAX_FILE_BYTES // (1024 * 1024)} MiB, and the source's plain text that meta.yaml names "
    "(text_file), if it comes along"
)


@dataclass(frozen=True)
class DataFiles:
    """A dataset's files: what they are called in messages, their bytes by file name, and the
    problems met reading them (a refused link, a file too large)."""

    origin: str
    files: dict[str, bytes] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    # plain texts an upload carries beside the files (a case's own source: meta.yaml's
    # sources[0].text_file names the one used; the others are never looked at)
    texts: dict[str, bytes] = field(default_factory=dict)
    folder: str = ""  # the directory read, for a data directory ("" for an upload)

    @property
    def digest(self) -> str:
        """Identifies the content: equal bytes under equal names give equal digests."""
        h = hashlib.sha256()
        for kind, named in (("file", self.files), ("text", self.texts)):
            for name in sorted(named):
                data = named[name]
                h.update(f"{kind}\0{name}\0{len(data)}\0".encode())
                h.update(data)
        return h.hexdigest()


def _problem(name: str, message: str) -> Problem:
    return Problem(name, 1, "", message)


# ---------------------------------------------------------------- a data directory


def read_directory(directory: str | os.PathLike[str]) -> DataFiles:
    """The dataset's files in a directory, each opened without following a link and read only
    if it is a regular file of its own (not a hard link to another) within the size limit."""
    root = Path(directory)
    origin = str(root)
    try:
        dir_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        return DataFiles(
            origin, problems=(_problem(root.name or origin, "data directory not found"),)
        )
    except NotADirectoryError:
        return DataFiles(origin, problems=(_problem(root.name or origin, "is not a directory"),))
    except OSError as exc:
        return DataFiles(
            origin,
            problems=(
                _problem(root.name or origin, f"cannot open the data directory ({_why(exc)})"),
            ),
        )
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    try:
        for name in NAMES:
            data, problem = _read_entry(dir_fd, name)
            if problem is not None:
                problems.append(problem)
            elif data is not None:
                files[name] = data
            elif name in REQUIRED:
                problems.append(_problem(name, "file not found in the data directory"))
    finally:
        os.close(dir_fd)
    return DataFiles(origin, files, tuple(problems), folder=origin)


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _read_entry(dir_fd: int, name: str) -> tuple[bytes | None, Problem | None]:
    """(bytes, None), (None, None) when absent, or (None, problem)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, _problem(name, "is a symbolic link; refused (put the file itself here)")
        return None, _problem(name, f"cannot open the file ({_why(exc)})")
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind != "file":
            return None, _problem(name, f"is a {kind}, not a regular file; refused")
        if info.st_nlink > 1:
            return None, _problem(
                name, "is a hard link to another file; refused (copy the file here instead)"
            )
        if info.st_size > MAX_FILE_BYTES:
            return None, _problem(
                name, f"is {info.st_size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes"
            )
        data = _read_at_most(fd, MAX_FILE_BYTES)
    except OSError as exc:
        return None, _problem(name, f"cannot read the file ({_why(exc)})")
    finally:
        os.close(fd)
    if data is None:
        return None, _problem(name, f"grew past the limit of {MAX_FILE_BYTES:,} bytes while read")
    return data, None


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISLNK(mode):
        return "symbolic link"
    return "special file"


def _read_at_most(fd: int, limit: int) -> bytes | None:
    """Up to `limit` bytes; None if there are more."""
    chunks = []
    total = 0
    while True:
        chunk = os.read(fd, min(1 << 16, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            return None


def read_source_file(path: str | os.PathLike[str]) -> str:
    """A source's plain text: a regular file (no link, device or FIFO), at most
    MAX_SOURCE_BYTES, UTF-8. ValueError says why it cannot be used."""
    target = Path(path)
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise ValueError(f"cannot read the source text {target}: {_why(exc)}") from None
    try:
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(target.name, flags, dir_fd=dir_fd)
        except OSError as exc:
            why = "a symbolic link" if exc.errno == errno.ELOOP else _why(exc)
            raise ValueError(f"cannot read the source text {target}: {why}") from None
        try:
            kind = _kind(os.fstat(fd).st_mode)
            if kind != "file":
                raise ValueError(f"the source text {target} is a {kind}, not a regular file")
            data = _read_at_most(fd, MAX_SOURCE_BYTES)
        finally:
            os.close(fd)
    finally:
        os.close(dir_fd)
    if data is None:
        raise ValueError(f"the source text {target} is over {MAX_SOURCE_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"the source text {target} is not UTF-8 text") from None


def fingerprint(directory: str | os.PathLike[str]) -> tuple[tuple[str, int, int, int, int], ...]:
    """What identifies the files' versions without reading them: modification and change times,
    size and inode of each (the change time cannot be set back, as tar, cp -p and rsync -t set
    back the modification time; a file replaced by another has another inode)."""
    out = []
    for name in NAMES:
        try:
            info = os.stat(Path(directory) / name, follow_symlinks=False)
            out.append((name, info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino))
        except OSError:
            out.append((name, -1, -1, -1, -1))
    return tuple(out)


# ---------------------------------------------------------------- uploads


def read_upload(items: Iterable[tuple[str, bytes]]) -> DataFiles:
    """Uploaded files, in the order they were chosen: the last ZIP among them (the dataset in
    one file), or else the YAML files themselves, by their names (a later file of the same name
    replaces an earlier one)."""
    items = list(items)
    names = ", ".join(name for name, _ in items) or "nothing"
    problems: list[Problem] = []
    for name, data in items:
        if len(data) > MAX_UPLOAD_BYTES:
            problems.append(
                _problem(
                    _label(name),
                    f"is {len(data):,} bytes, over the upload limit of {MAX_UPLOAD_BYTES:,} bytes",
                )  # fmt: skip
            )
    if problems:
        return DataFiles(names, problems=tuple(problems))
    zips = [(n, d) for n, d in items if n.lower().endswith(".zip")]
    if zips:
        return read_zip(zips[-1][1], zips[-1][0])
    files: dict[str, bytes] = {}
    texts: dict[str, bytes] = {}
    for name, data in items:
        base = PurePosixPath(name.replace("\\", "/")).name
        if TEXT_NAME.match(base) and base not in texts and len(texts) < MAX_TEXTS:
            if len(data) > MAX_SOURCE_BYTES:
                problems.append(_problem(base, f"is {len(data):,} bytes, over the limit of "
                                         f"{MAX_SOURCE_BYTES:,} bytes for a text"))  # fmt: skip
            else:
                texts[base] = data
        elif base not in NAMES:
            problems.append(
                _problem(_label(name), f"is not a dataset file (allowed: {', '.join(NAMES)})")
            )
        elif len(data) > MAX_FILE_BYTES:
            problems.append(
                _problem(
                    base, f"is {len(data):,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes"
                )
            )
        else:
            files[base] = data
    problems += [
        _problem(n, "file not uploaded") for n in REQUIRED if n not in files and not problems
    ]
    return DataFiles(names, files, tuple(problems), texts)


def _label(name: str) -> str:
    """A file name as messages show it: printable, short."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in name)
    return clean if len(clean) <= 80 else clean[:77] + "..."


def read_zip(data: bytes, name: str = "upload.zip") -> DataFiles:
    """The dataset's files in a ZIP (at its top level, or in one folder), every member checked
    before anything is unpacked: no absolute or parent paths, no links or special files, no more
    than MAX_ZIP_MEMBERS entries, each file and the whole within the size limits."""
    origin = _label(name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return DataFiles(
            origin, problems=(_problem(origin, f"is not a readable ZIP file ({exc})"),)
        )
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            return DataFiles(
                origin,
                problems=(
                    _problem(
                        origin,
                        f"has {len(members)} entries, more than the {MAX_ZIP_MEMBERS} allowed",
                    ),
                ),  # fmt: skip
            )
        problems: list[Problem] = []
        wanted: dict[str, zipfile.ZipInfo] = {}
        text_members: list[tuple[str, str, zipfile.ZipInfo]] = []  # (folder, name, member)
        folders: set[str] = set()
        for info in members:
            path = info.filename.replace("\\", "/")
            label = _label(path)
            parts = [p for p in PurePosixPath(path).parts if p not in ("", ".")]
            if path.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
                problems.append(_problem(label, "has a path outside the ZIP; refused"))
                continue
            kind = stat.S_IFMT(info.external_attr >> 16)  # 0 where the ZIP gives no file type
            if info.is_dir():
                continue
            if kind and kind != stat.S_IFREG:
                problems.append(_problem(label, f"is a {_kind(kind)} in the ZIP; refused"))
                continue
            if parts and TEXT_NAME.match(parts[-1]) and len(parts) <= 2:
                text_members.append(("/".join(parts[:-1]), parts[-1], info))
                continue
            if not parts or parts[-1] not in NAMES:
                continue  # other files (a README, the schema folder) are not read
            if len(parts) > 2:
                problems.append(_problem(label, "is more than one folder deep; put the files at "
                                         "the top of the ZIP or in one folder"))  # fmt: skip
                continue
            folders.add("/".join(parts[:-1]))
            if parts[-1] in wanted:
                problems.append(_problem(label, f"{parts[-1]} is in the ZIP twice"))
                continue
            if info.file_size > MAX_FILE_BYTES:
                problems.append(_problem(label, f"unpacks to {info.file_size:,} bytes, over the "
                                         f"limit of {MAX_FILE_BYTES:,} bytes"))  # fmt: skip
                continue
            wanted[parts[-1]] = info
        if len(folders) > 1:
            problems.append(_problem(origin, "holds dataset files in several folders; keep one"))
        if problems:
            return DataFiles(origin, problems=tuple(problems))
        files: dict[str, bytes] = {}
        total = 0
        for base, info in wanted.items():
            with archive.open(info) as member:
                # the header's size may lie: read one byte past the limit to know
                content = member.read(MAX_FILE_BYTES + 1)
            total += len(content)
            if len(content) > MAX_FILE_BYTES or total > MAX_UNPACKED_BYTES:
                return DataFiles(
                    origin, problems=(_problem(base, "unpacks past the size limit; refused"),)
                )
            files[base] = content
        # a source text beside the files (meta.yaml may name it): read bounded, the first few
        texts: dict[str, bytes] = {}
        for folder, base, info in text_members:
            if folder not in folders or len(texts) >= MAX_TEXTS:
                continue
            with archive.open(info) as member:
                content = member.read(MAX_SOURCE_BYTES + 1)
            if len(content) <= MAX_SOURCE_BYTES:
                texts[base] = content
    missing = [_problem(n, "not in the ZIP") for n in REQUIRED if n not in files]
    return DataFiles(origin, files, tuple(missing), texts)


def to_zip(files: dict[str, bytes], folder: str = "tugofwar-data") -> bytes:
    """The files as a ZIP (the dataset download): the bytes that were validated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in NAMES:
            if name in files:
                archive.writestr(f"{folder}/{name}", files[name])
    return buffer.getvalue()
