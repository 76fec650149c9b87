"""The body map of the pain diary: simple regions on a figure seen from the back and the front.

The form is the list of checkboxes (one per region, with a label); the picture only shows
what is ticked, and a tap on a region ticks its box (``static/diary/bodymap.js``). "Links"
and "rechts" are the patient's own left and right: seen from the front, the patient's left
is on the right of the picture.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Region:
    code: str
    label: str | Promise
    side: str  # "back" or "front"
    shape: str  # SVG element name
    attrs: tuple[tuple[str, str], ...]


def _rect(x: int, y: int, width: int, height: int, radius: int = 8) -> tuple[tuple[str, str], ...]:
    return (
        ("x", str(x)),
        ("y", str(y)),
        ("width", str(width)),
        ("height", str(height)),
        ("rx", str(radius)),
    )


# The figure is drawn in a 200 x 440 box; x = 100 is the middle of the body.
REGIONS: tuple[Region, ...] = (
    Region("neck", _("Nek"), "back", "rect", _rect(88, 58, 24, 16, 4)),
    Region("upper_back", _("Bovenrug"), "back", "rect", _rect(62, 76, 76, 66, 12)),
    Region("lower_back_left", _("Onderrug links"), "back", "rect", _rect(64, 144, 22, 50, 6)),
    Region("lower_back_middle", _("Onderrug midden"), "back", "rect", _rect(88, 144, 24, 50, 6)),
    Region("lower_back_right", _("Onderrug rechts"), "back", "rect", _rect(114, 144, 22, 50, 6)),
    Region("buttock_left", _("Bil links"), "back", "rect", _rect(64, 196, 35, 38, 12)),
    Region("buttock_right", _("Bil rechts"), "back", "rect", _rect(101, 196, 35, 38, 12)),
    Region(
        "thigh_back_left", _("Achterkant bovenbeen links"), "back", "rect", _rect(66, 236, 32, 88)
    ),
    Region(
        "thigh_back_right",
        _("Achterkant bovenbeen rechts"),
        "back",
        "rect",
        _rect(102, 236, 32, 88),
    ),
    Region("calf_left", _("Kuit links"), "back", "rect", _rect(68, 328, 28, 80)),
    Region("calf_right", _("Kuit rechts"), "back", "rect", _rect(104, 328, 28, 80)),
    Region("belly", _("Buik"), "front", "rect", _rect(64, 144, 72, 50, 10)),
    # Seen from the front: the patient's right is on the left of the picture.
    Region("groin_right", _("Lies rechts"), "front", "rect", _rect(64, 196, 35, 30, 8)),
    Region("groin_left", _("Lies links"), "front", "rect", _rect(101, 196, 35, 30, 8)),
    Region(
        "thigh_front_right",
        _("Voorkant bovenbeen rechts"),
        "front",
        "rect",
        _rect(66, 228, 32, 96),
    ),
    Region(
        "thigh_front_left", _("Voorkant bovenbeen links"), "front", "rect", _rect(102, 228, 32, 96)
    ),
    Region("shin_right", _("Onderbeen rechts"), "front", "rect", _rect(68, 328, 28, 80)),
    Region("shin_left", _("Onderbeen links"), "front", "rect", _rect(104, 328, 28, 80)),
    Region("foot_right", _("Voet rechts"), "front", "rect", _rect(60, 410, 36, 18, 7)),
    Region("foot_left", _("Voet links"), "front", "rect", _rect(104, 410, 36, 18, 7)),
)
REGIONS_BY_CODE = {region.code: region for region in REGIONS}
SIDES = (("back", _("Achterkant")), ("front", _("Voorkant")))

# The parts of the figure that are not regions: head, arms, chest (front) and feet (back).
_BODY = {
    "back": (
        '<circle cx="100" cy="32" r="24"/>'
        '<rect x="38" y="80" width="22" height="124" rx="11"/>'
        '<rect x="140" y="80" width="22" height="124" rx="11"/>'
        '<rect x="62" y="410" width="34" height="18" rx="7"/>'
        '<rect x="104" y="410" width="34" height="18" rx="7"/>'
    ),
    "front": (
        '<circle cx="100" cy="32" r="24"/>'
        '<rect x="88" y="58" width="24" height="16" rx="4"/>'
        '<rect x="62" y="76" width="76" height="66" rx="12"/>'
        '<rect x="38" y="80" width="22" height="124" rx="11"/>'
        '<rect x="140" y="80" width="22" height="124" rx="11"/>'
    ),
}
# Which side of the picture is the patient's left, printed beside each figure.
_SIDE_MARKS = {"back": ("L", "R"), "front": ("R", "L")}


def regions_for(side: str) -> list[Region]:
    return [region for region in REGIONS if region.side == side]


def labels(codes: Iterable[str]) -> list[str]:
    """The regions' names in the active language, in the map's order."""
    chosen = set(codes)
    return [str(region.label) for region in REGIONS if region.code in chosen]


def figure(
    side: str,
    *,
    label: str | None = None,
    counts: Counter[str] | None = None,
) -> SafeString:
    """One figure as inline SVG. With ``counts`` (the therapist's overview) each region is
    shaded by how often it was marked; on the patient's form the ticked boxes colour their
    regions (CSS ``:has``), and a tap on a region ticks its box (``bodymap.js``).

    Without ``label`` the picture is hidden from screen readers: on the patient's form the
    list of checkboxes says everything the picture shows."""
    most = max(counts.values(), default=0) if counts else 0
    shapes = []
    for region in regions_for(side):
        classes = ["region"]
        style = ""
        if counts and counts.get(region.code):
            # 0.25-0.9 opacity by share of the most marked region.
            style = f"{0.25 + 0.65 * counts[region.code] / most:.2f}"
            classes.append("is-counted")
        attrs = format_html_join(" ", '{}="{}"', region.attrs)
        shapes.append(
            format_html(
                '<{} class="{}" data-region="{}" {}{}><title>{}</title></{}>',
                region.shape,
                " ".join(classes),
                region.code,
                attrs,
                # An attribute, not an inline style (Content-Security-Policy).
                format_html(' fill-opacity="{}"', style) if style else "",
                region.label,
                region.shape,
            )
        )
    left, right = _SIDE_MARKS[side]
    described = (
        format_html('role="img" aria-label="{}"', label)
        if label
        else SafeString('aria-hidden="true"')
    )
    return format_html(
        '<svg class="bodymap-figure" viewBox="0 0 200 440" {} focusable="false">'
        '<g class="body">{}</g>{}'
        '<text x="14" y="120" class="side-mark">{}</text>'
        '<text x="186" y="120" class="side-mark" text-anchor="end">{}</text>'
        "</svg>",
        described,
        SafeString(_BODY[side]),
        SafeString("".join(shapes)),
        left,
        right,
    )
