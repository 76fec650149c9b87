"""Walking the project's URL patterns, for the guard tests."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "patients:detail"
    parameters: frozenset[str]


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns: list, namespace: str, parameters: frozenset[str]) -> None:
        for entry in patterns:
            converters = frozenset(entry.pattern.converters)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, parameters | converters)
            elif isinstance(entry, URLPattern) and entry.name:
                routes.append(Route(f"{namespace}{entry.name}", parameters | converters))

    walk(get_resolver().url_patterns, "", frozenset())
    return routes


def patient_routes() -> list[Route]:
    """Every URL that names a patient: these show or change one patient's data."""
    return [route for route in all_routes() if "patient_id" in route.parameters]


def plain_routes() -> list[Route]:
    return [route for route in all_routes() if not route.parameters]
