"""Walking the project's URL patterns, for the guard tests."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "patients:detail"
    converters: tuple[tuple[str, str], ...]  # (parameter, converter class name)

    @property
    def parameters(self) -> frozenset[str]:
        return frozenset(name for name, _converter in self.converters)

    def kwargs(self, patient_id: int) -> dict[str, object]:
        """Arguments for reverse(): the patient's id, and a value of the right kind (that
        names nothing) for every other parameter.

        Only for tests whose request is refused before any lookup (no login, no second
        factor): a guard test of who may open a record needs the real objects of
        tests/objects.py, or a 404 proves only that the id names nothing."""
        values: dict[str, object] = {}
        for name, converter in self.converters:
            if name == "patient_id":
                values[name] = patient_id
            else:
                values[name] = 999999 if converter == "IntConverter" else "niets"
        return values


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns: list, namespace: str, outer: tuple[tuple[str, str], ...]) -> None:
        for entry in patterns:
            converters = outer + tuple(
                (name, type(converter).__name__)
                for name, converter in entry.pattern.converters.items()
            )
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner, converters)
            elif isinstance(entry, URLPattern) and entry.name:
                routes.append(Route(f"{namespace}{entry.name}", converters))

    walk(get_resolver().url_patterns, "", ())
    return routes


def patient_routes() -> list[Route]:
    """Every URL that names a patient: these show or change one patient's data."""
    return [route for route in all_routes() if "patient_id" in route.parameters]


def plain_routes() -> list[Route]:
    return [route for route in all_routes() if not route.parameters]
