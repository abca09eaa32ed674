"""Follow mode under a seminar's load: N follower sessions on one dashboard process, what they
cost the server while the presenter talks (idle), and what one step of the presenter costs until
every follower has drawn the new view.

Each follower is a session over Streamlit's own websocket protocol that opens ?follow=1, as a
student's browser does. The presenter's steps are published to the shared state (SQLite) by this
script, as the presenter's screen would. Two ways of following are measured in the same run:

- push (the default): one thread per process looks at the shared state and wakes its followers;
  no browser sends anything while the presenter talks;
- poll (TUGOFWAR_FOLLOW=poll): each follower's browser reruns a small fragment every second
  (as Streamlit's run_every does); this script sends those reruns as the browser would.

    .venv/bin/python bench/follow_bench.py [--followers 50] [--idle 20] [--steps 5]
    .venv/bin/python bench/follow_bench.py --wall --topology two --modes push \
        --followers 50 200 --idle 5 --steps 5

--wall: the presenter steps the seminar's wall (one chart a scene, what followers are shown
in a presentation from the console) instead of the scenes' pages; --topology two: two
processes behind the shipped nginx, the followers spread over both.

Prints a Markdown table for docs/performance.md. Only loopback is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import websockets  # noqa: E402
from load_bench import TIMEOUT, cpu_seconds  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from components.core import shared_state  # noqa: E402
from components.core.scenes import load_scenes, scene_params  # noqa: E402
from components.dataset.load import load_dataset  # noqa: E402
from components.export.serve import free_port, nginx_in_front, running_app  # noqa: E402


class Follower:
    """One student's screen: opens ?follow=1 and notes when each presenter step has drawn."""

    def __init__(self, url: str):
        self.url = url
        self.ws = None
        self.fragment: str | None = None
        self.query = "follow=1"  # the address and page the browser shows now
        self.page_hash = ""
        self.landed: dict[str, float] = {}  # scene id -> when its page run finished

    async def open(self) -> None:
        self.ws = await websockets.connect(
            self.url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            origin=self.url,
            max_size=None,
            open_timeout=TIMEOUT,
        )
        message = BackMsg()
        message.rerun_script.query_string = "follow=1"
        message.rerun_script.page_name = ""
        await self.ws.send(message.SerializeToString())
        await self._read_until_finished()

    async def _read_until_finished(self) -> str:
        query = ""
        while True:
            forward = ForwardMsg.FromString(await asyncio.wait_for(self.ws.recv(), TIMEOUT))
            kind = forward.WhichOneof("type")
            self._note(forward)
            if kind == "page_info_changed":
                query = forward.page_info_changed.query_string
            if kind == "script_finished":
                return query

    def _note(self, forward: ForwardMsg) -> None:
        kind = forward.WhichOneof("type")
        if kind == "auto_rerun":
            self.fragment = forward.auto_rerun.fragment_id
        elif kind == "page_info_changed":
            self.query = forward.page_info_changed.query_string
        elif kind == "new_session":
            self.page_hash = forward.new_session.page_script_hash

    async def listen(self, stop: float) -> None:
        """Read what the server sends until `stop`; note each scene a page run drew."""
        query = ""
        while time.monotonic() < stop:
            try:
                data = await asyncio.wait_for(self.ws.recv(), max(0.01, stop - time.monotonic()))
            except TimeoutError:
                return
            forward = ForwardMsg.FromString(data)
            self._note(forward)
            kind = forward.WhichOneof("type")
            if kind == "page_info_changed":
                query = forward.page_info_changed.query_string
            if kind == "script_finished" and "scene=" in query:
                scene = query.split("scene=", 1)[1].split("&", 1)[0]
                self.landed.setdefault(scene, time.monotonic())

    async def tick(self, every: float, stop: float) -> None:
        """What a browser's run_every timer sends (poll mode only)."""
        while time.monotonic() < stop and self.fragment:
            await asyncio.sleep(every)
            message = BackMsg()
            message.rerun_script.query_string = self.query
            message.rerun_script.page_script_hash = self.page_hash
            message.rerun_script.fragment_id = self.fragment
            message.rerun_script.is_auto_rerun = True
            await self.ws.send(message.SerializeToString())


