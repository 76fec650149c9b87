from django import template

from ruggensteun.accounts.phone import tel_href

register = template.Library()


@register.filter
def tel(value: str) -> str:
    """``{{ number|tel }}``: the href of a link that calls the number."""
    return tel_href(value)
