"""Who may set up a first authenticator app (issue #11, finding 5).

The password alone is not enough: a staff member without an app sets one up only

* in the session in which they accepted their invitation (they proved they read the
  invitation e-mail just now), or
* after entering a one-time enrolment code that an operator issued
  (``manage.py reset_two_factor``, which also prints one for an account that never had
  an app, e.g. one made with ``createsuperuser``).

Replacing an app that works is another matter: that needs the old second factor and a
recent authentication (``views.setup``).
"""

from django.http import HttpRequest

SESSION_KEY = "accounts_two_factor_enrolment"


def allow_enrolment(request: HttpRequest) -> None:
    """This session may set up the logged-in user's first app."""
    request.session[SESSION_KEY] = request.user.pk


def enrolment_allowed(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.session.get(SESSION_KEY) == request.user.pk


def end_enrolment(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
