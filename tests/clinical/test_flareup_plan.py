"""The flare-up plan ("opstootplan", programme.md §7): complete, calm first, safe."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ruggensteun.clinical.datafiles import DataFileError
from ruggensteun.clinical.programme.education import (
    FLAREUP_FILE,
    load_flareup_plan,
    parse_flareup_plan,
)

PLAN = load_flareup_plan()

# The items programme.md §7 asks for, by step id. Ids are stable: the UI may link to them.
PROGRAMME_STEPS = (
    "stay_calm",
    "keep_moving_gently",
    "exercises_one_step_lighter",
    "heat_and_relaxation",
    "painkillers_to_keep_moving",
    "contact_therapist_after_a_week",
    "red_flags_call_112",
    "red_flags_call_now",
    "out_of_hours",
    "red_flags_call_today",
)


def _dutch(step_id: str) -> str:
    step = PLAN.step(step_id)
    return " ".join(text.nl for text in (step.heading, *step.paragraphs, *step.bullets)).lower()


def test_the_plan_has_every_step_the_programme_asks_for() -> None:
    assert [step.id for step in PLAN.steps] == list(PROGRAMME_STEPS)


def test_the_plan_starts_calm_and_ends_with_the_red_flags() -> None:
    kinds = [step.kind for step in PLAN.steps]

    assert PLAN.steps[0].id == "stay_calm"
    first_red_flag = kinds.index("red_flags")
    assert set(kinds[first_red_flag:]) == {"red_flags"}
    assert "self_care" not in kinds[first_red_flag:]


def test_every_step_has_a_one_line_heading_in_both_languages() -> None:
    for step in PLAN.steps:
        for heading in (step.heading.nl, step.heading.en):
            assert heading.strip()
            assert "\n" not in heading
            assert len(heading.split()) <= 8, heading
        assert step.heading.nl != step.heading.en


def test_every_step_text_is_in_dutch_and_in_english() -> None:
    for step in PLAN.steps:
        assert step.paragraphs or step.bullets, step.id
        for text in (*step.paragraphs, *step.bullets):
            assert text.nl.strip() and text.en.strip()
            assert text.nl != text.en


def test_the_plan_says_it_usually_passes_in_days() -> None:
    assert "paar dagen" in PLAN.intro.nl
    assert "few days" in PLAN.intro.en


def test_the_plan_keeps_the_patient_moving_and_never_sends_them_to_bed() -> None:
    assert "niet in bed" in _dutch("keep_moving_gently")
    assert "wandel vaker, maar korter" in _dutch("keep_moving_gently")
    assert "stop niet" in _dutch("exercises_one_step_lighter")


def test_heat_relaxation_and_painkillers_are_offered_to_keep_moving() -> None:
    assert "warmte" in _dutch("heat_and_relaxation")
    assert "ontspan" in _dutch("heat_and_relaxation")
    assert "in beweging" in _dutch("painkillers_to_keep_moving")
    assert "bijsluiter" in _dutch("painkillers_to_keep_moving")


def test_the_therapist_is_contacted_after_a_week() -> None:
    step = PLAN.step("contact_therapist_after_a_week")

    assert step.kind == "contact_therapist"
    assert "na een week" in _dutch(step.id)
    assert "therapeut" in _dutch(step.id)


def test_the_red_flags_name_the_emergencies_in_plain_words() -> None:
    # triage.md §2: CES, CES_BILATERAL and AAA are emergencies.
    text = _dutch("red_flags_call_now")

    for words in ("anus", "geslachtsdelen", "plassen", "ontlasting", "beide benen"):
        assert words in text, words


def test_a_suspected_ruptured_aneurysm_is_bel_112_not_the_gp_first() -> None:
    # Clinical review 2026-12, finding 2 (NHG M54): sudden, very severe pain in the belly
    # and/or back that does not change with position -> call 112 (NL and BE), never the GP.
    step = PLAN.step("red_flags_call_112")
    text = _dutch(step.id)

    assert step.kind == "red_flags"
    assert "bel meteen 112" in text
    for words in ("plotseling heel erge pijn", "buik", "rug", "verandert niet", "bleek", "flauw"):
        assert words in text, words
    assert "niet eerst de huisarts" in text
    assert "plotseling" not in _dutch("red_flags_call_now")
    ids = [s.id for s in PLAN.steps]
    assert ids.index("red_flags_call_112") < ids.index("red_flags_call_now")


def test_cauda_equina_signs_send_the_patient_to_the_gp_now_with_the_belgian_number() -> None:
    # Clinical review 2026-12, findings 2 and 5: huisarts, huisartsenpost out of hours, 1733 in
    # Belgium.
    text = _dutch("red_flags_call_now")

    assert "bel nu uw huisarts" in text
    assert "huisartsenpost" in text
    assert "1733" in text


def test_no_text_of_the_plan_discourages_calling_112() -> None:
    texts = [PLAN.title, PLAN.intro]
    for step in PLAN.steps:
        texts.extend([step.heading, *step.paragraphs, *step.bullets])
    for text in texts:
        assert not re.search(r"112 alleen|alleen[^.?!]*112|heel ernstig\? bel 112", text.nl.lower())
        assert not re.search(r"112 only|only[^.?!]*112|very serious\? call 112", text.en.lower())


def test_the_red_flags_name_the_same_day_signs() -> None:
    # triage.md §2: PARESIS, INFECTION, OPIOID_RESISTANT and FRACTURE_MAJOR are urgent.
    text = _dutch("red_flags_call_today")

    for words in ("zwak", "koorts", "sterke pijnstillers", "ongeluk"):
        assert words in text, words


def test_the_plan_says_where_to_call_at_night_and_in_an_emergency() -> None:
    text = _dutch("out_of_hours")

    assert "huisartsenpost" in text
    assert "'s nachts" in text
    assert "112" in text


def test_the_plan_names_its_sources() -> None:
    assert any("§7" in source.section for source in PLAN.sources)


def _write(tmp_path: Path, plan: dict[str, Any]) -> Path:
    path = tmp_path / "flareup.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return path


def _raw_plan() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(FLAREUP_FILE.read_text(encoding="utf-8"))
    return raw


def test_a_plan_without_red_flags_is_refused(tmp_path: Path) -> None:
    raw = _raw_plan()
    raw["steps"] = [step for step in raw["steps"] if step["kind"] != "red_flags"]

    with pytest.raises(DataFileError, match="red_flags"):
        parse_flareup_plan(_write(tmp_path, raw))


def test_a_plan_with_two_steps_of_the_same_id_is_refused(tmp_path: Path) -> None:
    raw = _raw_plan()
    raw["steps"][1]["id"] = raw["steps"][0]["id"]

    with pytest.raises(DataFileError, match="share an id"):
        parse_flareup_plan(_write(tmp_path, raw))


def test_a_step_without_english_is_refused(tmp_path: Path) -> None:
    raw = _raw_plan()
    del raw["steps"][0]["heading"]["en"]

    with pytest.raises(DataFileError, match="heading"):
        parse_flareup_plan(_write(tmp_path, raw))
