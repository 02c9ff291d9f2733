"""The Jinja2 environment: autoescape everywhere, undefined names are errors, filters in one place."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.site.text import plural

# Templates whose names end like this are escaped; every template the site uses is one of them.
ESCAPED = ("html", "xml", "svg")


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(enabled_extensions=ESCAPED, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["plural"] = plural
    return env


def render(env: jinja2.Environment, template: str, page: object) -> str:
    """Render one template with its typed context as `page`."""
    return env.get_template(template).render(page=page)
