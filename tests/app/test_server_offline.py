"""The server itself asks nothing of the internet: started as `make run` and the Dockerfile start
it (no --server.address, or a wildcard one, headless), Streamlit would look up this machine's
public address at checkip.amazonaws.com unless the config names the browser address."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from components.export.serve import free_port
from tests.conftest import ROOT

pytestmark = pytest.mark.app


class RecordingProxy:
    """A proxy on loopback that answers nothing and records the first line of each request."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.seen: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.seen.append(conn.recv(1024).decode(errors="replace").splitlines()[0])
                except (OSError, IndexError):
                    self.seen.append("(a connection)")


@pytest.mark.parametrize("address", [None, "0.0.0.0"], ids=["make-run", "container"])
def test_starting_the_server_contacts_no_one(address):
    proxy = RecordingProxy()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "all_proxy")}
    env.update(HTTP_PROXY=proxy.url, HTTPS_PROXY=proxy.url, http_proxy=proxy.url,
               https_proxy=proxy.url, PYTHONUNBUFFERED="1")  # fmt: skip
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)]
    if address:
        command += ["--server.address", address]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True).start()
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 60
        while not any("URL:" in line for line in lines):  # the banner is printed last
            assert server.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
        with direct.open(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as response:
            assert response.status == 200
        time.sleep(1.0)
    finally:
        server.terminate()
        server.wait(timeout=15)
        proxy.sock.close()
    assert proxy.seen == [], proxy.seen
    assert not any("external IP" in line for line in lines), "".join(lines)
