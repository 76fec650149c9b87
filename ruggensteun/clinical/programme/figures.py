"""Pictures of exercises and daily activities, drawn as SVG from a few numbers.

A picture is a ``Figure``: a start and an end ``Pose`` of one simple human figure, plus props
(mat, chair, wall, step, box...). A pose is a set of absolute segment angles in degrees:
0 points right, 90 up, 180 left, -90 down. The figure faces right; its front is 90 degrees
clockwise from the trunk direction, so draw a person lying on the back with the head to the
left (trunk 180) and lying on the belly or on hands and knees with the head to the right
(trunk about 0). ``bend`` rounds the back (positive) or hollows it (negative).

The figure is placed by the renderer, not by the author: it is centred left to right and
dropped until its lowest point (or a box it holds) rests on the floor or the mat. ``lift``
raises it (standing on a step), ``float`` leaves it in mid-water. Props with ``at`` follow a
joint, so a chair stays under the hips and a box stays in the hands whatever the angles.

``view: "top"`` draws the figure from above, lying on the floor (lumbar rotation), and
``width`` then spreads shoulders and hips apart. The default is a side view, with the far arm
and leg drawn lighter behind the body.

Adding a picture is adding two poses to the data file: start from a similar exercise, change a
few angles, and look at it with ``scripts/preview_figures.py``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol
from xml.sax.saxutils import escape

Position = Literal["start", "end"]
Joint = Literal[
    "hip",
    "shoulder",
    "head",
    "near_elbow",
    "near_hand",
    "far_elbow",
    "far_hand",
    "near_knee",
    "near_ankle",
    "near_toe",
    "far_knee",
    "far_ankle",
    "far_toe",
]
PropKind = Literal[
    "mat",
    "chair",
    "step",
    "stairs",
    "wall",
    "box",
    "bag",
    "ball",
    "bicycle",
    "water",
    "vacuum",
    "rake",
    "shelf",
    "pillow",
    "towel",
    "path",
]

# Segment lengths of the figure, in drawing units (a standing figure is about 140 high).
TRUNK = 44.0
NECK = 5.0
HEAD_R = 9.0
UPPER_ARM = 25.0
FOREARM = 23.0
THIGH = 38.0
SHIN = 36.0
FOOT = 11.0
TRUNK_R = 7.5
LIMB_R = 4.5

WIDTH = 240.0
HEIGHT = 200.0
FLOOR = 186.0
MAT_HEIGHT = 5.0
MARGIN = 8.0
MIN_HEIGHT = 120.0

# Contrast on the background (WCAG 1.4.11 asks 3:1 for graphics needed to understand them):
# near 8.0, far 3.8 (3.3 on water, 3.0 on the mat), floor 3.4; the mat itself is decoration.
COLOURS = {
    "background": "#f6f4ee",
    "floor": "#8c8271",
    "near": "#24505f",
    "far": "#5a8292",
    "mat": "#cfe1d6",
    "mat_edge": "#8fb3a2",
    "wood": "#c29a6b",
    "wood_edge": "#8d6a43",
    "box": "#e0ad68",
    "box_edge": "#9c7033",
    "wall": "#e2dccf",
    "wall_edge": "#a59c8a",
    "water": "#d3e8f0",
    "water_edge": "#6fa6bd",
    "soft": "#e9c9b5",
    "accent": "#c8643b",
}

# Props that the renderer holds in the figure's hands and rests on the floor with it.
_HELD: frozenset[PropKind] = frozenset({"box", "bag", "ball"})
_DEFAULT_AT: dict[PropKind, Joint] = {
    "chair": "hip",
    "step": "near_ankle",
    "stairs": "near_ankle",
    "wall": "shoulder",
    "box": "near_hand",
    "bag": "near_hand",
    "ball": "near_hand",
    "bicycle": "hip",
    "vacuum": "near_hand",
    "rake": "near_hand",
    "shelf": "near_hand",
    "pillow": "head",
    "towel": "near_toe",
}


@dataclass(frozen=True)
class Limb:
    """Absolute angles of an arm (upper arm, forearm) or leg (thigh, shin, foot)."""

    angles: tuple[float, ...]
    scale: float = 1.0


@dataclass(frozen=True)
class Pose:
    trunk: float
    near_arm: Limb
    far_arm: Limb
    near_leg: Limb
    far_leg: Limb
    bend: float = 0.0
    head: float | None = None
    width: float = 0.0
    lift: float = 0.0
    float: bool = False
    view: Literal["side", "top"] = "side"


@dataclass(frozen=True)
class Prop:
    kind: PropKind
    at: Joint | None = None
    side: Literal["front", "back"] = "back"
    when: Position | None = None  # shown in one position only; None: in both

    @property
    def anchor(self) -> Joint | None:
        return self.at or _DEFAULT_AT.get(self.kind)


@dataclass(frozen=True)
class Figure:
    start: Pose
    end: Pose
    props: tuple[Prop, ...] = field(default=())

    def pose(self, position: Position) -> Pose:
        return self.start if position == "start" else self.end


class _Bilingual(Protocol):
    def get(self, language: str) -> str: ...


class Illustrated(Protocol):
    """Anything with a picture and an alt text: an exercise or an exposure activity."""

    @property
    def figure(self) -> Figure: ...

    @property
    def alt(self) -> _Bilingual: ...


def _limb(values: Sequence[float], segments: int, name: str) -> Limb:
    if len(values) == segments:
        return Limb(tuple(float(v) for v in values))
    if len(values) == segments + 1 and 0.2 <= values[-1] <= 1:
        return Limb(tuple(float(v) for v in values[:-1]), float(values[-1]))
    raise ValueError(f"{name}: expected {segments} angles and an optional scale, got {values}")


def parse_pose(data: dict[str, Any]) -> Pose:
    return Pose(
        trunk=float(data["trunk"]),
        near_arm=_limb(data["near_arm"], 2, "near_arm"),
        far_arm=_limb(data["far_arm"], 2, "far_arm"),
        near_leg=_limb(data["near_leg"], 3, "near_leg"),
        far_leg=_limb(data["far_leg"], 3, "far_leg"),
        bend=float(data.get("bend", 0.0)),
        head=float(data["head"]) if "head" in data else None,
        width=float(data.get("width", 0.0)),
        lift=float(data.get("lift", 0.0)),
        float=bool(data.get("float", False)),
        view=data.get("view", "side"),
    )


def parse_figure(data: dict[str, Any]) -> Figure:
    """A Figure from its data-file form (already checked against the schema)."""
    props = tuple(
        Prop(
            kind=item["kind"],
            at=item.get("at"),
            side=item.get("side", "back"),
            when=item.get("when"),
        )
        for item in data.get("props", [])
    )
    return Figure(start=parse_pose(data["start"]), end=parse_pose(data["end"]), props=props)


# --- geometry -------------------------------------------------------------------------------

Point = tuple[float, float]


def _towards(origin: Point, angle: float, length: float) -> Point:
    radians = math.radians(angle)
    return (origin[0] + length * math.cos(radians), origin[1] - length * math.sin(radians))


@dataclass(frozen=True)
class _Body:
    """The joints of a posed figure, before it is moved into place."""

    joints: dict[str, Point]
    trunk_control: Point
    view: Literal["side", "top"] = "side"

    def moved(self, dx: float, dy: float) -> _Body:
        return _Body(
            {name: (x + dx, y + dy) for name, (x, y) in self.joints.items()},
            (self.trunk_control[0] + dx, self.trunk_control[1] + dy),
            self.view,
        )


def _build(pose: Pose) -> _Body:
    hip = (0.0, 0.0)
    shoulder = _towards(hip, pose.trunk, TRUNK)
    # The curve sits low in the trunk, where the lower back bends; positive bend rounds the
    # back (the curve bulges away from the front), negative hollows it.
    low = (hip[0] + 0.4 * (shoulder[0] - hip[0]), hip[1] + 0.4 * (shoulder[1] - hip[1]))
    control = _towards(low, pose.trunk + 90, TRUNK * pose.bend / 50)
    head_angle = pose.trunk if pose.head is None else pose.head
    joints: dict[str, Point] = {
        "hip": hip,
        "shoulder": shoulder,
        "head": _towards(shoulder, head_angle, NECK + HEAD_R),
    }
    for side, offset in (("near", -1.0), ("far", 1.0)):
        arm: Limb = getattr(pose, f"{side}_arm")
        leg: Limb = getattr(pose, f"{side}_leg")
        root_arm = _towards(shoulder, pose.trunk + 90, offset * pose.width)
        root_leg = _towards(hip, pose.trunk + 90, offset * pose.width * 0.7)
        elbow = _towards(root_arm, arm.angles[0], UPPER_ARM * arm.scale)
        hand = _towards(elbow, arm.angles[1], FOREARM * arm.scale)
        knee = _towards(root_leg, leg.angles[0], THIGH * leg.scale)
        ankle = _towards(knee, leg.angles[1], SHIN * leg.scale)
        toe = _towards(ankle, leg.angles[2], FOOT)
        joints |= {
            f"{side}_shoulder": root_arm,
            f"{side}_hip": root_leg,
            f"{side}_elbow": elbow,
            f"{side}_hand": hand,
            f"{side}_knee": knee,
            f"{side}_ankle": ankle,
            f"{side}_toe": toe,
        }
    return _Body(joints, control, pose.view)


def _body_extent(body: _Body) -> tuple[float, float, float, float]:
    """min x, min y, max x, max y of the drawn body, strokes included."""
    xs: list[float] = []
    ys: list[float] = []
    for name, (x, y) in body.joints.items():
        radius = HEAD_R if name == "head" else TRUNK_R if name in ("hip", "shoulder") else LIMB_R
        xs += [x - radius, x + radius]
        ys += [y - radius, y + radius]
    return min(xs), min(ys), max(xs), max(ys)


# --- props ----------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # min x, min y, max x, max y
SEAT_HEIGHT = 32.0  # a seat on which thighs are level when the shins are upright
STEP_WIDTH = 46.0


@dataclass(frozen=True)
class _Shape:
    """A drawn prop and the box it takes (None for props that fill the scene)."""

    svg: str
    box: Box | None


def _rect(x: float, y: float, w: float, h: float, fill: str, stroke: str, rx: float = 2) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" '
        f'fill="{COLOURS[fill]}" stroke="{COLOURS[stroke]}" stroke-width="1.5"/>'
    )


def _line(a: Point, b: Point, colour: str, width: float, extra: str = "") -> str:
    return (
        f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
        f'stroke="{COLOURS[colour]}" stroke-width="{width}" stroke-linecap="round"{extra}/>'
    )


def _radius(joint: str) -> float:
    return HEAD_R if joint == "head" else TRUNK_R if joint in ("hip", "shoulder") else LIMB_R


def _chair(prop: Prop, body: _Body, floor: float) -> _Shape:
    anchor = prop.anchor or "hip"
    x, y = body.joints[anchor]
    seat = y + _radius(anchor) + 1
    if anchor != "hip":
        # The lower legs rest on the seat (a position of ease lying on the back).
        back, front, rest = x + 10, x - 26, -1.0
    elif seat < floor - SEAT_HEIGHT - 6:
        # The figure stands: the chair waits behind it at its usual height.
        seat = floor - SEAT_HEIGHT
        front = _body_extent(body)[0] - 4
        back, rest = front - 34, 1.0
    else:
        back, front, rest = x - 14, x + 20, 1.0
    left, right = min(back, front), max(back, front)
    svg = "".join(
        [
            _line((back, seat), (back, floor), "wood_edge", 3),
            _line((front, seat), (front, floor), "wood_edge", 3),
            _line((back - 3 * rest, seat - 42), (back, seat), "wood_edge", 3.5),
            _rect(left - 2, seat, right - left + 4, 5, "wood", "wood_edge", 2),
        ]
    )
    return _Shape(svg, (left - 6, seat - 44, right + 4, floor))


def _held(kind: PropKind, at: Point) -> tuple[str, Box]:
    """A prop held in a hand: it moves with the hand and rests on the floor with the figure."""
    x, y = at
    if kind == "box":
        bx, by, bw, bh = x - 17, y - 5, 34.0, 24.0
        svg = _rect(bx, by, bw, bh, "box", "box_edge", 3) + _line(
            (bx + 7, by + 7), (bx + bw - 7, by + 7), "box_edge", 2
        )
    elif kind == "bag":
        bx, by, bw, bh = x - 10, y + 7, 20.0, 24.0
        svg = (
            f'<path d="M{bx + 4:.1f},{by:.1f} Q{x:.1f},{y - 6:.1f} {bx + bw - 4:.1f},{by:.1f}" '
            f'fill="none" stroke="{COLOURS["box_edge"]}" stroke-width="2"/>'
        ) + _rect(bx, by, bw, bh, "box", "box_edge", 3)
    else:
        bx, by, bw, bh = x - 8, y - 3, 16.0, 16.0
        svg = (
            f'<circle cx="{x:.1f}" cy="{by + 8:.1f}" r="8" fill="{COLOURS["box"]}" '
            f'stroke="{COLOURS["box_edge"]}" stroke-width="1.5"/>'
        )
    return svg, (bx, by, bx + bw, by + bh)


def _prop(prop: Prop, body: _Body, floor: float) -> _Shape:
    """A prop drawn for a body that is already in place."""
    joints = body.joints
    at = joints[prop.anchor] if prop.anchor else joints["hip"]
    x, y = at
    kind = prop.kind
    if kind == "chair":
        return _chair(prop, body, floor)
    if kind in _HELD:
        return _Shape(*_held(kind, at))
    if kind == "step":
        top = y + LIMB_R + 1
        left = x - STEP_WIDTH / 2 + 4
        return _Shape(
            _rect(left, top, STEP_WIDTH, floor - top, "wood", "wood_edge", 2),
            (left, top, left + STEP_WIDTH, floor),
        )
    if kind == "stairs":
        top = y + LIMB_R + 1
        rise = max(floor - top, 10)
        left = x - STEP_WIDTH / 2 + 4
        svg = _rect(left, top, STEP_WIDTH + 40, floor - top, "wood", "wood_edge", 2) + _rect(
            left + STEP_WIDTH, top - rise, 40, rise + 0.5, "wood", "wood_edge", 2
        )
        return _Shape(svg, (left, top - rise, left + STEP_WIDTH + 40, floor))
    if kind == "wall":
        radius = _radius(prop.anchor or "shoulder")
        face = x - radius - 1 if prop.side == "back" else x + radius + 1
        left = face - 14 if prop.side == "back" else face
        return _Shape(_rect(left, -200, 14, floor + 200, "wall", "wall_edge", 0), None)
    if kind == "bicycle":
        rear, ahead = (x - 22, floor - 25), (x + 58, floor - 25)
        crank = (x + 12, floor - 27)
        seat = (x - 2, y + TRUNK_R + 2)
        head_tube = (x + 44, y + 4)
        bars = (x + 46, y - 12)
        wheels = [
            f'<circle cx="{c[0]:.1f}" cy="{c[1]:.1f}" r="23" fill="none" '
            f'stroke="{COLOURS["wood_edge"]}" stroke-width="3"/>'
            for c in (rear, ahead)
        ]
        frame = [
            _line(rear, crank, "wood_edge", 3),
            _line(crank, seat, "wood_edge", 3),
            _line(rear, seat, "wood_edge", 3),
            _line(seat, head_tube, "wood_edge", 3),
            _line(head_tube, crank, "wood_edge", 3),
            _line(head_tube, ahead, "wood_edge", 3),
            _line(head_tube, bars, "wood_edge", 3),
            _line((seat[0] - 8, seat[1]), (seat[0] + 8, seat[1]), "wood_edge", 4),
        ]
        return _Shape("".join(wheels + frame), (x - 48, y - 14, x + 84, floor))
    if kind == "water":
        level = joints["shoulder"][1] - 3
        waves = " ".join(
            f"Q{-190 + 20 * i},{level + (-3 if i % 2 else 3):.1f} {-180 + 20 * i},{level:.1f}"
            for i in range(40)
        )
        svg = (
            f'<rect x="-200" y="{level:.1f}" width="{WIDTH + 400:.1f}" height="{HEIGHT:.1f}" '
            f'fill="{COLOURS["water"]}"/><path d="M-200,{level:.1f} {waves}" fill="none" '
            f'stroke="{COLOURS["water_edge"]}" stroke-width="2"/>'
        )
        return _Shape(svg, None)
    if kind == "vacuum":
        nozzle = (x + 44, floor - 5)
        svg = _line(at, nozzle, "wood_edge", 3) + _rect(
            nozzle[0] - 4, floor - 7, 22, 7, "wood", "wood_edge", 2
        )
        return _Shape(svg, (x - 4, y - 4, x + 62, floor))
    if kind == "rake":
        tip = (x + 42, floor - 3)
        away = math.degrees(math.atan2(at[1] - tip[1], tip[0] - at[0]))
        handle_end = _towards(at, away, -16)
        tines = "".join(
            _line((tip[0] - 8 + 4 * i, tip[1]), (tip[0] - 8 + 4 * i, tip[1] + 2), "wood_edge", 2)
            for i in range(5)
        )
        svg = (
            _line(handle_end, tip, "wood_edge", 3)
            + _line((tip[0] - 10, tip[1]), (tip[0] + 10, tip[1]), "wood_edge", 3)
            + tines
        )
        return _Shape(svg, (min(handle_end[0], x) - 4, handle_end[1] - 4, x + 54, floor))
    if kind == "shelf":
        if prop.anchor == "head":
            # A high shelf in front of the face, so it stays put while the arms move.
            board, x = y - 32, x + 22
        else:
            board = y + LIMB_R + 1
        wall = x + 26
        svg = (
            _rect(wall, -200, 14, floor + 200, "wall", "wall_edge", 0)
            + _rect(x - 22, board, wall - x + 22, 4, "wood", "wood_edge", 1)
            + _rect(x - 6, board - 15, 18, 15, "box", "box_edge", 2)
        )
        return _Shape(svg, (x - 24, board - 16, wall + 14, board + 4))
    if kind == "pillow":
        svg = (
            f'<ellipse cx="{x:.1f}" cy="{y + HEAD_R - 1:.1f}" rx="16" ry="5" '
            f'fill="{COLOURS["soft"]}" stroke="{COLOURS["box_edge"]}" stroke-width="1.2"/>'
        )
        return _Shape(svg, (x - 16, y, x + 16, y + HEAD_R + 4))
    if kind == "towel":
        hand = joints["near_hand"]
        return _Shape(_line(hand, at, "accent", 3), None)
    if kind == "mat":
        extent = _body_extent(body)
        left, right = extent[0] - 12, extent[2] + 12
        if body.view == "top":
            top, bottom = extent[1] - 10, extent[3] + 10
            svg = _rect(left, top, right - left, bottom - top, "mat", "mat_edge", 6)
            return _Shape(svg, (left, top, right, bottom))
        svg = _rect(left, floor, right - left, MAT_HEIGHT, "mat", "mat_edge", 2.5)
        return _Shape(svg, None)
    # path: short motion lines behind a walking or running figure
    extent = _body_extent(body)
    left, mid = extent[0] - 4, (extent[1] * 0.4 + extent[3] * 0.6)
    svg = "".join(
        _line((left - 24 + 5 * i, mid + dy), (left - 8, mid + dy), "far", 2)
        for i, dy in enumerate((-12, 0, 12))
    )
    return _Shape(svg, (left - 26, mid - 14, left, mid + 14))


# --- placing and drawing the figure ---------------------------------------------------------

_BEHIND: frozenset[PropKind] = frozenset(
    {"mat", "chair", "step", "stairs", "wall", "water", "shelf", "pillow", "bicycle", "path"}
)


@dataclass(frozen=True)
class _Scene:
    body: _Body
    pose: Pose
    behind: tuple[_Shape, ...]
    in_front: tuple[_Shape, ...]
    extent: Box


def _union(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _place(pose: Pose, props: tuple[Prop, ...]) -> _Scene:
    """Put the posed figure on the floor (or mat, step, bicycle, water) in the middle."""
    body = _build(pose)
    kinds = {prop.kind for prop in props}
    # The mat top is where a figure lying on it rests; the floor line stays where it is.
    floor = FLOOR - MAT_HEIGHT if "mat" in kinds else FLOOR
    held = [_held(p.kind, body.joints[p.anchor])[1] for p in props if p.kind in _HELD and p.anchor]
    lowest = _union([_body_extent(body), *held])[3]
    if "bicycle" in kinds:
        dy = FLOOR - 84 - body.joints["hip"][1]
    elif pose.view == "top":
        extent = _body_extent(body)
        dy = (HEIGHT - MIN_HEIGHT / 2) - (extent[1] + extent[3]) / 2
    elif pose.float:
        dy = 120 - body.joints["hip"][1]
    else:
        dy = floor - pose.lift - lowest
    body = body.moved(0, dy)
    shapes = [(prop, _prop(prop, body, floor)) for prop in props]
    boxes = [shape.box for _, shape in shapes if shape.box is not None]
    extent = _union([_body_extent(body), *boxes])
    dx = WIDTH / 2 - (extent[0] + extent[2]) / 2
    body = body.moved(dx, 0)
    shapes = [(prop, _prop(prop, body, floor)) for prop in props]
    return _Scene(
        body,
        pose,
        tuple(shape for prop, shape in shapes if prop.kind in _BEHIND),
        tuple(shape for prop, shape in shapes if prop.kind not in _BEHIND),
        (extent[0] + dx, extent[1], extent[2] + dx, extent[3]),
    )


def _limb_path(points: Sequence[Point]) -> str:
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _figure_svg(scene: _Scene) -> str:
    joints = scene.body.joints
    parts: list[str] = []
    if not scene.pose.float and scene.pose.view == "side":
        parts.append(_line((-200, FLOOR), (WIDTH + 200, FLOOR), "floor", 2))
    parts += [shape.svg for shape in scene.behind]

    def limb(side: str, names: Sequence[str], colour: str) -> str:
        points = [joints[f"{side}_{name}"] for name in names]
        return (
            f'<path d="{_limb_path(points)}" fill="none" stroke="{COLOURS[colour]}" '
            f'stroke-width="{2 * LIMB_R}" stroke-linecap="round" stroke-linejoin="round"/>'
        )

    legs = ("hip", "knee", "ankle", "toe")
    arms = ("shoulder", "elbow", "hand")
    parts.append(limb("far", legs, "far"))
    parts.append(limb("far", arms, "far"))
    hip, shoulder, control = joints["hip"], joints["shoulder"], scene.body.trunk_control
    parts.append(
        f'<path d="M{hip[0]:.1f},{hip[1]:.1f} Q{control[0]:.1f},{control[1]:.1f} '
        f'{shoulder[0]:.1f},{shoulder[1]:.1f}" fill="none" stroke="{COLOURS["near"]}" '
        f'stroke-width="{2 * TRUNK_R + scene.pose.width}" stroke-linecap="round"/>'
    )
    head = joints["head"]
    parts.append(_line(shoulder, head, "near", 2 * LIMB_R))
    parts.append(
        f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="{HEAD_R}" fill="{COLOURS["near"]}"/>'
    )
    parts.append(limb("near", legs, "near"))
    parts += [shape.svg for shape in scene.in_front]
    parts.append(limb("near", arms, "near"))
    return "".join(parts)


def _view_box(scenes: Sequence[_Scene]) -> Box:
    """x, y, width, height: the standard canvas, trimmed above low figures, grown where a
    figure would not fit. The scale never changes, so every figure has the same size."""
    top = min([HEIGHT - MIN_HEIGHT, *(s.extent[1] - 2 * MARGIN for s in scenes)])
    bottom = max([HEIGHT, *(s.extent[3] + MARGIN for s in scenes)])
    left = min([0.0, *(s.extent[0] - MARGIN for s in scenes)])
    right = max([WIDTH, *(s.extent[2] + MARGIN for s in scenes)])
    return (left, top, right - left, bottom - top)


def _clipped(view: tuple[float, float, float, float], drawing: str) -> str:
    """The drawing inside a rounded panel; the clip id is derived from the drawing, so pictures
    inlined side by side in one page never share an id with different content."""
    x, y, w, h = view
    clip_id = "rs" + hashlib.sha1(drawing.encode(), usedforsecurity=False).hexdigest()[:10]
    return (
        f'<clipPath id="{clip_id}"><rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" '
        f'height="{h:.0f}" rx="12"/></clipPath>'
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="12" '
        f'fill="{COLOURS["background"]}"/>'
        f'<g clip-path="url(#{clip_id})">{drawing}</g>'
    )


def _svg(title: str, view: tuple[float, float, float, float], body: str) -> str:
    x, y, w, h = view
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:.0f} {y:.0f} {w:.0f} {h:.0f}" '
        f'width="{w:.0f}" height="{h:.0f}" role="img">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


_POSITIONS: tuple[Position, ...] = ("start", "end")
_POSITION_WORDS = {
    "start": {"nl": "Beginhouding", "en": "Starting position"},
    "end": {"nl": "Eindhouding", "en": "End position"},
}


def _scenes(figure: Figure) -> dict[Position, _Scene]:
    return {
        position: _place(
            figure.pose(position),
            tuple(p for p in figure.props if p.when in (None, position)),
        )
        for position in _POSITIONS
    }


def render_svg(figure: Figure, position: Position, title: str) -> str:
    """One position of a figure as a standalone SVG document."""
    scenes = _scenes(figure)
    view = _view_box(list(scenes.values()))
    return _svg(title, view, _clipped(view, _figure_svg(scenes[position])))


def render_exercise_svg(item: Illustrated, position: Position, language: str = "nl") -> str:
    """The start or end picture of an exercise (or exposure activity), titled by its alt text."""
    lang = "en" if language == "en" else "nl"
    title = f"{_POSITION_WORDS[position][lang]}. {item.alt.get(lang)}"
    return render_svg(item.figure, position, title)


def render_exercise_strip(item: Illustrated, language: str = "nl") -> str:
    """Start and end side by side, with an arrow between them, as one SVG."""
    lang = "en" if language == "en" else "nl"
    scenes = _scenes(item.figure)
    x, y, w, h = _view_box(list(scenes.values()))
    gap = 36.0
    panels = []
    for index, position in enumerate(_POSITIONS):
        offset = index * (w + gap)
        drawing = _clipped((x, y, w, h), _figure_svg(scenes[position]))
        panels.append(f'<g transform="translate({offset:.0f},0)">{drawing}</g>')
    mid_x, mid_y = x + w + gap / 2, y + h / 2
    arrow = (
        f'<path d="M{mid_x - 10:.1f},{mid_y:.1f} H{mid_x + 8:.1f} M{mid_x + 2:.1f},'
        f'{mid_y - 7:.1f} L{mid_x + 9:.1f},{mid_y:.1f} L{mid_x + 2:.1f},{mid_y + 7:.1f}" '
        f'fill="none" stroke="{COLOURS["accent"]}" stroke-width="3" '
        f'stroke-linecap="round" stroke-linejoin="round"/>'
    )
    total = (x, y, 2 * w + gap, h)
    title = item.alt.get(lang)
    tx, ty, tw, th = total
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{tx:.0f} {ty:.0f} {tw:.0f} {th:.0f}" '
        f'width="{tw:.0f}" height="{th:.0f}" role="img">'
        f"<title>{escape(title)}</title>{''.join(panels)}{arrow}</svg>"
    )
