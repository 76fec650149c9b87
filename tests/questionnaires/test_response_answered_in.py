"""The therapist sees that an NPRS was taken over from the intake's pain question (asked once,
issue #12), and a questionnaire answered on its own says nothing of the kind."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.questionnaires.models import QuestionnaireResponse
from tests.questionnaires.conftest import submitted

NOTE = "in de intake: dezelfde pijnvraag, niet twee keer gesteld"


@pytest.mark.parametrize(
    ("answered_in", "shown"),
    [
        (QuestionnaireResponse.AnsweredIn.INTAKE, True),
        (QuestionnaireResponse.AnsweredIn.QUESTIONNAIRE, False),
    ],
)
def test_the_response_page_says_where_it_was_answered(
    client, therapist, patient, answered_in, shown
):
    response = submitted(patient, "nprs", {"1": 6}, when=timezone.now() - timedelta(days=3))
    QuestionnaireResponse.objects.filter(pk=response.pk).update(answered_in=answered_in)
    client.force_login(therapist)
    page = client.get(reverse("questionnaires:response", args=[response.pk]))
    assert page.status_code == 200
    assert (NOTE in page.content.decode()) is shown
