"""Serving the dashboard for tests, benchmarks and screenshots: one Streamlit process on a free
loopback port, and several behind nginx with sticky sessions (deploy/nginx.conf.template)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from components.core.routes import ROUTES
from components.dataset.errors import ExportError

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "server.py"  # app.py, with too-deep addresses redirected


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(
    port: int,
    data: str | None = None,
    timeout: float = 90,
    script: Path = APP,
    env: dict[str, str] | None = None,
    args: Sequence[str] = (),
) -> Iterator[Server]:
    """The dashboard (or another script) served on 127.0.0.1:port for the block; `args`: more
    of Streamlit's options (e.g. --server.allowedHosts NAME)."""
    env = {**os.environ, **(env or {})}
    if data:
        env["TUGOFWAR_DATA"] = str(data)
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--theme.base", "light", *args,
    ]  # fmt: skip
    # the server's log goes to a file: a pipe nobody reads would stall it once full
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        try:
            yield _started(process, f"http://127.0.0.1:{port}", timeout, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _started(process: subprocess.Popen, url: str, timeout: float, log) -> Server:  # noqa: ANN001
    """Wait until the server answers its health check (or say why it did not start)."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            log.seek(0)
            err = log.read().decode(errors="replace")
            raise ExportError(f"the dashboard did not start: {err.strip()[-500:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return Server(url, process.pid)
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise ExportError(f"the dashboard did not answer on {url} in {timeout:.0f} s")
        time.sleep(0.3)


@contextmanager
def nginx_in_front(backends: list[str]) -> Iterator[str]:
    """nginx on a free loopback port in front of the backends (http://127.0.0.1:PORT), with the
    shipped configuration: sticky sessions by the tow_affinity cookie."""
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        raise ExportError("serving several processes needs nginx (apt-get install nginx)")
    port = free_port()
    with tempfile.TemporaryDirectory() as prefix:
        template = (ROOT / "deploy" / "nginx.conf.template").read_text()
        servers = " ".join(f"server {b.removeprefix('http://')};" for b in backends)
        conf = (
            template.replace("${LISTEN}", f"127.0.0.1:{port}")
            .replace("${BACKENDS}", servers)
            .replace("${PREFIX}", prefix)
            .replace("${PAGES}", "|".join(r.url_path for r in ROUTES if r.url_path))
        )
        (Path(prefix) / "nginx.conf").write_text(conf)
        process = subprocess.Popen(
            [nginx, "-p", prefix, "-c", f"{prefix}/nginx.conf", "-g", "daemon off;"],
            stderr=subprocess.PIPE,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 15
            while True:
                if process.poll() is not None:
                    err = process.stderr.read().decode() if process.stderr else ""
                    raise ExportError(f"nginx did not start: {err.strip()[-500:]}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise ExportError(f"nginx did not answer on {url}") from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)
