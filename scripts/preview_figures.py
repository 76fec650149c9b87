"""Write an HTML page with the start and end picture of every exercise and exposure activity.

Usage: .venv/bin/python scripts/preview_figures.py [output.html] [--only id,id] [--lang en]
Open the page in a browser (or screenshot it headless) to check that every figure reads well.
"""

import argparse
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ruggensteun.clinical.programme.exercises import load_exercises
from ruggensteun.clinical.programme.figures import render_exercise_strip


def _items() -> list[tuple[str, str, object]]:
    items: list[tuple[str, str, object]] = [
        (e.id, f"{e.category} · {e.chain} {e.level}", e) for e in load_exercises()
    ]
    try:
        from ruggensteun.clinical.programme.exposure import load_exposure_activities
    except ImportError:
        return items
    return items + [(a.id, "exposure", a) for a in load_exposure_activities()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", nargs="?", default="/tmp/figures_preview.html")
    parser.add_argument("--only", default="", help="comma-separated ids")
    parser.add_argument("--lang", default="nl")
    parser.add_argument("--columns", type=int, default=2)
    args = parser.parse_args()
    wanted = {part for part in args.only.split(",") if part}
    cards = []
    for id_, label, item in _items():
        if wanted and id_ not in wanted:
            continue
        name = item.name.get(args.lang)  # type: ignore[attr-defined]
        cards.append(
            f"<figure><figcaption><b>{escape(name)}</b> <small>{escape(id_)} · "
            f"{escape(label)}</small></figcaption>"
            f"{render_exercise_strip(item, args.lang)}</figure>"  # type: ignore[arg-type]
        )
    style = (
        "body{font-family:sans-serif;margin:12px;background:#fff;color:#222}"
        f"main{{display:grid;grid-template-columns:repeat({args.columns},1fr);gap:12px}}"
        "figure{margin:0}figcaption{font-size:13px;margin-bottom:2px}"
        "svg{width:100%;height:auto}"
    )
    page = (
        '<!doctype html><meta charset="utf-8"><title>Ruggensteun figures</title>'
        f"<style>{style}</style><main>{''.join(cards)}</main>"
    )
    Path(args.output).write_text(page, encoding="utf-8")
    print(f"{len(cards)} figures written to {args.output}")


if __name__ == "__main__":
    main()
