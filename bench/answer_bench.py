"""The room answering under load: N follower sessions on the wall of a scene with a question,
over Streamlit's own websocket protocol (as a student's browser), each tapping an answer button
once within a window of W seconds; one or two dashboard processes (two behind the shipped nginx,
sharing the answers in SQLite). Measured: each answer's latency (the tap sent to the run that
counted it finished), errors, and whether the shared state counted every screen once.

    .venv/bin/python bench/answer_bench.py [--followers 200] [--window 10] [--topology two]

Prints a Markdown table for docs/performance.md. Only loopback is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
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

from components.core import answers, shared_state  # noqa: E402
from components.core.scenes import load_scenes  # noqa: E402
from components.dataset.load import load_dataset  # noqa: E402
from components.dataset.models import CodeQuestion  # noqa: E402
from components.export.serve import free_port, nginx_in_front, running_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


class Screen:
    """One student's screen on the question's wall: its answer buttons' widget ids."""

    def __init__(self, url: str, query: str):
        self.url, self.query = url, query
        self.ws = None
        self.page_hash = ""
        self.buttons: dict[str, str] = {}  # key suffix -> widget id

    async def open(self) -> None:
        self.ws = await websockets.connect(
            self.url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
            origin=self.url, max_size=None, open_timeout=TIMEOUT,
        )  # fmt: skip
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_name = "wall"
        await self.ws.send(message.SerializeToString())
        await self._until_finished()

    async def _until_finished(self) -> None:
        while True:
            forward = ForwardMsg.FromString(await asyncio.wait_for(self.ws.recv(), TIMEOUT))
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "button" and "room_answer_" in element.button.id:
                    key = element.button.id.rsplit("room_answer_", 1)[1]
                    self.buttons[key] = element.button.id
            elif kind == "script_finished":
                return

    async def tap(self, value: int) -> float:
        """Tap the answer's button; seconds until the run that counts it has finished."""
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_script_hash = self.page_hash
        widget = message.rerun_script.widget_states.widgets.add()
        widget.id = self.buttons[str(value)]
        widget.trigger_value = True
        sent = time.monotonic()
        await self.ws.send(message.SerializeToString())
        await self._until_finished()
        return time.monotonic() - sent


async def measure(url: str, pids: list[int], n: int, window: float, query: str, levels: list[int]):  # noqa: ANN201
    screens = [Screen(url, query) for _ in range(n)]
    for start in range(0, n, 20):  # the room comes in: twenty at a time
        await asyncio.gather(*(s.open() for s in screens[start : start + 20]))
    missing = sum(1 for s in screens if not s.buttons)
    rng = random.Random(7)
    chosen = [rng.choice(levels) for _ in screens]
    cpu_before = cpu_seconds(pids)

    async def one(screen: Screen, value: int) -> float | None:
        await asyncio.sleep(rng.uniform(0, window))  # the room answers over the window
        try:
            return await screen.tap(value)
        except Exception:  # noqa: BLE001 - counted as an error
            return None

    began = time.monotonic()
    latencies = await asyncio.gather(*(one(s, v) for s, v in zip(screens, chosen, strict=True)))
    took = time.monotonic() - began
    cpu = cpu_seconds(pids) - cpu_before
    for s in screens:
        await s.ws.close()
    done = sorted(t for t in latencies if t is not None)
    return {
        "n": n, "missing": missing, "errors": sum(t is None for t in latencies), "took": took,
        "p50": statistics.median(done) if done else None,
        "p95": done[int(0.95 * (len(done) - 1))] if done else None,
        "max": done[-1] if done else None, "cpu": cpu, "chosen": chosen,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, nargs="+", default=[200])
    parser.add_argument("--window", type=float, default=10.0, help="seconds the room answers in")
    parser.add_argument("--topology", default="two", choices=["one", "two"])
    args = parser.parse_args()
    ds = load_dataset(ROOT / "data")
    scene = next(s for s in load_scenes(ds) if isinstance(s.question, CodeQuestion))
    levels = [level.value for level in ds.meta.scale.levels]
    rows = []
    for n in args.followers:
        with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
            state_url = f"sqlite:///{tmp}/state.sqlite3"
            store = shared_state.store(state_url)
            store.publish("wall", {"scene": scene.id})
            answers.open_question(store, scene.id)
            env = {"TUGOFWAR_STATE_URL": state_url}
            count = 1 if args.topology == "one" else 2
            servers = [stack.enter_context(running_app(free_port(), env=env)) for _ in range(count)]
            url = servers[0].url if count == 1 else stack.enter_context(
                nginx_in_front([server.url for server in servers]))  # fmt: skip
            query = f"scene={scene.id}&follow=1"
            row = asyncio.run(measure(url, [s.pid for s in servers], n, args.window, query, levels))
            counted = answers.answers(store, scene.id)
            row["counted"] = len(counted)
            row["once"] = len({a.screen for a in counted}) == len(counted)
            row["same"] = sorted(a.value for a in counted) == sorted(row["chosen"])
            rows.append(row)
    print(f"The room answering one question, {args.topology} process(es), answers spread over "
          f"{args.window:.0f} s:\n")  # fmt: skip
    print("| screens | answers counted | each once, as sent | errors | latency p50 (s) | "
          "p95 (s) | max (s) | all answered in (s) | server CPU (s) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['n']} | {r['counted']} | {'yes' if r['once'] and r['same'] else 'no'} | "
              f"{r['errors'] + r['missing']} | {r['p50']:.2f} | {r['p95']:.2f} | {r['max']:.2f} | "
              f"{r['took']:.1f} | {r['cpu']:.1f} |")  # fmt: skip


if __name__ == "__main__":
    main()
