"""The platform's routes read from the URLconf, so a new route is covered without editing a list."""

from dataclasses import dataclass

from django.urls import URLPattern, get_resolver

EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_MODULE_PREFIX = "allauth."


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, as reverse() wants it
    pattern: URLPattern

    @property
    def parameters(self) -> dict:
        return dict(self.pattern.pattern.converters)

    @property
    def methods(self) -> set[str] | None:
        return declared_methods(self.pattern.callback)


def our_routes() -> list[Route]:
    routes = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                module = getattr(pattern.urlconf_name, "__name__", str(pattern.urlconf_name))
                if pattern.namespace in EXCLUDED_NAMESPACES or module.startswith(EXCLUDED_MODULE_PREFIX):
                    continue
                # Parameters in an include() prefix would be missed below; there are none today.
                assert not pattern.pattern.converters, pattern
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                routes.append(Route(f"{namespace}:{pattern.name}" if namespace else pattern.name, pattern))

    walk(get_resolver().url_patterns)
    return sorted(routes, key=lambda route: route.name)


def declared_methods(view) -> set[str] | None:
    """The methods a view accepts, as `require_http_methods` (and `require_POST`, `require_GET`)
    declared them, found by walking the decorators' closures; None when nothing declares them."""
    seen, stack = set(), [view]
    while stack:
        function = stack.pop()
        if id(function) in seen:
            continue
        seen.add(id(function))
        for cell in getattr(function, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, list | tuple) and value and all(isinstance(m, str) and m.isupper() for m in value):
                return set(value)
            if callable(value):
                stack.append(value)
        if wrapped := getattr(function, "__wrapped__", None):
            stack.append(wrapped)
    return None
