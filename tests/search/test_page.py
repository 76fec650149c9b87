"""The search page /mijn/zoeken/: results the patient can open, the safety box, the audit."""

import re
from urllib.parse import parse_qs, urlparse

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.clinical.programme.education import get_module
from ruggensteun.search.views import SESSION_KEY

URL = "/mijn/zoeken/"


def test_the_url():
    assert reverse("search:search") == URL


def test_results_link_only_to_pages_the_patient_can_open(patient_client, week):
    unlocked = week.plan["education"][0]
    title = get_module(unlocked).title.nl
    page = patient_client.get(URL, {"q": title}).content.decode()
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    assert f'href="/mijn/leren/{unlocked}/"' in page
    assert 'class="search-results"' in page
    linked = set(re.findall(r'href="/mijn/leren/([a-z_]+)/"', page))
    assert linked <= set(week.plan["education"])
    assert "leg_pain_and_hernia" not in week.plan["education"]
    hernia = patient_client.get(URL, {"q": "hernia"}).content.decode()
    assert "/mijn/leren/leg_pain_and_hernia/" not in hernia


def test_the_flare_up_plan_is_always_found(patient_client, week):
    page = patient_client.get(URL, {"q": "opstoot"}).content.decode()
    assert "/mijn/opstootplan/" in page
    assert "Opstootplan" in page
    assert "<mark>" in page


def test_no_result_gives_help_and_links(patient_client, week):
    page = patient_client.get(URL, {"q": "xylofoon"}).content.decode()
    assert "Geen antwoord gevonden" in page
    assert 'href="/mijn/leren/"' in page
    assert 'href="/mijn/opstootplan/"' in page


def test_the_question_is_escaped_and_a_long_one_cut(patient_client, week):
    page = patient_client.get(URL, {"q": "<script>x</script> rug"}).content.decode()
    assert "<script>x" not in page
    long = patient_client.get(URL, {"q": "rug " * 200})
    assert long.status_code == 200
    assert "Uw vraag was erg lang" in long.content.decode()


def test_red_flag_words_lead_to_the_safety_questions(patient_client, week):
    question = "ik kan mijn plas niet ophouden"
    response = patient_client.get(URL, {"q": question})
    page = response.content.decode()
    assert "Eerst even checken" in page
    link = re.search(r'href="(/mijn/veiligheidsvragen/[^"]+)"', page).group(1)
    query = parse_qs(urlparse(link.replace("&amp;", "&")).query)
    assert query["from"] == ["search"]
    assert "CES" in query["rules"][0].split(",")
    assert patient_client.session[SESSION_KEY] == question
    # Back on the search page, the question is there once.
    again = patient_client.get(URL).content.decode()
    assert f'value="{question}"' in again
    assert SESSION_KEY not in patient_client.session


def test_an_ordinary_question_has_no_safety_box(patient_client, week):
    page = patient_client.get(URL, {"q": "mag ik sporten"}).content.decode()
    assert "Eerst even checken" not in page
    assert SESSION_KEY not in patient_client.session


def test_the_audit_says_searched_without_the_question(patient_client, patient, week):
    patient_client.get(URL, {"q": "geheime vraag over slapen"})
    event = AuditEvent.objects.filter(patient=patient, what="search:search").get()
    assert event.action == AuditEvent.Action.VIEW
    assert "geheime" not in str(event.detail)


def test_the_query_count_does_not_grow_with_the_hits(patient_client, week):
    counts = []
    for question in ("xylofoon", "slapen", "pijn rug bewegen oefening"):
        with CaptureQueriesContext(connection) as queries:
            assert patient_client.get(URL, {"q": question}).status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[2], counts


def test_staff_and_strangers_get_no_page(client, therapist):
    assert client.get(URL, {"q": "rug"}).status_code == 302
    client.force_login(therapist)
    assert client.get(URL, {"q": "rug"}).status_code == 404


def test_learn_and_today_carry_the_search_box(patient_client, week):
    for page in (reverse("today:learn"), reverse("web:patient_home")):
        html = patient_client.get(page, follow=True).content.decode()
        assert 'action="/mijn/zoeken/"' in html, page
        assert 'role="search"' in html


def test_an_english_patient_searches_in_english(patient_client, patient, week):
    patient.user.language = "en"
    patient.user.save(update_fields=["language"])
    patient_client.cookies["django_language"] = "en"
    page = patient_client.get(URL, {"q": "flare-up"}).content.decode()
    assert "Find an answer" in page
    assert "Flare-up plan" in page
    assert "<mark>" in page
    assert "Opstootplan" not in page
