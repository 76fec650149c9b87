from django.apps import AppConfig


class BaseConfig(AppConfig):
    """The site's shared parts, at the bottom of the apps: the base layout, the error pages,
    the CSS, htmx and the favicon, the ``bilingual`` template tags, safe redirects
    (``redirects``), number and JSON input (``numbers``, ``json_input``) and the security
    middleware. It imports no other app of Ruggensteun but the clinical core."""

    name = "ruggensteun.base"
    verbose_name = "Base"
