"""Properties of the triage engine that hold for every intake (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.triage import FIELDS, RULES, TriageInputError, triage
from ruggensteun.clinical.triage.fields import RECORD_FIELDS, Answers, Field
from ruggensteun.clinical.triage.stratification import YELLOW_FLAG_IDS
from ruggensteun.clinical.triage.urgency import URGENCIES, rank

SETTINGS = settings(max_examples=150, deadline=None)

FIELD_NAMES = [field.name for field in FIELDS]
RULE_IDS = [rule.id for rule in RULES]
RULES_BY_ID = {rule.id: rule for rule in RULES}
# The intake answers: the check-in-only questions are not asked at intake (an error there).
INTAKE_FIELDS = [field for field in FIELDS if not field.checkin_only]

# Every yes/no intake question a rule's condition reads, where "yes" points to danger.
# "recurrent" is left out: a recurrent episode is the reassuring answer for AGE; and so is
# gpe_improved, a record whose "yes" means the patient got much better.
RED_FLAG_QUESTIONS = sorted(
    {
        name
        for rule in RULES
        for name in rule.condition.fields
        if {field.name: field.kind for field in INTAKE_FIELDS}.get(name) == "boolean"
    }
    - {"recurrent", "gpe_improved"}
)

SAFETY_READS = {
    name for rule in RULES if rule.urgency in ("emergency", "urgent", "soon") for name in rule.reads
}


def valid(field: Field) -> st.SearchStrategy[object]:
    if field.kind == "boolean":
        return st.booleans()
    if field.kind == "choice":
        return st.sampled_from(field.choices)
    if field.kind == "integer":
        return st.integers(field.minimum, field.maximum if field.maximum is not None else 700)
    return st.lists(st.integers(0, 10), max_size=8)


def invalid(field: Field) -> st.SearchStrategy[object]:
    wrong_types = st.one_of(st.floats(allow_nan=False), st.dictionaries(st.text(), st.integers()))
    if field.kind == "boolean":
        return st.one_of(wrong_types, st.integers(), st.text())
    if field.kind == "choice":
        return st.one_of(
            wrong_types, st.booleans(), st.text().filter(lambda v: v not in field.choices)
        )
    if field.kind == "integer":
        too_small = st.integers(max_value=(field.minimum or 0) - 1)
        too_big = (
            st.integers(min_value=field.maximum + 1) if field.maximum is not None else too_small
        )
        return st.one_of(wrong_types, st.booleans(), st.text(), too_small, too_big)
    return st.one_of(
        st.integers(),
        st.text(),
        st.lists(st.integers(11, 1000), min_size=1),
        st.lists(st.integers(max_value=-1), min_size=1),
        st.lists(st.booleans(), min_size=1),
    )


ANSWERS = st.fixed_dictionaries({}, optional={field.name: valid(field) for field in INTAKE_FIELDS})
STARTBACK = st.one_of(st.none(), st.tuples(*[st.integers(0, 1)] * 8, st.integers(0, 4)).map(list))


def fired(answers: dict[str, object]) -> list[str]:
    return [rule.id for rule in triage(answers).rules]


def stepped_aside(answers: dict[str, object]) -> set[str]:
    """The rules whose condition holds but that step aside for a more urgent rule that
    covers the same danger (INFECTION_RISK for a known fever, SUDDEN_SEVERE for AAA)."""
    checked = Answers.check(answers)
    return {rule.id for rule in RULES if rule.may_fire(checked) and not rule.fires(checked)}


def test_only_infection_risk_and_sudden_severe_step_aside_for_a_more_urgent_rule():
    # The two exceptions to "a rule fires on its condition alone" (triage.md §2, rev. 2).
    assert {rule.id for rule in RULES if rule.unless is not None} == {
        "INFECTION_RISK",
        "SUDDEN_SEVERE",
    }
    assert RULES_BY_ID["INFECTION_RISK"].unless == RULES_BY_ID["INFECTION"].condition
    assert RULES_BY_ID["SUDDEN_SEVERE"].unless == RULES_BY_ID["AAA"].condition


@SETTINGS
@given(ANSWERS, st.sampled_from(RED_FLAG_QUESTIONS))
def test_adding_a_yes_to_a_red_flag_question_never_lowers_the_urgency(answers, question):
    before = triage(answers)
    more = {**answers, question: True}
    after = triage(more)
    assert rank(after.urgency) >= rank(before.urgency)
    # Every rule still fires, or steps aside for the more urgent rule that now fires.
    assert set(fired(answers)) <= set(fired(more)) | stepped_aside(more)


@SETTINGS
@given(ANSWERS)
def test_more_leg_weakness_never_lowers_the_urgency(answers):
    ranks = [
        rank(triage({**answers, "leg_weakness": level}).urgency)
        for level in ("none", "some", "severe")
    ]
    assert ranks == sorted(ranks)


@SETTINGS
@given(ANSWERS, ANSWERS)
def test_a_known_verdict_of_a_rule_never_changes_when_open_questions_are_answered(answers, more):
    # "unknown" must mean the open answers could still go either way: a rule that says
    # true or false on some answers says the same once the rest is answered. Weekly scores
    # are not an open question but later data: none yet means no check-in so far.
    more = {name: value for name, value in more.items() if name not in RECORD_FIELDS}
    before = Answers.check(answers)
    after = Answers.check({**more, **answers})
    for rule in RULES:
        verdict = rule.condition(before)
        if verdict is not None:
            assert rule.condition(after) == verdict, rule.id


@SETTINGS
@given(ANSWERS, st.data())
def test_removing_an_answer_never_makes_a_rule_fire(answers, data):
    # Held for every rule's condition (Kleene logic is monotone). In the result, a rule
    # that stepped aside (INFECTION_RISK for a known fever, SUDDEN_SEVERE for AAA) comes
    # back when the answer that made the more urgent rule fire is removed: it stands in
    # for that rule, at a lower urgency, so the result never becomes more urgent.
    # gpe_improved is a record, not an answer: none given means no improved GPE recorded.
    removable = sorted(name for name in answers if name != "gpe_improved")
    if not removable:
        return
    removed = data.draw(st.sampled_from(removable))
    fewer = {name: value for name, value in answers.items() if name != removed}
    before, after = Answers.check(answers), Answers.check(fewer)
    for rule in RULES:
        if rule.may_fire(after):
            assert rule.may_fire(before), rule.id
    assert set(fired(fewer)) <= set(fired(answers)) | stepped_aside(answers)
    assert rank(triage(fewer).urgency) <= rank(triage(answers).urgency)


@SETTINGS
@given(ANSWERS)
def test_urgency_is_the_highest_fired_urgency_or_two_soons_raised_to_urgent(answers):
    result = triage(answers)
    urgencies = [rule.urgency for rule in result.rules]
    highest = max(urgencies, key=rank, default="none")
    if highest == "soon" and urgencies.count("soon") >= 2:
        assert (result.urgency, result.escalated) == ("urgent", True)
    else:
        assert (result.urgency, result.escalated) == (highest, False)
    assert result.urgency in URGENCIES
    assert result.contact_gp_or_referrer == bool(result.rules)


@SETTINGS
@given(ANSWERS)
def test_unanswered_lists_exactly_the_open_safety_questions_in_field_order(answers):
    result = triage(answers)
    expected = [
        name
        for name in FIELD_NAMES
        if name in SAFETY_READS
        and name not in RECORD_FIELDS
        and name not in ("new_trauma", "both_legs_symptoms")
        and name not in answers
        and not (
            answers.get("leg_pain") == "none"
            and name in ("leg_pain_sides", "painkillers_no_relief")
        )
    ]
    assert list(result.unanswered) == expected


@SETTINGS
@given(ANSWERS)
def test_self_management_waits_for_open_questions_and_for_any_gp_advice(answers):
    result = triage(answers)
    expected = not result.unanswered and result.urgency in ("routine", "none")
    assert result.self_management_allowed == expected


@SETTINGS
@given(ANSWERS, ANSWERS, STARTBACK)
def test_a_class_given_with_open_questions_stays_when_they_are_answered(answers, more, startback):
    before = triage(answers, startback=startback)
    after = triage({**more, **answers}, startback=startback)
    for attribute in ("duration_class", "pain_type", "pathway"):
        if getattr(before, attribute) is not None:
            assert getattr(after, attribute) == getattr(before, attribute), attribute


@SETTINGS
@given(ANSWERS, STARTBACK)
def test_result_lists_keep_the_orders_of_the_spec(answers, startback):
    result = triage(answers, startback=startback)
    rules = [rule.id for rule in result.rules]
    flags = [flag.id for flag in result.yellow_flags]
    assert rules == sorted(rules, key=RULE_IDS.index)
    assert list(result.unanswered) == sorted(result.unanswered, key=FIELD_NAMES.index)
    assert flags == sorted(flags, key=YELLOW_FLAG_IDS.index)
    assert list(result.to_dict()) == [
        "urgency",
        "rules",
        "unanswered",
        "duration_class",
        "pain_type",
        "startback_risk",
        "yellow_flags",
        "pathway",
    ]


@SETTINGS
@given(ANSWERS, st.data())
def test_an_answer_that_does_not_fit_is_an_error_naming_its_field(answers, data):
    field = data.draw(st.sampled_from(INTAKE_FIELDS))
    wrong = data.draw(invalid(field))
    try:
        triage({**answers, field.name: wrong})
    except TriageInputError as error:
        assert error.field == field.name
        assert str(error).startswith(field.name)
    else:
        raise AssertionError(f"{field.name}={wrong!r} was accepted")


@SETTINGS
@given(ANSWERS, st.text(min_size=1).filter(lambda name: name not in FIELD_NAMES))
def test_an_unknown_field_is_an_error_naming_it(answers, name):
    try:
        triage({**answers, name: True})
    except TriageInputError as error:
        assert error.field == name
    else:
        raise AssertionError(f"{name!r} was accepted")
