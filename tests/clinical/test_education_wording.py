"""Revision 2 of the programme's patient texts (issue #10, part 3; programme.md §1 and §2
"Revision 2"; clinical review 2026-12, findings 10-17 and 20).

These tests read every patient text in the programme content (education modules, exercises,
flare-up plan, hygiene tips, exposure activities; not the source notes) and fail on the old
wording.
"""

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ruggensteun.clinical.programme.education import get_module, load_flareup_plan
from ruggensteun.clinical.programme.exercises import PROGRAMME_DIR, Text, get_exercise
from tests.clinical.test_education_plain_language import module_body

CONTENT = PROGRAMME_DIR / "content"

# programme.md §2 revision 2: one rule for pain during exercise, the same words everywhere.
PAIN_RULE = Text(
    nl=(
        "Wat pijn tijdens of na het oefenen mag, als twee dingen kloppen. "
        "De pijn is binnen een dag weer zoals gewoonlijk (uiterlijk de volgende ochtend). "
        "En de pijn trekt niet verder uw been in. Is dat niet zo? "
        "Doe dan de volgende keer wat minder."
    ),
    en=(
        "Some pain during or after exercise is allowed, if two things are true. "
        "The pain is back to its usual level within a day (by the next morning). "
        "And the pain does not spread further into your leg. If not, do less next time."
    ),
)


