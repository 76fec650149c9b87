"""Every exercise and exposure activity has a start and an end picture that is valid SVG."""

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.programme import figures
from ruggensteun.clinical.programme.exercises import get_exercise, load_exercises
from ruggensteun.clinical.programme.exposure import load_exposure_activities
from ruggensteun.clinical.programme.figures import (
    Figure,
    Limb,
    Pose,
    Prop,
    render_exercise_strip,
    render_exercise_svg,
    render_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
ITEMS = [*load_exercises(), *load_exposure_activities()]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _assert_standalone(svg: str) -> ET.Element:
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    _, _, width, height = (float(part) for part in root.get("viewBox", "").split())
    assert width > 0 and height > 0
    first = root[0]
    assert first.tag == f"{SVG}title" and (first.text or "").strip()
    lowered = svg.lower()
    for outside in ("http://", "https://", "xlink:href", "<image", "<script", "@import"):
        assert outside not in lowered.replace('xmlns="http://www.w3.org/2000/svg"', "")
    return root


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
@pytest.mark.parametrize("position", ["start", "end"])
def test_every_picture_renders_to_standalone_svg_titled_by_its_alt_text(item, position):
    for language in ("nl", "en"):
        root = _assert_standalone(render_exercise_svg(item, position, language))
        title = root[0].text or ""
        assert item.alt.get(language) in title


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
def test_start_and_end_pictures_differ(item):
    assert item.figure.start != item.figure.end
    assert render_exercise_svg(item, "start") != render_exercise_svg(item, "end")


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
def test_the_strip_shows_start_and_end_side_by_side(item):
    root = _assert_standalone(render_exercise_strip(item, "en"))
    panels = [g for g in root.findall(f"{SVG}g") if "translate" in (g.get("transform") or "")]
    assert len(panels) == 2


def test_the_title_names_the_position_in_the_chosen_language():
    bridge = get_exercise("bridge")
    assert _parse(render_exercise_svg(bridge, "start", "nl"))[0].text.startswith("Beginhouding")
    assert _parse(render_exercise_svg(bridge, "end", "en"))[0].text.startswith("End position")


def test_a_title_with_markup_characters_is_escaped():
    svg = render_svg(get_exercise("bridge").figure, "start", 'Knie & heup <"recht">')
    assert _parse(svg)[0].text == 'Knie & heup <"recht">'


def test_limbs_are_drawn_with_round_strokes():
    root = _parse(render_exercise_svg(get_exercise("bird_dog"), "end"))
    paths = [p for p in root.iter(f"{SVG}path") if p.get("stroke-linecap") == "round"]
    assert len(paths) >= 5  # trunk and four limbs


def test_inline_pictures_never_share_a_clip_id_with_different_content():
    ids = {}
    for item in ITEMS[:20]:
        for position in ("start", "end"):
            root = _parse(render_exercise_svg(item, position))
            clip = root.find(f"{SVG}clipPath")
            drawing = ET.tostring(root.find(f"{SVG}g"))
            assert ids.setdefault(clip.get("id"), drawing) == drawing


def _scene(pose: Pose, props=()):
    return figures._place(pose, tuple(props))


STANDING = Pose(
    trunk=90,
    near_arm=Limb((-90, -90)),
    far_arm=Limb((-90, -90)),
    near_leg=Limb((-90, -90, 0)),
    far_leg=Limb((-90, -90, 0)),
)


def test_a_standing_figure_rests_on_the_floor_in_the_middle():
    scene = _scene(STANDING)
    assert scene.extent[3] == pytest.approx(figures.FLOOR)
    assert (scene.extent[0] + scene.extent[2]) / 2 == pytest.approx(figures.WIDTH / 2)


def test_a_box_held_low_rests_on_the_floor_and_is_lifted_with_the_hands():
    lifting = get_exercise("lifting_light_box").figure
    crouched = _scene(lifting.start, lifting.props)
    upright = _scene(lifting.end, lifting.props)
    (box,) = crouched.in_front
    assert box.box[3] == pytest.approx(figures.FLOOR)
    (lifted,) = upright.in_front
    assert lifted.box[3] < figures.FLOOR - 40


def test_a_chair_stays_under_the_hips_of_a_seated_figure_and_moves_behind_a_standing_one():
    sit_to_stand = get_exercise("sit_to_stand").figure
    seated = _scene(sit_to_stand.start, sit_to_stand.props)
    standing = _scene(sit_to_stand.end, sit_to_stand.props)
    seated_chair = figures._prop(Prop("chair"), seated.body, figures.FLOOR)
    standing_chair = figures._prop(Prop("chair"), standing.body, figures.FLOOR)
    hip_x = seated.body.joints["hip"][0]
    assert seated_chair.box[0] < hip_x < seated_chair.box[2]
    assert standing_chair.box[2] <= figures._body_extent(standing.body)[0]


angles = st.floats(min_value=-180, max_value=180, allow_nan=False)


@st.composite
def poses(draw):
    return Pose(
        trunk=draw(angles),
        near_arm=Limb((draw(angles), draw(angles))),
        far_arm=Limb((draw(angles), draw(angles))),
        near_leg=Limb((draw(angles), draw(angles), draw(angles))),
        far_leg=Limb((draw(angles), draw(angles), draw(angles))),
        bend=draw(st.floats(min_value=-40, max_value=40)),
        lift=draw(st.sampled_from([0.0, 20.0])),
    )


@settings(max_examples=60, deadline=None)
@given(poses(), poses(), st.sampled_from([(), (Prop("mat"),), (Prop("box"), Prop("chair"))]))
def test_any_pose_renders_valid_svg_that_fits_its_view_box(start, end, props):
    figure = Figure(start=start, end=end, props=props)
    for position in ("start", "end"):
        root = _assert_standalone(render_svg(figure, position, "pose"))
        x, y, width, height = (float(part) for part in root.get("viewBox").split())
        scene = _scene(figure.pose(position), tuple(props))
        assert x <= scene.extent[0] and scene.extent[2] <= x + width
        assert y <= scene.extent[1] and scene.extent[3] <= y + height
        assert scene.extent[3] <= figures.FLOOR + 1e-6  # nothing sinks into the floor
