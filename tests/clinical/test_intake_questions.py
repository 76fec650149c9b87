"""The intake questions as data: complete, in step with the engine, red flags first, plain."""

import json
import re

import pytest

from ruggensteun.clinical.datafiles import DataFileError
from ruggensteun.clinical.triage import CHECKIN_FIELDS, FIELDS, RULES, load_intake_questions
from ruggensteun.clinical.triage.questions import QUESTIONS_PATH, read_intake_questions

QUESTIONS = load_intake_questions()
CHECKIN_ONLY = [question for _after, question in QUESTIONS.checkin_only]
SAFETY_READS = {
    name for rule in RULES if rule.urgency in ("emergency", "urgent", "soon") for name in rule.reads
}


def all_texts():
    for screen in QUESTIONS.screens:
        yield screen.title
        if screen.intro:
            yield screen.intro
    for question in (*QUESTIONS.questions, *CHECKIN_ONLY):
        yield question.text
        for optional in (question.help, question.unit, question.checkin_text):
            if optional:
                yield optional
        yield from (option.label for option in question.options)
        if question.anchors:
            yield from question.anchors
    for item in QUESTIONS.not_asked:
        yield item.note


def test_every_field_of_the_spec_has_exactly_one_question_or_is_marked_not_asked():
    asked = [question.field for question in (*QUESTIONS.questions, *CHECKIN_ONLY)]
    not_asked = [item.field for item in QUESTIONS.not_asked]
    assert sorted(asked + not_asked) == sorted(field.name for field in FIELDS)
    assert len(set(asked)) == len(asked)


def test_age_weekly_scores_and_gpe_are_computed_by_the_app_not_asked():
    derived = {item.field: item.derived_from for item in QUESTIONS.not_asked}
    assert derived == {
        "age": "date_of_birth",
        "nprs_weekly": "checkins",
        "gpe_improved": "questionnaires",
    }


def test_new_trauma_and_both_legs_are_asked_only_in_the_check_in():
    intake = {question.field for question in QUESTIONS.questions}
    assert {question.field for question in CHECKIN_ONLY} == {"new_trauma", "both_legs_symptoms"}
    assert not intake & {"new_trauma", "both_legs_symptoms"}
    assert {field.name for field in FIELDS if field.checkin_only} == {
        "new_trauma",
        "both_legs_symptoms",
    }


def test_check_in_only_questions_follow_the_question_they_name():
    order = [question.field for question in QUESTIONS.checkin_questions]
    for after, question in QUESTIONS.checkin_only:
        assert order.index(question.field) == order.index(after) + 1


def test_the_wording_is_marked_as_not_verified():
    assert QUESTIONS.text_verified is False


def test_every_text_is_given_in_dutch_and_english():
    for text in all_texts():
        assert text["nl"].strip() and text["en"].strip(), text


def test_red_flag_questions_come_before_all_others():
    order = [question.field in SAFETY_READS for question in QUESTIONS.questions]
    first_other = order.index(False)
    assert all(order[:first_other])
    assert not any(order[first_other:])


def test_the_first_screen_asks_about_bladder_bowel_and_saddle_numbness():
    first = {question.field for question in QUESTIONS.screens[0].questions}
    assert first == {"saddle_numbness", "bladder_problems", "bowel_incontinence"}


def test_screens_are_short():
    assert all(1 <= len(screen.questions) <= 5 for screen in QUESTIONS.screens)


@pytest.mark.parametrize("field", ["leg_pain_sides", "painkillers_no_relief"])
def test_leg_pain_questions_are_hidden_only_when_there_is_no_leg_pain(field):
    question = QUESTIONS.question(field)
    assert not question.is_shown({"leg_pain": "none"})
    assert question.is_shown({"leg_pain": "below_knee"})
    assert question.is_shown({"leg_pain": "buttock_thigh"})
    assert question.is_shown({})


def test_questions_the_safety_rules_always_read_are_never_hidden():
    conditional = {"leg_pain_sides", "painkillers_no_relief"}
    for question in QUESTIONS.questions:
        if question.field in SAFETY_READS and question.field not in conditional:
            assert question.hidden_when == (), question.field


@pytest.mark.parametrize(
    ("known", "shown"),
    [
        ({"sex": "female", "age": 16}, True),
        ({"sex": "female", "age": 50}, True),
        ({"sex": "female", "age": 15}, False),
        ({"sex": "female", "age": 51}, False),
        ({"sex": "male", "age": 30}, False),
        # Sex or age not known: ask.
        ({"age": 30}, True),
        ({"sex": "female"}, True),
        ({"age": 70}, False),
        ({"sex": "male"}, False),
        ({}, True),
        # "other" is not known not to be able to be pregnant: ask (README).
        ({"sex": "other", "age": 30}, True),
    ],
)
def test_pregnancy_is_asked_of_women_aged_16_to_50_and_when_sex_or_age_is_unknown(known, shown):
    assert QUESTIONS.question("pregnant").is_shown(known) is shown