async def measure(
    url: str, pids: list[int], state_url: str, n: int, idle: float, steps: int, wall: bool
) -> dict:
    ds = load_dataset()
    scenes = load_scenes(ds)
    shared = shared_state.store(state_url)

    def show(scene) -> None:  # noqa: ANN001
        if wall:
            shared.publish("wall", {"scene": scene.id})
        else:
            shared.publish(scene.page, scene_params(ds, scene))

    first = scenes[0]
    show(first)
    followers = [Follower(url) for _ in range(n)]
    for chunk in range(0, n, 10):
        await asyncio.gather(*(f.open() for f in followers[chunk : chunk + 10]))
    polling = any(f.fragment for f in followers)

    async def run_for(seconds: float) -> None:
        stop = time.monotonic() + seconds
        jobs = [f.listen(stop) for f in followers]
        if polling:
            jobs += [f.tick(1.0, stop) for f in followers]
        await asyncio.gather(*jobs)

    await run_for(2.0)  # settle
    cpu0, t0 = cpu_seconds(pids), time.monotonic()
    await run_for(idle)
    idle_share = (cpu_seconds(pids) - cpu0) / (time.monotonic() - t0)
    landings, step_cpu = [], []
    for scene in scenes[1 : 1 + steps]:
        cpu0 = cpu_seconds(pids)
        published = time.monotonic()
        show(scene)
        await run_for(6.0)
        step_cpu.append(cpu_seconds(pids) - cpu0)
        times = [f.landed.get(scene.id) for f in followers]
        landings += [t - published if t else float("inf") for t in times]
    for f in followers:
        await f.ws.close()
    landings.sort()
    landings = landings or [0.0]
    return {
        "mode": "poll" if polling else "push",
        "n": n,
        "idle_core_share": idle_share,
        "step_cpu_s": statistics.median(step_cpu),
        "p50": landings[len(landings) // 2],
        "p95": landings[max(0, int(round(0.95 * len(landings))) - 1)],
        "max": landings[-1],
        "missed": sum(1 for x in landings if x == float("inf")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, nargs="+", default=[0, 50])
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of presenter talk")
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--modes", nargs="+", default=["push", "poll"], choices=["push", "poll"])
    parser.add_argument("--wall", action="store_true", help="step the wall, not the pages")
    parser.add_argument("--topology", default="one", choices=["one", "two"])
    args = parser.parse_args()
    rows = []
    for mode in args.modes:
        for n in args.followers:
            with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
                state_url = f"sqlite:///{tmp}/state.sqlite3"
                env = {"TUGOFWAR_STATE_URL": state_url, "TUGOFWAR_FOLLOW": mode}
                count = 1 if args.topology == "one" else 2
                servers = [
                    stack.enter_context(running_app(free_port(), env=env)) for _ in range(count)
                ]
                url = servers[0].url if count == 1 else stack.enter_context(
                    nginx_in_front([server.url for server in servers]))  # fmt: skip
                pids = [server.pid for server in servers]
                rows.append(
                    asyncio.run(measure(url, pids, state_url, n, args.idle, args.steps, args.wall))
                    | {"mode": mode}
                )
    shown = "the wall" if args.wall else "the scenes' pages"
    print(f"Followers of {shown}, {args.topology} process(es):\n")
    print(
        "| following | followers | server CPU while idle (% of one core) | per follower (%) |"
        " CPU per presenter step (s) | landing p50 (s) | p95 (s) | max (s) | missed |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        per = 100 * r["idle_core_share"] / r["n"] if r["n"] else None
        land = (
            (f"{r['p50']:.2f}", f"{r['p95']:.2f}", f"{r['max']:.2f}") if r["n"] else ("-", "-", "-")
        )
        print(
            f"| {r['mode']} | {r['n']} | {100 * r['idle_core_share']:.1f} | "
            f"{'-' if per is None else f'{per:.2f}'} | {r['step_cpu_s']:.2f} | "
            f"{land[0]} | {land[1]} | {land[2]} | {r['missed']} |"
        )


if __name__ == "__main__":
    main()