def _texts(data: Any, where: str) -> Iterator[tuple[str, Text]]:
    """Every {"nl", "en"} text in a content file, with where it is; source notes are skipped."""
    if isinstance(data, dict):
        if set(data) == {"nl", "en"}:
            yield where, Text(nl=data["nl"], en=data["en"])
            return
        for key, value in data.items():
            if key != "sources":
                yield from _texts(value, f"{where}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            name = value.get("id", index) if isinstance(value, dict) else index
            yield from _texts(value, f"{where}[{name}]")


def _files() -> list[Path]:
    return sorted(CONTENT.rglob("*.json"))


ALL_TEXTS = [
    item
    for path in _files()
    for item in _texts(json.loads(path.read_text(encoding="utf-8")), path.stem)
]


def test_the_walk_finds_the_texts_of_every_kind_of_content() -> None:
    places = {where.split(".")[0].split("[")[0] for where, _ in ALL_TEXTS}
    assert {"flareup", "hygiene", "exposure_activities", "strength", "how_pain_works"} <= places
    assert len(ALL_TEXTS) > 1000


# Old wording that must not come back (lower case; matched in Dutch and English).
OLD_WORDING = (
    # finding 12: four different pain rules
    "binnen een uur",
    "within an hour",
    "dagdeel",
    "within half a day",
    "binnen een paar minuten",
    "within a few minutes",
    "langer dan een paar minuten",
    "more than a few minutes",
    "volgende dag nog veel erger",
    "much worse the next day",
    # finding 20
    "door door",
    # finding 16
    "de beste oefening",
    "de beste beweging",
    "the best exercise",
    # finding 14
    "komt uit de hersenen",
    "ontstaat in uw hersenen",
    "comes from the brain",
    "made by your brain",
    "in your head",
    "tussen uw oren",
    # finding 17
    "alleen als uw therapeut dit",
    "only when your therapist has chosen",
    # finding 11
    "bij veel mensen met rugpijn en pijn in het been",
    "in many people with back pain and leg pain",
    # finding 15: back-school leftovers
    "dat geeft een holle rug",
    "that arches your back",
    "draai daarna met uw voeten",
    "turn with your feet",
    "over de tenen",
    "past the toes",
    "via uw zij",
    "rolling onto your side",
    "drukt u op uw rug",
    "press on your back",
    "trekken ze aan uw onderrug",
    "pull on your lower back",
    # finding 2
    "112 alleen",
    "heel ernstig? bel 112",
    "very serious? call 112",
)


@pytest.mark.parametrize("phrase", OLD_WORDING)
def test_the_old_wording_is_gone(phrase: str) -> None:
    found = [
        where for where, text in ALL_TEXTS if phrase in text.nl.lower() or phrase in text.en.lower()
    ]

    assert found == []


def test_the_old_wording_check_can_fail() -> None:
    texts = list(_texts({"a": {"nl": "Til door door uw knieën.", "en": "Lift."}}, "x"))
    assert [w for w, t in texts if "door door" in t.nl.lower()] == ["x.a"]


# --- one pain rule --------------------------------------------------------------------------

FIRST_SENTENCE_NL = PAIN_RULE.nl.split(". ")[0]
FIRST_SENTENCE_EN = PAIN_RULE.en.split(". ")[0]


def test_every_copy_of_the_pain_rule_is_whole_and_in_both_languages() -> None:
    copies = [(where, text) for where, text in ALL_TEXTS if FIRST_SENTENCE_NL in text.nl]

    assert len(copies) >= 15
    for where, text in copies:
        assert PAIN_RULE.nl in text.nl, where
        assert PAIN_RULE.en in text.en, where
    assert len(copies) == len([1 for _, text in ALL_TEXTS if FIRST_SENTENCE_EN in text.en])


# Where pain during exercise is discussed: these places must carry the rule.
EXERCISES_WITH_THE_RULE = (
    "bridge",
    "bridge_march",
    "single_leg_bridge",
    "prone_chest_lift",
    "prone_opposite_arm_leg_lift",
    "farmer_carry",
    "lifting_light_box",
    "lifting_heavier",
    "bird_dog",
    "small_and_big_back_movements",
    "sciatic_slider_lying",
    "sciatic_slider_seated",
    "sciatic_tensioner_seated",
)
MODULES_WITH_THE_RULE = ("hurt_is_not_harm", "walking", "leg_pain_and_hernia")


@pytest.mark.parametrize("exercise_id", EXERCISES_WITH_THE_RULE)
def test_the_exercise_states_the_pain_rule_among_its_cautions(exercise_id: str) -> None:
    assert PAIN_RULE in get_exercise(exercise_id).cautions


@pytest.mark.parametrize("module_id", MODULES_WITH_THE_RULE)
def test_the_module_states_the_pain_rule(module_id: str) -> None:
    body = module_body(get_module(module_id))

    assert any(PAIN_RULE.nl in text.nl and PAIN_RULE.en in text.en for text in body)


def test_the_flare_up_plan_states_the_pain_rule_where_it_says_do_less() -> None:
    step = load_flareup_plan().step("exercises_one_step_lighter")

    assert (PAIN_RULE.nl, PAIN_RULE.en) in [(text.nl, text.en) for text in step.paragraphs]


# "Some pain is allowed" in an exercise or the flare-up plan is only ever said with the rule.
PAIN_ALLOWED_NL = re.compile(r"\b(wat|een beetje)( spanning of)? pijn\b[^.?!]*\bmag\b")
PAIN_ALLOWED_EN = re.compile(r"\b(some|a little)( tension or)? pain\b[^.?!]*\ballowed\b")


def test_the_pain_allowed_check_can_fail() -> None:
    assert PAIN_ALLOWED_NL.search("wat pijn mag, als die binnen een uur weer zakt.")
    assert PAIN_ALLOWED_EN.search("some pain is allowed if it settles within an hour.")


def test_exercises_and_the_flare_up_plan_never_allow_pain_without_the_rule() -> None:
    places = ("mobility", "strength", "functional", "motor_control", "posture", "nerve_gliding")
    places += ("stretching", "conditioning", "relaxation", "flareup")
    loose = [
        where
        for where, text in ALL_TEXTS
        if where.split("[")[0].split(".")[0] in places
        and (PAIN_ALLOWED_NL.search(text.nl.lower()) or PAIN_ALLOWED_EN.search(text.en.lower()))
        and PAIN_RULE.nl not in text.nl
    ]

    assert loose == []


# --- the other corrections ------------------------------------------------------------------


def test_how_pain_works_says_the_nervous_system_protects_and_the_pain_is_real() -> None:
    # Clinical review 2026-12, finding 14.
    module = get_module("how_pain_works")

    assert "Uw zenuwstelsel maakt pijn om u te beschermen. De pijn is echt." in module.summary.nl
    assert "Your nervous system makes pain to protect you. The pain is real." in module.summary.en
    headings = [section.heading.nl for section in module.sections if section.heading]
    assert not any("hersenen" in heading.lower() for heading in headings)


def test_walking_is_one_of_the_best_things_not_the_best() -> None:
    # programme.md §1 core message 4; KNGF 2021 names no best exercise (review finding 16).
    assert "een van de beste dingen" in get_module("walking").summary.nl
    assert "one of the best things" in get_module("walking").summary.en
    assert "een van de beste dingen" in get_exercise("walking").purpose.nl


@pytest.mark.parametrize("exercise_id", ["prone_on_elbows", "prone_press_up"])
def test_extension_is_offered_only_when_it_eases_your_pain(exercise_id: str) -> None:
    # programme.md §2 revision 2; review finding 11: which direction helps differs per person.
    exercise = get_exercise(exercise_id)

    assert "verschilt per persoon" in exercise.purpose.nl
    assert "uw pijn minder maakt" in exercise.purpose.nl
    cautions = " ".join(text.nl for text in exercise.cautions).lower()
    assert "verder uw been in" in cautions and "stop" in cautions


@pytest.mark.parametrize(
    "exercise_id", ["sciatic_slider_lying", "sciatic_slider_seated", "sciatic_tensioner_seated"]
)
def test_nerve_glides_say_they_are_offered_because_of_leg_pain(exercise_id: str) -> None:
    # programme.md §4: nerve gliding is offered for radicular pain (review finding 17).
    cautions = " ".join(text.nl for text in get_exercise(exercise_id).cautions)

    assert "omdat u pijn heeft die uitstraalt" in cautions
    assert "therapeut" in cautions


def test_the_seated_slider_keeps_instructions_in_its_steps_and_mistakes_in_its_mistakes() -> None:
    exercise = get_exercise("sciatic_slider_seated")

    assert any(step.nl.startswith("Kijk omhoog als de knie strekt") for step in exercise.steps)
    assert not any(mistake.nl.startswith("Kijk ") for mistake in exercise.mistakes)


def test_the_recovery_figures_are_those_of_kngf_2021() -> None:
    # programme.md §1 core message 1 (KNGF 2021 A.2.3): 70/90 in 100 working at one/three
    # months; fully recovered about 1 in 4 after a month, half after three.
    text = " ".join(t.nl for t in module_body(get_module("back_pain_gets_better")))

    for words in ("70 van de 100", "90 van de 100", "1 op de 4", "de helft"):
        assert words in text, words
    flare_up = [t for where, t in ALL_TEXTS if where.startswith("flareup")]
    assert not any(re.search(r"\b75\b|%", t.nl) for t in flare_up)


def test_the_gp_module_sends_a_suspected_aneurysm_to_112_before_anything_else() -> None:
    # Clinical review 2026-12, finding 2 (NHG M54): "Bel 112", never the GP first; cauda
    # equina to the GP now, out of hours the huisartsenpost, in Belgium 1733.
    sections = get_module("when_to_contact_gp").sections
    headings = [section.heading.nl if section.heading else "" for section in sections]
    call_112 = sections[headings.index("Bel meteen 112")]
    call_gp = sections[headings.index("Bel nu uw huisarts")]

    text_112 = " ".join(t.nl for t in call_112.paragraphs).lower()
    assert "plotseling heel erge pijn in uw buik en/of rug" in text_112
    assert "bel dan meteen 112" in text_112
    assert "niet eerst de huisarts" in text_112
    assert headings.index("Bel meteen 112") < headings.index("Bel nu uw huisarts")
    text_gp = " ".join(t.nl for t in (*call_gp.paragraphs, *call_gp.bullets)).lower()
    assert "plotseling" not in text_gp
    for words in ("huisartsenpost", "1733", "anus", "plassen"):
        assert words in text_gp, words


def test_the_leg_pain_module_names_when_to_weigh_surgery_and_spreading_numbness() -> None:
    # Clinical review 2026-12, section 4 (NHG M55): weigh surgery after 6-8 weeks of severe
    # leg pain; numbness that spreads is a reason to call.
    text = " ".join(t.nl for t in module_body(get_module("leg_pain_and_hernia")))

    assert "na 6 tot 8 weken" in text and "operatie zinvol" in text
    assert "dove gevoel in uw been groter" in text


def test_returning_to_work_names_the_belgian_doctors() -> None:
    # Clinical review 2026-12, section 4: return to work was Netherlands-only.
    text = " ".join(t.nl for t in module_body(get_module("return_to_work")))

    assert "België" in text and "arbeidsarts" in text and "adviserend arts" in text


def test_fear_of_movement_describes_the_exposure_steps_as_the_today_card_does() -> None:
    # KNGF 2021 C.3 (review finding 13): agreed with the therapist, without tricks, and the
    # question after each step.
    text = " ".join(t.nl for t in module_body(get_module("fear_of_movement"))).lower()

    assert "fysiotherapeut" in text
    assert "zonder trucjes" in text
    assert "wat verwachtte u, en wat gebeurde er?" in text