def test_pregnancy_is_not_a_safety_question():
    assert "pregnant" not in SAFETY_READS
    assert not QUESTIONS.question("pregnant").checkin


def test_the_sudden_pain_question_names_back_belly_hours_or_days_and_position():
    question = QUESTIONS.question("sudden_severe_constant_pain")
    dutch = question.text["nl"] + " " + question.help["nl"]
    for words in ("rug", "buik", "uren of dagen", "beweegt", "zitten of liggen"):
        assert words in dutch, words
    english = question.text["en"] + " " + question.help["en"]
    for words in ("back", "belly", "hours or days", "move", "position"):
        assert words in english, words


def test_work_load_is_hidden_for_people_without_paid_work():
    question = QUESTIONS.question("work_physical_load")
    assert not question.is_shown({"work_status": "retired"})
    assert not question.is_shown({"work_status": "not_employed"})
    assert question.is_shown({"work_status": "sick_leave"})
    assert question.is_shown({})


def test_answer_values_match_the_engine_fields():
    kinds = {field.name: field for field in FIELDS}
    for question in (*QUESTIONS.questions, *CHECKIN_ONLY):
        field = kinds[question.field]
        assert question.type == field.kind
        if field.kind == "choice":
            assert tuple(option.value for option in question.options) == field.choices
        if field.kind == "boolean":
            assert {option.value for option in question.options} == {True, False}
        if field.kind == "integer":
            assert (question.minimum, question.maximum) == (field.minimum, field.maximum)


def test_the_check_in_set_is_marked_in_the_questions():
    assert {question.field for question in QUESTIONS.checkin_questions} == set(CHECKIN_FIELDS)


def test_a_history_question_has_its_own_check_in_wording():
    question = QUESTIONS.question("history_of_cancer")
    assert question.checkin_text is not None
    assert question.checkin_text["nl"] != question.text["nl"]


def test_dutch_questions_address_the_patient_as_u_never_je():
    for question in (*QUESTIONS.questions, *CHECKIN_ONLY):
        words = re.findall(r"[a-zà-ÿ']+", question.text["nl"].lower())
        assert "u" in words or "uw" in words, question.field
        assert not {"je", "jij", "jouw", "jou"} & set(words), question.field


def test_sentences_are_short():
    for text in all_texts():
        for language in ("nl", "en"):
            for sentence in re.split(r"[.?!:]\s+", text[language]):
                assert len(sentence.split()) <= 20, sentence


# --- the loader refuses a file that drifts from the engine -------------------------------------


def broken_copy(tmp_path, change):
    data = json.loads(QUESTIONS_PATH.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "intake_questions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def find(data, field):
    for screen in data["screens"]:
        for question in screen["questions"]:
            if question["field"] == field:
                return screen, question
    raise KeyError(field)


def drop_fever(data):
    screen, question = find(data, "fever")
    screen["questions"].remove(question)


def rename_an_option(data):
    find(data, "leg_pain")[1]["options"][0]["value"] = "no"


def widen_a_range(data):
    find(data, "nprs")[1]["maximum"] = 100


def leave_the_check_in(data):
    del find(data, "fever")[1]["checkin"]


def hide_behind_a_later_question(data):
    find(data, "saddle_numbness")[1]["hidden_when"] = {"field": "leg_pain", "in": ["none"]}


def ask_age(data):
    data["screens"][0]["questions"].append(
        {
            "field": "age",
            "type": "integer",
            "text": {"nl": "Leeftijd?", "en": "Age?"},
            "minimum": 0,
            "maximum": 130,
        }
    )


def ask_new_trauma_at_intake(data):
    item = data["checkin_only"].pop()
    data["screens"][0]["questions"].append(item["question"])


def follow_a_question_outside_the_check_in(data):
    data["checkin_only"][0]["after"] = "leg_pain"


def hide_behind_an_age_range_upside_down(data):
    find(data, "pregnant")[1]["hidden_when"][1]["outside"] = {"minimum": 50, "maximum": 16}


@pytest.mark.parametrize(
    "change",
    [
        ask_new_trauma_at_intake,
        follow_a_question_outside_the_check_in,
        hide_behind_an_age_range_upside_down,
        drop_fever,
        rename_an_option,
        widen_a_range,
        leave_the_check_in,
        hide_behind_a_later_question,
        ask_age,
    ],
)
def test_the_loader_refuses_questions_that_disagree_with_the_engine(tmp_path, change):
    with pytest.raises(DataFileError):
        read_intake_questions(broken_copy(tmp_path, change))


def test_the_loader_accepts_an_unchanged_copy(tmp_path):
    assert read_intake_questions(broken_copy(tmp_path, lambda data: None)) == QUESTIONS
