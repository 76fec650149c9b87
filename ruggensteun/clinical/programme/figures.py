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

``width`` spreads shoulders and hips apart for a view from the front or from above; 0 (the
default) is a side view, with the far arm and leg drawn lighter behind the body.
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

COLOURS = {
    "background": "#f6f4ee",
    "floor": "#8c8271",
    "near": "#24505f",
    "far": "#6a909f",
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


@dataclass(frozen=True)
class Prop:
    kind: PropKind
    at: Joint | None = None
    side: Literal["front", "back"] = "back"

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
    )


def parse_figure(data: dict[str, Any]) -> Figure:
    """A Figure from its data-file form (already checked against the schema)."""
    props = tuple(
        Prop(kind=item["kind"], at=item.get("at"), side=item.get("side", "back"))
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

    def moved(self, dx: float, dy: float) -> _Body:
        return _Body(
            {name: (x + dx, y + dy) for name, (x, y) in self.joints.items()},
            (self.trunk_control[0] + dx, self.trunk_control[1] + dy),
        )


def _build(pose: Pose) -> _Body:
    hip = (0.0, 0.0)
    shoulder = _towards(hip, pose.trunk, TRUNK)
    mid = ((hip[0] + shoulder[0]) / 2, (hip[1] + shoulder[1]) / 2)
    # Positive bend rounds the back: the curve bulges away from the front.
    control = _towards(mid, pose.trunk + 90, TRUNK * pose.bend / 50)
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
    return _Body(joints, control)


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


def _held_box(kind: PropKind, at: Point) -> tuple[float, float, float, float]:
    """x, y, width, height of a prop held in the hands."""
    x, y = at
    if kind == "box":
        return (x - 17, y - 5, 34, 24)
    if kind == "bag":
        return (x - 10, y + 6, 20, 24)
    return (x - 10, y - 2, 20, 20)  # ball


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


def _prop_svg(prop: Prop, body: _Body, extent: tuple[float, float, float, float]) -> str:
    """SVG for one prop, placed after the body is in its final position."""
    joints = body.joints
    at = joints[prop.anchor] if prop.anchor else joints["hip"]
    x, y = at
    kind = prop.kind
    if kind == "mat":
        left, right = extent[0] - 12, extent[2] + 12
        return _rect(left, FLOOR - MAT_HEIGHT, right - left, MAT_HEIGHT, "mat", "mat_edge", 2.5)
    if kind == "chair":
        seat_y = y + TRUNK_R + 1
        back, front = x - 14, x + 20
        return "".join(
            [
                _line((back, seat_y), (back, FLOOR), "wood_edge", 3),
                _line((front, seat_y), (front, FLOOR), "wood_edge", 3),
                _line((back - 3, seat_y - 44), (back, seat_y), "wood_edge", 3.5),
                _rect(back - 2, seat_y, front - back + 4, 5, "wood", "wood_edge", 2),
            ]
        )
    if kind == "step":
        top = y + LIMB_R + 1
        return _rect(x - 20, top, 48, FLOOR - top, "wood", "wood_edge", 2)
    if kind == "stairs":
        top = y + LIMB_R + 1
        rise = max(FLOOR - top, 8)
        return _rect(x - 20, top, 80, FLOOR - top, "wood", "wood_edge", 2) + _rect(
            x + 22, top - rise, 38, rise + 0.5, "wood", "wood_edge", 2
        )
    if kind == "wall":
        radius = (
            HEAD_R
            if prop.anchor == "head"
            else TRUNK_R
            if prop.anchor
            in (
                "hip",
                "shoulder",
            )
            else LIMB_R
        )
        if prop.side == "back":
            face = x - radius - 1
            return _rect(face - 14, -60, 14, FLOOR + 60, "wall", "wall_edge", 0)
        face = x + radius + 1
        return _rect(face, -60, 14, FLOOR + 60, "wall", "wall_edge", 0)
    if kind in _HELD:
        bx, by, bw, bh = _held_box(kind, at)
        if kind == "box":
            return _rect(bx, by, bw, bh, "box", "box_edge", 3) + _line(
                (bx + 6, by + 6), (bx + bw - 6, by + 6), "box_edge", 2
            )
        if kind == "bag":
            handle = (
                f'<path d="M{bx + 4:.1f},{by:.1f} Q{x:.1f},{y - 4:.1f} {bx + bw - 4:.1f},{by:.1f}" '
                f'fill="none" stroke="{COLOURS["box_edge"]}" stroke-width="2"/>'
            )
            return handle + _rect(bx, by, bw, bh, "box", "box_edge", 3)
        return (
            f'<circle cx="{x:.1f}" cy="{by + 10:.1f}" r="10" fill="{COLOURS["soft"]}" '
            f'stroke="{COLOURS["box_edge"]}" stroke-width="1.5"/>'
        )
    if kind == "bicycle":
        rear, ahead = (x - 22, FLOOR - 25), (x + 58, FLOOR - 25)
        crank = (x + 12, FLOOR - 27)
        seat = (x - 2, y + TRUNK_R + 2)
        bars = (x + 46, y - 12)
        parts = [
            f'<circle cx="{c[0]:.1f}" cy="{c[1]:.1f}" r="23" fill="none" '
            f'stroke="{COLOURS["wood_edge"]}" stroke-width="3"/>'
            for c in (rear, ahead)
        ]
        parts += [
            _line(rear, crank, "wood_edge", 3),
            _line(crank, seat, "wood_edge", 3),
            _line(rear, seat, "wood_edge", 3),
            _line(seat, (x + 44, y + 4), "wood_edge", 3),
            _line((x + 44, y + 4), crank, "wood_edge", 3),
            _line((x + 44, y + 4), ahead, "wood_edge", 3),
            _line((x + 44, y + 4), bars, "wood_edge", 3),
            _line((seat[0] - 8, seat[1]), (seat[0] + 8, seat[1]), "wood_edge", 4),
        ]
        return "".join(parts)
    if kind == "water":
        level = joints["shoulder"][1] - 4
        waves = " ".join(
            f"Q{-40 + 20 * i + 10:.1f},{level + (-4 if i % 2 else 4):.1f} "
            f"{-40 + 20 * (i + 1):.1f},{level:.1f}"
            for i in range(20)
        )
        return (
            f'<rect x="-40" y="{level:.1f}" width="{WIDTH + 80:.1f}" height="{HEIGHT:.1f}" '
            f'fill="{COLOURS["water"]}"/>'
            f'<path d="M-40,{level:.1f} {waves}" fill="none" '
            f'stroke="{COLOURS["water_edge"]}" stroke-width="2"/>'
        )
    if kind == "vacuum":
        nozzle = (x + 46, FLOOR - 4)
        return _line(at, nozzle, "wood_edge", 3) + _rect(
            nozzle[0] - 4, FLOOR - 6, 20, 6, "wood", "wood_edge", 2
        )
    if kind == "rake":
        tip = (x + 40, FLOOR - 2)
        handle_end = _towards(at, math.degrees(math.atan2(at[1] - tip[1], tip[0] - at[0])), -14)
        tines = "".join(
            _line((tip[0] - 8 + 4 * i, tip[1]), (tip[0] - 8 + 4 * i, tip[1] + 1), "wood_edge", 2)
            for i in range(5)
        )
        return (
            _line(handle_end, tip, "wood_edge", 3)
            + _line((tip[0] - 9, tip[1] - 3), (tip[0] + 9, tip[1] - 3), "wood_edge", 3)
            + tines
        )
    if kind == "shelf":
        board_y = y + LIMB_R + 1
        wall_x = x + 28
        return (
            _rect(wall_x, -60, 14, FLOOR + 60, "wall", "wall_edge", 0)
            + _rect(x - 22, board_y, wall_x - x + 22, 4, "wood", "wood_edge", 1)
            + _rect(x - 8, board_y - 16, 20, 16, "box", "box_edge", 2)
        )
    if kind == "pillow":
        return (
            f'<ellipse cx="{x:.1f}" cy="{y + HEAD_R + 1:.1f}" rx="17" ry="5" '
            f'fill="{COLOURS["soft"]}" stroke="{COLOURS["box_edge"]}" stroke-width="1.2"/>'
        )
    if kind == "towel":
        hand = joints["near_hand"]
        return _line(hand, at, "accent", 3, ' stroke-opacity="0.8"')
    # path: short motion lines behind the figure, at knee height
    left = extent[0] - 6
    mid_y = (extent[1] + extent[3]) / 2
    return "".join(
        _line((left - 22 + 4 * i, mid_y + dy), (left - 8 + 2 * i, mid_y + dy), "far", 2)
        for i, dy in enumerate((-10, 0, 10))
    )


# --- placing and drawing the figure ---------------------------------------------------------


@dataclass(frozen=True)
class _Scene:
    body: _Body
    pose: Pose
    props: tuple[Prop, ...]
    extent: tuple[float, float, float, float]


def _held_extents(props: tuple[Prop, ...], body: _Body) -> list[tuple[float, float, float, float]]:
    boxes = []
    for prop in props:
        if prop.kind in _HELD and prop.anchor:
            x, y, w, h = _held_box(prop.kind, body.joints[prop.anchor])
            boxes.append((x, y, x + w, y + h))
    return boxes


def _union(boxes: Sequence[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _place(pose: Pose, props: tuple[Prop, ...]) -> _Scene:
    body = _build(pose)
    kinds = {prop.kind for prop in props}
    extent = _union([_body_extent(body), *_held_extents(props, body)])
    if "bicycle" in kinds:
        dy = FLOOR - 84 - body.joints["hip"][1]
    elif pose.float:
        dy = 118 - body.joints["hip"][1]
    else:
        ground = FLOOR - (MAT_HEIGHT if "mat" in kinds else 0) - pose.lift
        dy = ground - extent[3]
    dx = WIDTH / 2 - (extent[0] + extent[2]) / 2
    if "bicycle" in kinds:
        dx -= 12
    body = body.moved(dx, dy)
    extent = (extent[0] + dx, extent[1] + dy, extent[2] + dx, extent[3] + dy)
    return _Scene(body, pose, props, extent)


def _limb_path(points: Sequence[Point]) -> str:
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _figure_svg(scene: _Scene) -> str:
    joints = scene.body.joints
    parts: list[str] = []
    behind = [
        p
        for p in scene.props
        if p.kind
        in ("mat", "chair", "step", "stairs", "wall", "water", "shelf", "pillow", "bicycle", "path")
    ]
    in_front = [p for p in scene.props if p not in behind]
    if not scene.pose.float:
        parts.append(_line((-60, FLOOR), (WIDTH + 60, FLOOR), "floor", 2))
    parts += [_prop_svg(p, scene.body, scene.extent) for p in behind]

    def limb(side: str, names: Sequence[str], colour: str, width: float) -> str:
        points = [joints[f"{side}_{name}"] for name in names]
        return (
            f'<path d="{_limb_path(points)}" fill="none" stroke="{COLOURS[colour]}" '
            f'stroke-width="{width}" stroke-linecap="round" stroke-linejoin="round"/>'
        )

    legs = ("hip", "knee", "ankle", "toe")
    arms = ("shoulder", "elbow", "hand")
    parts.append(limb("far", legs, "far", 2 * LIMB_R))
    parts.append(limb("far", arms, "far", 2 * LIMB_R))
    hip, shoulder, control = joints["hip"], joints["shoulder"], scene.body.trunk_control
    parts.append(
        f'<path d="M{hip[0]:.1f},{hip[1]:.1f} Q{control[0]:.1f},{control[1]:.1f} '
        f'{shoulder[0]:.1f},{shoulder[1]:.1f}" fill="none" stroke="{COLOURS["near"]}" '
        f'stroke-width="{2 * TRUNK_R}" stroke-linecap="round"/>'
    )
    head = joints["head"]
    neck_end = _towards(
        shoulder, math.degrees(math.atan2(shoulder[1] - head[1], head[0] - shoulder[0])), NECK + 2
    )
    parts.append(_line(shoulder, neck_end, "near", 2 * LIMB_R))
    parts.append(
        f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="{HEAD_R}" fill="{COLOURS["near"]}"/>'
    )
    parts.append(limb("near", legs, "near", 2 * LIMB_R))
    parts += [_prop_svg(p, scene.body, scene.extent) for p in in_front]
    parts.append(limb("near", arms, "near", 2 * LIMB_R))
    return "".join(parts)


def _view_box(scenes: Sequence[_Scene]) -> tuple[float, float, float, float]:
    """x, y, width, height: the standard canvas, grown where a figure would not fit."""
    top = min([0.0, *(s.extent[1] - MARGIN for s in scenes)])
    left = min([0.0, *(s.extent[0] - MARGIN for s in scenes)])
    right = max([WIDTH, *(s.extent[2] + MARGIN for s in scenes)])
    return (left, top, right - left, HEIGHT - top)


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
        "start": _place(figure.start, figure.props),
        "end": _place(figure.end, figure.props),
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
