"""The Jinja2 environment: autoescape everywhere, undefined names are errors, filters in one place."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.loading.cache import Cache
from generator.loading.fingerprint import code_fingerprint
from generator.site.text import plural

# Templates whose names end like this are escaped; every template the site uses is one of them.
ESCAPED = ("html", "xml", "svg")


def environment(templates: Path, cache: Cache | None = None) -> jinja2.Environment:
    """The environment for the templates in `templates`; with a `cache`, templates compiled
    by an earlier run are taken from it (see `CompiledTemplates`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=CompiledTemplates(cache) if cache is not None and cache.enabled else None,
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


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates as Jinja compiles them (Python bytecode), kept in the cache, so that a run
    does not parse and compile each template again: the pages of a rebuild are a few
    renders, and compiling their templates would cost as much. An entry is named by the
    template, this code and Jinja's version; Jinja keeps the checksum of the template's
    source with it and compiles again when the source differs."""

    KIND = "templates"

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        return f"{code_fingerprint()}/{jinja2.__version__}/{bucket.key}"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.cache.get_bytes(self.KIND, self._key(bucket))
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)  # checks Jinja's header and the source's checksum
        except Exception:  # an entry this code did not write: compile the template instead
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.cache.put_bytes(self.KIND, self._key(bucket), bucket.bytecode_to_string())
