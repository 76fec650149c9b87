"""``find``: the pages that answer a question, best first, each with its best passage."""

from collections.abc import Collection
from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import SafeString

from ruggensteun.search.engines import matches
from ruggensteun.search.models import Passage
from ruggensteun.search.text import highlight, query_stems

# A page scores its best passage plus this share of each further matching passage: a module
# that speaks of the question in several places is more likely the answer.
FURTHER_PASSAGES = 0.25
# Questions ask "may I", "why", "what helps": the explanations and the flare-up plan answer
# them; an exercise page says how to do one exercise, so it counts for less (measured with
# benchmarks/search.py, see benchmarks/README.md).
KIND_WEIGHT = {"module": 1.0, "flareup": 1.0, "exercise": 0.6}


@dataclass(frozen=True)
class Hit:
    page: str  # "module:sleep", "exercise:bridge", "flareup"
    kind: str  # Passage.Kind
    title: str
    heading: str  # the matching passage's heading ("" for a summary)
    url: str
    snippet: SafeString  # the passage, escaped, the matching words in <mark>
    score: float

    @property
    def kind_label(self) -> str:
        return Passage.Kind(self.kind).label


def url_of(page: str, anchor: str = "") -> str:
    kind, _, ident = page.partition(":")
    if kind == "module":
        return reverse("today:module", args=[ident])
    if kind == "exercise":
        return reverse("today:exercise", args=[ident])
    url = reverse("today:flare_up_plan")
    return f"{url}#{anchor}" if anchor else url


def find(
    question: str,
    language: str,
    *,
    pages: Collection[str] | None = None,
    limit: int = 10,
    using: str = "default",
) -> list[Hit]:
    """The pages answering ``question`` in ``language`` ("nl"/"en"), best first; only those
    in ``pages`` when given (what a patient can open: search.access.open_pages)."""
    language = "en" if language == "en" else "nl"
    scored = matches(question, language, using=using)
    if not scored:
        return []
    passages = Passage.objects.using(using).in_bulk([pk for pk, _ in scored])
    best: dict[str, tuple[float, Passage]] = {}
    extra: dict[str, float] = {}
    for pk, score in scored:
        passage = passages.get(pk)
        if passage is None:  # the index changed under this query: skip what went
            continue
        score *= KIND_WEIGHT[passage.kind]
        if pages is not None and passage.page not in pages:
            continue
        if passage.page not in best:
            best[passage.page] = (score, passage)
        else:
            extra[passage.page] = extra.get(passage.page, 0.0) + FURTHER_PASSAGES * score
    wanted = set(query_stems(question, language))
    ranked = sorted(
        best.items(), key=lambda item: (-(item[1][0] + extra.get(item[0], 0.0)), item[0])
    )
    return [
        Hit(
            page=page,
            kind=passage.kind,
            title=passage.title,
            heading=passage.heading,
            url=url_of(page, passage.anchor),
            snippet=highlight(passage.body, wanted, language),
            score=score + extra.get(page, 0.0),
        )
        for page, (score, passage) in ranked[:limit]
    ]
