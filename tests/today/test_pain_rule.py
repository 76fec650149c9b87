"""The pages state the same pain rule as the content files (programme.md §2, revision 2)."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.clinical.test_education_wording import PAIN_RULE


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pages_pain_rule_is_the_content_pain_rule_word_for_word(language):
    with translation.override(language):
        shown = render_to_string("today/_pain_rule.html").strip()
    assert shown == getattr(PAIN_RULE, language)


@pytest.mark.parametrize(
    "template",
    [
        "today/today.html",
        "today/exercise.html",
        "reports/pdf/handout.html",
    ],
)
def test_the_exercise_pages_and_the_handout_use_the_one_pain_rule(template):
    from django.template.loader import get_template

    source = get_template(template).template.source
    assert '{% include "today/_pain_rule.html" %}' in source
