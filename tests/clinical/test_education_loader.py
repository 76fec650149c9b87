"""The education loader: what it accepts, what it refuses, and what it gives the plan engine."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ruggensteun.clinical.datafiles import DataFileError
from ruggensteun.clinical.programme.education import (
    MODULES_DIR,
    UnknownModuleError,
    core_modules,
    get_module,
    load_modules,
    load_modules_from,
    profile_tags,
)


def _text(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


def _module(module_id: str, **changes: Any) -> dict[str, Any]:
    module: dict[str, Any] = {
        "id": module_id,
        "title": _text("Titel", "Title"),
        "summary": _text("Kort.", "Short."),
        "reading_minutes": 1,
        "core_messages": [1],
        "topics": ["recovery"],
        "unlock": {
            "core": False,
            "priority_for": ["fear"],
            "only_for": [],
            "reasons": {"fear": _text("Omdat.", "Because.")},
        },
        "sections": [{"paragraphs": [_text("Tekst.", "Text.")]}],
        "questions": [
            {
                "id": "q1",
                "prompt": _text("Vraag?", "Question?"),
                "options": [
                    {"id": "a", "text": _text("Ja", "Yes")},
                    {"id": "b", "text": _text("Nee", "No")},
                ],
                "correct": ["a"],
                "feedback": _text("Uitleg.", "Explanation."),
            }
        ],
        "sources": [{"guideline": "Test", "year": 2021, "section": "1"}],
    }
    module.update(changes)
    return module


def _write(directory: Path, *modules: dict[str, Any]) -> Path:
    for module in modules:
        (directory / f"{module['id']}.json").write_text(json.dumps(module), encoding="utf-8")
    return directory


def test_a_valid_module_loads_with_its_unlocking_data(tmp_path: Path) -> None:
    (module,) = load_modules_from(_write(tmp_path, _module("pacing")))

    assert module.id == "pacing"
    assert module.title.get("en") == "Title"
    assert module.unlock.priority_for == {"fear"}
    assert module.reason("fear").get("nl") == "Omdat."
    assert module.questions[0].is_correct(["a"])
    assert not module.questions[0].is_correct(["a", "b"])


def test_text_in_an_unknown_language_falls_back_to_dutch(tmp_path: Path) -> None:
    (module,) = load_modules_from(_write(tmp_path, _module("pacing")))

    assert module.title.get("fr") == "Titel"


def test_a_module_missing_english_is_refused(tmp_path: Path) -> None:
    broken = _module("pacing", title={"nl": "Alleen Nederlands"})

    with pytest.raises(DataFileError, match="title"):
        load_modules_from(_write(tmp_path, broken))


def test_a_correct_answer_that_is_not_an_option_is_refused(tmp_path: Path) -> None:
    broken = _module("pacing")
    broken["questions"][0]["correct"] = ["c"]

    with pytest.raises(DataFileError, match="missing option"):
        load_modules_from(_write(tmp_path, broken))


def test_a_priority_tag_without_a_reason_is_refused(tmp_path: Path) -> None:
    broken = _module("pacing")
    broken["unlock"]["priority_for"] = ["fear", "stress"]

    with pytest.raises(DataFileError, match="reasons"):
        load_modules_from(_write(tmp_path, broken))


def test_an_unknown_profile_tag_is_refused(tmp_path: Path) -> None:
    broken = _module("pacing")
    broken["unlock"]["only_for"] = ["hernia_patients"]
    broken["unlock"]["reasons"]["hernia_patients"] = _text("x", "x")

    with pytest.raises(DataFileError, match="only_for"):
        load_modules_from(_write(tmp_path, broken))


def test_a_core_module_needs_an_order_and_a_core_reason(tmp_path: Path) -> None:
    without_order = _module("pacing")
    without_order["unlock"]["core"] = True
    without_order["unlock"]["reasons"]["core"] = _text("Iedereen.", "Everyone.")

    with pytest.raises(DataFileError, match="core_order"):
        load_modules_from(_write(tmp_path, without_order))

    without_reason = copy.deepcopy(without_order)
    without_reason["unlock"]["core_order"] = 1
    del without_reason["unlock"]["reasons"]["core"]
    # A directory of its own: data files are cached by path once read.
    (tmp_path / "second").mkdir()
    with pytest.raises(DataFileError, match="reasons"):
        load_modules_from(_write(tmp_path / "second", without_reason))


def test_two_core_modules_with_the_same_order_are_refused(tmp_path: Path) -> None:
    first, second = _module("first"), _module("second")
    for module in (first, second):
        module["unlock"]["core"] = True
        module["unlock"]["core_order"] = 1
        module["unlock"]["reasons"]["core"] = _text("Iedereen.", "Everyone.")

    with pytest.raises(DataFileError, match="core_order"):
        load_modules_from(_write(tmp_path, first, second))


def test_a_file_named_differently_from_its_id_is_refused(tmp_path: Path) -> None:
    (tmp_path / "renamed.json").write_text(json.dumps(_module("pacing")), encoding="utf-8")

    with pytest.raises(DataFileError, match="file name"):
        load_modules_from(tmp_path)


def test_modules_come_core_first_in_core_order_then_by_id(tmp_path: Path) -> None:
    late_core, early_core = _module("zebra"), _module("yak")
    for module, order in ((late_core, 2), (early_core, 1)):
        module["unlock"]["core"] = True
        module["unlock"]["core_order"] = order
        module["unlock"]["reasons"]["core"] = _text("Iedereen.", "Everyone.")
    modules = load_modules_from(
        _write(tmp_path, _module("beta"), late_core, _module("alpha"), early_core)
    )

    assert [module.id for module in modules] == ["yak", "zebra", "alpha", "beta"]


def test_only_for_limits_a_module_to_patients_with_the_tag(tmp_path: Path) -> None:
    limited = _module("leg_pain")
    limited["unlock"].update(
        only_for=["radicular"],
        priority_for=["radicular"],
        reasons={"radicular": _text("Been.", "Leg.")},
    )
    (module,) = load_modules_from(_write(tmp_path, limited))

    assert module.is_available_for({"radicular", "fear"})
    assert not module.is_available_for({"fear"})
    assert module.priority_tags({"radicular", "fear"}) == {"radicular"}


def test_an_empty_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no education modules"):
        load_modules_from(tmp_path)


def test_the_real_modules_load_and_are_cached() -> None:
    assert load_modules() is load_modules()
    assert load_modules_from(MODULES_DIR) == load_modules()


def test_get_module_finds_a_module_by_id_and_refuses_an_unknown_id() -> None:
    assert get_module("hurt_is_not_harm").id == "hurt_is_not_harm"
    with pytest.raises(UnknownModuleError):
        get_module("no_such_module")


def test_core_modules_are_the_core_ones_in_their_order() -> None:
    orders = [module.unlock.core_order for module in core_modules()]

    assert all(module.unlock.core for module in core_modules())
    assert orders == sorted(orders)


def test_the_known_profile_tags_include_the_triage_yellow_flags() -> None:
    assert {"fear", "catastrophising", "low_mood", "anxiety", "work", "radicular"} <= profile_tags()


def test_modules_can_be_kept_in_a_set_by_the_plan_engine() -> None:
    modules = load_modules()

    assert len(set(modules)) == len(modules)
    assert get_module("walking") in set(modules)
