"""``{% load mydata %}``: a card for the practice's pages.

- ``{% open_deletion_requests %}``: how many patients of the user's practices asked for
  deletion and wait for an answer, with a link to the list. Shows a count only (no names),
  for practice staff; nothing for anyone else.
"""

from typing import Any

from django import template

from ruggensteun.accounts.roles import is_practice_staff
from ruggensteun.mydata.models import DeletionRequest

register = template.Library()


@register.inclusion_tag("mydata/tags/open_requests.html", takes_context=True)
def open_deletion_requests(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not is_practice_staff(user):
        return {"hidden": True, "count": 0}
    count = DeletionRequest.objects.open().for_practices(user.practice_ids()).count()  # type: ignore[union-attr]
    return {"hidden": False, "count": count}
