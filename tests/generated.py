"""Valid datasets of any shape, generated (Hypothesis): what a new user's case may look like.

Ids with hyphens and digits; names with spaces, accents, Arabic and Persian script (with its
zero-width non-joiner) up to 60 characters, and some from a pool of markup (Markdown, HTML,
LaTeX, Streamlit's directives, images from outside) that must show as written; 1 to 6 years,
1 to 5 dimensions, 1 to 4 tiers, 1 to 60 third parties, 0 to 200 events, some involving no
side; other scales and labels; optional files absent. `datasets()` draws the files' texts (YAML
written by PyYAML's safe dumper), which tests write to a folder and load as a user's would.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import strategies as st

# text that must never be obeyed: shown as written on every page, chart and export
MARKUP = [
    "**bold** _it_ `code`",
    "# Heading",
    "[link](http://example.invalid/x)",
    "![x](http://example.invalid/beacon.png)",
    "<b>bold</b> <script>alert(1)</script>",
    "<img src=http://example.invalid/i.png>",
    "$x^2$ and $$y$$",
    ":red[red] :material/warning: :streamlit:",
    "| a | b |",
    '=HYPERLINK("http://example.invalid")',
    "a\\*b\\_c",
]
SCRIPTS = [
    "Al-Qāʿida fī Jazīrat",
    "المملكة العربية السعودية",
    "جمهوری\u200cاسلامی ایران",  # Persian, with its zero-width non-joiner
    "Côte d’Ivoire",
    "Groupe «Nord»",
]
# words of the shipped case: a generated case must never show one
CASE_WORDS = ("Kabul", "Taliban", "Ghani", "Afghan", "Karzai", "Three-tier", "three-tier")
WORDS = ["north", "south", "river", "coast", "hill", "union", "league", "port", "forum", "bloc"]
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
MARKERS = ["circle", "diamond", "square", "triangle-up", "triangle-down", "cross", "x"]
ISO3 = ["LBN", "YEM", "SYR", "IRQ", "JOR", "OMN", "ARE", "QAT", "KWT", "EGY", "TUR", "IRN", "SAU"]


def _id(draw: st.DrawFn, taken: set[str]) -> str:
    while True:
        parts = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
        ident = "-".join(parts) + draw(st.sampled_from(["", "-2", "-10", "3"]))
        ident = ident.strip("-")
        if ident not in taken:
            taken.add(ident)
            return ident


def _name(draw: st.DrawFn, hostile: bool) -> str:
    if hostile and draw(st.booleans()):
        return draw(st.sampled_from(MARKUP))
    kind = draw(st.sampled_from(["plain", "script", "long"]))
    if kind == "script":
        return draw(st.sampled_from(SCRIPTS))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8 if kind == "long" else 2))
    return " ".join(w.capitalize() for w in words)[:60]


def _quote(draw: st.DrawFn, hostile: bool) -> str:
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=9)))
    return f"{text} {draw(st.sampled_from(MARKUP))}" if hostile and draw(st.booleans()) else text


@st.composite
def datasets(draw: st.DrawFn, max_third_parties: int = 60, max_events: int = 200) -> dict:
    """The files of a valid dataset (name -> text), and `hostile`: whether its text holds
    markup. Sizes are drawn small first (Hypothesis shrinks toward the smallest case)."""
    hostile = draw(st.booleans())
    taken: set[str] = {"overall"}
    first_year = draw(st.integers(1990, 2020))
    years = list(range(first_year, first_year + draw(st.integers(1, 6))))
    low = draw(st.integers(-3, 0))
    high = draw(st.integers(max(low + 1, 1), 4))
    labels = [f"{draw(st.sampled_from(['Level', 'Grade', 'Tie']))} {v:+d}" for v in
              range(low, high + 1)]  # fmt: skip
    scale = [{"value": v, "label": label, "definition": f"Coded {v:+d}."}
             for v, label in zip(range(low, high + 1), labels, strict=True)]  # fmt: skip
    dims = [{"id": _id(draw, taken), "name": _name(draw, hostile), "definition": "A dimension."}
            for _ in range(draw(st.integers(1, 5)))]  # fmt: skip
    actors = []
    for k in range(2):
        name = _name(draw, hostile)
        actors.append({
            "id": _id(draw, taken), "name": name, "short_name": name[:24].strip() or "Side",
            "article": draw(st.sampled_from([None, "the"])), "color": COLORS[k * 3],
            "marker": MARKERS[k],
        })  # fmt: skip
    categories = [{"id": _id(draw, taken), "name": _name(draw, hostile), "definition": "A kind."}
                  for _ in range(draw(st.integers(1, 4)))]  # fmt: skip
    meta = {
        "version": "1.0.0",
        "title": _name(draw, hostile),
        "years": years,
        "event_period": {"start": years[0] - draw(st.integers(0, 1)), "end": years[-1]},
        "actors": actors,
        "scale": {"description": "How close.", "levels": scale},
        "dimensions": dims,
        "sources": [
            {
                "id": "src",
                "title": _name(draw, hostile),
                "author": "A. Writer",
                "outlet": "An Outlet",
                "date": str(years[-1]),
            }
        ],  # fmt: skip
        "event_categories": categories,
    }
    if draw(st.booleans()):
        meta["map"] = {"home": "SAU", "home_name": actors[0]["name"], "lon": [30, 62],
                       "lat": [10, 38]}  # fmt: skip

    tps = []
    for _ in range(draw(st.integers(1, max_third_parties))):
        kind = draw(st.sampled_from(["country", "organisation", "group"]))
        tp = {"id": _id(draw, taken), "name": _name(draw, hostile), "kind": kind,
              "region": _name(draw, False)}  # fmt: skip
        if kind == "country":
            tp["iso3"] = draw(st.sampled_from(ISO3))
        elif kind == "group" and draw(st.booleans()):
            tp["map_countries"] = draw(st.lists(st.sampled_from(ISO3), min_size=1, max_size=2,
                                                unique=True))  # fmt: skip
        relations = {}
        for actor in actors:
            relations[actor["id"]] = {
                key: _ratings(draw, years, low, high, hostile, optional=key != "overall")
                for key in ["overall", *(d["id"] for d in dims)]
            }
        tp["relations"] = relations
        tps.append(tp)

    tier_ids = [_id(draw, taken) for _ in range(draw(st.integers(1, 4)))]
    events = []
    period = meta["event_period"]
    for _ in range(draw(st.integers(0, max_events))):
        year = draw(st.integers(period["start"], period["end"]))
        precision = draw(st.sampled_from(["year", "month", "day"]))
        date = {
            "year": f"{year}",
            "month": f"{year}-{draw(st.integers(1, 12)):02d}",
            "day": f"{year}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}",
        }
        events.append({
            "id": _id(draw, taken), "date": date[precision], "precision": precision,
            "title": _name(draw, hostile), "description": "Something happened.",
            "actors": draw(st.lists(st.sampled_from([a["id"] for a in actors]), max_size=2,
                                    unique=True)),
            "third_parties": draw(st.lists(st.sampled_from([t["id"] for t in tps]), max_size=3,
                                           unique=True)),
            "category": draw(st.sampled_from([c["id"] for c in categories])),
            "tier": draw(st.sampled_from([None, *tier_ids])),
            "basis": draw(st.sampled_from(["stated", "context"])),
            "quote": _quote(draw, hostile),
        })  # fmt: skip

    tiers = []
    for number, tier_id in enumerate(tier_ids, start=1):
        actions = []
        for _ in range(draw(st.integers(1, 3))):
            year = draw(st.sampled_from(years))
            actions.append({
                "id": _id(draw, taken), "title": _name(draw, hostile), "date": str(year),
                "precision": "year", "events": [], "third_parties": [tps[0]["id"]],
                "quote": _quote(draw, hostile),
                "outcome": {"status": draw(st.sampled_from(["achieved", "partial", "stalled",
                                                            "reversed", "not-judged"])),
                            "judged": years[-1], "rationale": "Judged so.",
                            "quote": _quote(draw, hostile)},
            })  # fmt: skip
        tiers.append({"id": tier_id, "number": number, "title": _name(draw, hostile),
                      "quote": _quote(draw, hostile),
                      "goals": [{"id": _id(draw, taken), "title": _name(draw, hostile),
                                 "quote": _quote(draw, hostile), "actions": actions}]})  # fmt: skip
    strategy = {"summary": {"quote": _quote(draw, hostile)}, "tiers": tiers, "counter_moves": []}
    if draw(st.booleans()):
        strategy["short_title"] = _name(draw, hostile)[:40].strip() or "Plan"
        # a hostile case names its parts in markup too (a filter's label shows the name)
        parts = [":red[red]"] if hostile else ["Track", "Front", "Pillar"]
        strategy["tier_name"] = draw(st.sampled_from(parts))
    files = {
        "meta.yaml": meta,
        "third_parties.yaml": {"third_parties": tps},
        "events.yaml": {"events": events},
        "strategy.yaml": strategy,
    }
    texts = {name: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
             for name, data in files.items()}  # fmt: skip
    return {"files": texts, "hostile": hostile}


def _ratings(draw: st.DrawFn, years: list[int], low: int, high: int, hostile: bool,
             optional: bool) -> list[dict] | None:  # fmt: skip
    if optional and draw(st.booleans()):
        return None  # not coded in any year
    out = []
    start = years[0]
    while start <= years[-1]:
        end = draw(st.integers(start, years[-1]))
        span = str(start) if start == end else f"{start}-{end}"
        value = draw(st.one_of(st.none(), st.integers(low, high)))
        if value is None:
            out.append({"years": span, "value": None, "rationale": "No grounds."})
        elif draw(st.booleans()):
            out.append({"years": span, "value": value, "confidence": "medium",
                        "rationale": "Said so.", "quote": _quote(draw, hostile)})  # fmt: skip
        else:
            out.append({"years": span, "value": value, "confidence": "low", "rationale": "Read so.",
                        "inferred": True, "reasoning": "Inferred."})  # fmt: skip
        start = end + 1
    return out


def write(files: dict[str, str], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def rich_case() -> dict[str, str]:
    """One generated case, rich and hostile, the same on every run: names of markup, two-word
    ids, several years, events that involve no side, a strategy with parts of its own name; the
    first such case a derandomised search draws (no shrinking: a small case is not the point)."""
    from hypothesis import HealthCheck, Phase, find, settings

    def rich(case: dict) -> bool:
        files = case["files"]
        years = files["meta.yaml"].split("event_period")[0].count("\n- ")
        return (case["hostile"] and "tier_name" in files["strategy.yaml"] and years >= 2
                and "actors: []" in files["events.yaml"]
                and files["third_parties.yaml"].count("\n- id:") >= 4)  # fmt: skip

    found = find(datasets(max_third_parties=10, max_events=15), rich,
                 settings=settings(max_examples=500, derandomize=True, database=None,
                                   phases=[Phase.generate], deadline=None,
                                   suppress_health_check=list(HealthCheck)))  # fmt: skip
    return found["files"]
