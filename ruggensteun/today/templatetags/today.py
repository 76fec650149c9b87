"""``{% load today %}``: small helpers for the patient's day pages."""

from uuid import uuid4

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def form_key() -> SafeString:
    """A hidden one-time key for a form: the server handles each key once (no doubles)."""
    return format_html('<input type="hidden" name="key" value="{}">', uuid4())
