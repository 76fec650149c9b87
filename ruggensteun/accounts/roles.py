"""Who someone is in a practice. Every check denies when in doubt."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from ruggensteun.accounts.models import Membership, Practice


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_patient(user: Any) -> bool:
    return _active(user) and user.is_patient


def is_practice_staff(user: Any) -> bool:
    return _active(user) and not user.is_patient and user.is_practice_staff


def is_practice_admin(user: Any) -> bool:
    return is_practice_staff(user) and user.is_practice_admin


def staff_practice(user: Any) -> Practice:
    """The practice a staff member works in. The screens serve one practice at a time:
    the first one the user joined."""
    memberships = user.practice_memberships()
    if not memberships:
        raise PermissionDenied
    return memberships[0].practice


def admin_practice(user: Any) -> Practice:
    admin = [m for m in user.practice_memberships() if m.role == Membership.Role.ADMIN]
    if not admin:
        raise PermissionDenied
    return admin[0].practice


ViewFunc = Callable[..., HttpResponse]


def _require(check: Callable[[Any], bool]) -> Callable[[ViewFunc], ViewFunc]:
    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = _require(is_practice_staff)
admin_required = _require(is_practice_admin)
patient_required = _require(is_patient)
