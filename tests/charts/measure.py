"""Where a chart's labels really are: each <text> measured in DejaVu Sans read from the font
file itself with fontTools (not with the width table the charts lay out with), so a test
sees a label the layout got wrong."""

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

SVG = "{http://www.w3.org/2000/svg}"
FONTS = Path("/usr/share/fonts/truetype/dejavu")


@cache
def _font(bold: bool) -> TTFont:
    return TTFont(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))


def measure(words: str, size: float, *, bold: bool = False) -> tuple[float, float, float]:
    """The advance width of ``words`` and how far its ink reaches above and below the
    baseline, at ``size``."""
    font = _font(bold)
    cmap, metrics, glyphs = font.getBestCmap(), font["hmtx"], font["glyf"]
    names = [cmap[ord(char)] for char in words]
    scale = size / font["head"].unitsPerEm
    ink = [glyphs[name] for name in names if glyphs[name].numberOfContours]
    up = max((glyph.yMax for glyph in ink), default=0) * scale
    down = -min((glyph.yMin for glyph in ink), default=0) * scale
    return sum(metrics[name][0] for name in names) * scale, up, down


def view_box(svg: str) -> tuple[float, float]:
    _x, _y, w, h = (float(part) for part in ET.fromstring(svg).get("viewBox").split())
    return w, h


def text_extents(svg: str):
    """Each label with its left and right edge and the top and bottom of its letters, in
    the viewBox's units; the size inherited from the <svg> where the label has none."""
    root = ET.fromstring(svg)
    default = root.get("font-size") or "13"
    for node in root.iter(f"{SVG}text"):
        words = "".join(node.itertext())
        if not words.strip():
            continue
        size = float((node.get("font-size") or default).removesuffix("px"))
        x, y = float(node.get("x")), float(node.get("y"))
        measured, up, down = measure(words, size, bold=node.get("font-weight") == "bold")
        anchor = node.get("text-anchor") or "start"
        left = {"start": x, "middle": x - measured / 2, "end": x - measured}[anchor]
        yield words, left, left + measured, y - up, y + down
