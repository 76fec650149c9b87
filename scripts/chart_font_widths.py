"""Write ruggensteun/charts/fontwidths.py: the advance width of each character of DejaVu
Sans (regular and bold), read once from the font files, so the charts lay out their labels
without a font library at run time.

Usage: .venv/bin/python scripts/chart_font_widths.py
(fontTools comes with WeasyPrint; the fonts with Debian's fonts-dejavu-core.)
"""

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path("/usr/share/fonts/truetype/dejavu")
OUT = Path(__file__).resolve().parent.parent / "ruggensteun" / "charts" / "fontwidths.py"
# Printable ASCII, Latin-1 (ë, é, ï, ü, °, ½) and the punctuation a label may hold.
CHARACTERS = (
    [chr(code) for code in range(0x20, 0x7F)]
    + [chr(code) for code in range(0xA0, 0x180)]
    + list("\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u2192\u2212\u20ac\u2265\u2264")
)


def widths(path: Path) -> dict[str, int]:
    """Each character's advance in thousandths of the font size."""
    font = TTFont(path)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    per_em = font["head"].unitsPerEm
    return {
        char: round(metrics[cmap[ord(char)]][0] * 1000 / per_em)
        for char in CHARACTERS
        if ord(char) in cmap
    }


def _literal(char: str) -> str:
    """The character as ruff writes it: double quotes, non-ASCII escaped."""
    return "'\"'" if char == '"' else json.dumps(char)


def table(name: str, found: dict[str, int]) -> str:
    rows = [f"{name} = {{"]
    rows += [f"    {_literal(char)}: {width}," for char, width in found.items()]
    return "\n".join([*rows, "}"])


def main() -> None:
    regular, bold = widths(FONTS / "DejaVuSans.ttf"), widths(FONTS / "DejaVuSans-Bold.ttf")
    OUT.write_text(
        '"""Advance widths of DejaVu Sans in thousandths of the font size (regular and bold),\n'
        "read from /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf and DejaVuSans-Bold.ttf\n"
        "(version 2.37) by scripts/chart_font_widths.py. Generated: run that script again\n"
        'rather than editing by hand."""\n\n'
        + table("REGULAR", regular)
        + "\n\n"
        + table("BOLD", bold)
        + "\n"
    )


if __name__ == "__main__":
    main()
