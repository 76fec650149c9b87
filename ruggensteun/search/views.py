"""The search page: /mijn/zoeken/?q=... (issue #16, "Answers in their own words")."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from ruggensteun.patients.access import own_patient_view
from ruggensteun.patients.models import Patient
from ruggensteun.search import safety
from ruggensteun.search.access import open_pages
from ruggensteun.search.find import find

MAX_LENGTH = 200
SESSION_KEY = "search_question"


@own_patient_view
def search(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The patient's question is not stored with their identity: own_patient_view's audit
    entry says they opened the search page (no text), and the question lives only in
    their session while a safety check waits (see docs/search.md)."""
    language = "en" if (get_language() or "nl").startswith("en") else "nl"
    raw = request.GET.get("q", "")
    question = " ".join(raw.split())
    too_long = len(question) > MAX_LENGTH
    if too_long:
        question = question[:MAX_LENGTH]
    from_session = False
    if "q" not in request.GET and SESSION_KEY in request.session:
        # Back from the safety questions: the question they asked, once.
        question, from_session = request.session.pop(SESSION_KEY), True
    flags = safety.rules_in(question) if question else ()
    safety_url = ""
    if flags:
        if not from_session:
            request.session[SESSION_KEY] = question
        query = urlencode({"rules": ",".join(flags), "from": "search"}, safe=",")
        safety_url = f"{reverse('messaging:safety_check')}?{query}"
    hits = find(question, language, pages=open_pages(patient)) if question else []
    return render(
        request,
        "search/search.html",
        {
            "question": question,
            "too_long": too_long,
            "max_length": MAX_LENGTH,
            "hits": hits,
            "safety_url": safety_url,
            "searched": bool(question),
        },
    )
