"""The daily back-hygiene tips (programme.md §2)."""

import json
from pathlib import Path

import pytest

from ruggensteun.clinical.datafiles import DataFileError
from ruggensteun.clinical.programme.education import (
    HYGIENE_FILE,
    load_hygiene,
    load_hygiene_tips,
    parse_hygiene,
)
from tests.clinical.test_education_plain_language import sentences

TIPS = load_hygiene_tips()


def _all_dutch() -> str:
    texts = [tip.text.nl + " " + (tip.detail.nl if tip.detail else "") for tip in TIPS]
    return " ".join(texts).lower()


def test_there_are_eight_to_twelve_tips_with_unique_ids() -> None:
    ids = [tip.id for tip in TIPS]

    assert 8 <= len(TIPS) <= 12
    assert len(ids) == len(set(ids))


def test_every_tip_is_one_short_line_in_both_languages() -> None:
    for tip in TIPS:
        for line in (tip.text.nl, tip.text.en):
            assert len(sentences(line)) == 1, line
            assert len(line.split()) <= 10, line
        assert tip.text.nl != tip.text.en


def test_every_detail_is_in_both_languages() -> None:
    for tip in TIPS:
        if tip.detail is not None:
            assert tip.detail.nl.strip() and tip.detail.en.strip()
            assert tip.detail.nl != tip.detail.en


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ("move regularly", "sta elk half uur even op"),
        ("vary posture", "wissel vaak van houding"),
        ("seated pelvic tilts x10", "tien keer rustig uw bekken"),
        ("slouching on the couch is fine", "onderuit zitten op de bank mag"),
        ("sleep enough", "genoeg slaap"),
        ("walk often and short", "wandel elke dag"),
    ],
)
def test_the_tips_cover_the_daily_back_hygiene_of_the_programme(item: str, words: str) -> None:
    assert words in _all_dutch(), item


def test_the_tips_name_their_sources() -> None:
    assert any("§2" in source.section for source in load_hygiene().sources)


def test_a_tip_file_with_a_repeated_id_is_refused(tmp_path: Path) -> None:
    raw = json.loads(HYGIENE_FILE.read_text(encoding="utf-8"))
    raw["tips"][1]["id"] = raw["tips"][0]["id"]
    path = tmp_path / "hygiene.json"
    path.write_text(json.dumps(raw), encoding="utf-8")

    with pytest.raises(DataFileError, match="share an id"):
        parse_hygiene(path)


def test_a_tip_file_with_too_many_tips_is_refused(tmp_path: Path) -> None:
    raw = json.loads(HYGIENE_FILE.read_text(encoding="utf-8"))
    raw["tips"] = [dict(raw["tips"][0], id=f"tip_{n}") for n in range(13)]
    path = tmp_path / "hygiene.json"
    path.write_text(json.dumps(raw), encoding="utf-8")

    with pytest.raises(DataFileError, match="tips"):
        parse_hygiene(path)
