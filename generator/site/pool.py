"""Rendering the pages of a large site: those the page cache holds are taken from it (see
generator/site/pagecache.py), the others rendered across the cores when there are many.

A page is rendered from the snapshot alone, so pages can be rendered in any process, in any
order: worker processes forked from this one share its snapshot and compiled templates without
copying them, render a share of the pages each, and send back the text, which is put back in
the order asked. The site is the same, byte for byte, as when rendered here; and should anything
go wrong in a worker, the pages are rendered here instead, so that an error reads as it would.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from generator.site.pagecache import PageCache
from generator.site.render import render
from generator.site.snapshot import Snapshot
from generator.site.write import Content

#: Fewer pages than this are rendered here: starting workers would cost more.
PARALLEL_MIN = 200


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, its template, and how to make its context; and,
    where the page knows it, what its context is made from (`depends`: a text naming every
    input the context builder reads besides `Snapshot.scope`), so that an unchanged page is
    found in the page cache without building its context at all."""

    path: str
    template: str
    context: Callable[[Snapshot], object]
    depends: Callable[[Snapshot], str] | None = None


# What the workers render: set just before they are forked, so they inherit it.
_work: tuple[jinja2.Environment, Snapshot, list[Page]] | None = None


def render_pages(
    env: jinja2.Environment,
    snap: Snapshot,
    pages: list[Page],
    jobs: int = 1,
    memo: PageCache | None = None,
) -> list[str | Content]:
    """The text of each page, in order: the others rendered, in `jobs` forked processes when
    there are many; a page `memo` holds already is taken from it only when its text is asked
    for (a site folder that holds the page already never asks, see sync.py), and rendered then
    if the entry turns out unusable."""
    if memo is None or not memo.cache.enabled:
        return list(_render_all(env, snap, pages, list(range(len(pages))), jobs))
    found: list[str | Content | None] = []
    keys: list[str | None] = []
    for page in pages:
        if page.depends is not None:
            key = memo.key(page.template, ("depends", snap.scope, page.depends(snap)))
        else:
            key = memo.key(page.template, page.context(snap))
        keys.append(key)
        if key is not None and not memo.verify and memo.holds(key):
            found.append(Content(_name(key), functools.partial(_take, env, snap, page, memo, key)))
        else:
            found.append(memo.get(key))
    if memo.verify:
        _verify(env, snap, pages, found)
    missing = [index for index, text in enumerate(found) if text is None]
    for index, text in zip(missing, _render_all(env, snap, pages, missing, jobs), strict=True):
        found[index] = text
        memo.put(keys[index], text)
    return [_named(text, key) for text, key in zip(found, keys, strict=True)]


def _name(key: str) -> str:
    return f"page:{key}"


def _named(text: str | Content | None, key: str | None) -> str | Content:
    """A page's text under its page cache key, which names it (see write.Content)."""
    if text is None:
        return ""
    if isinstance(text, Content) or key is None:
        return text
    data = text.encode("utf-8")
    return Content(_name(key), lambda: data)


def _take(env: jinja2.Environment, snap: Snapshot, page: Page, memo: PageCache, key: str) -> bytes:
    """The page under `key` in the page cache; rendered (and the entry made again) when the
    entry cannot be used after all."""
    text = memo.take(key)
    if text is None:
        text = _render(env, snap, page)
        memo.put(key, text)
    return text.encode("utf-8")


def _verify(
    env: jinja2.Environment, snap: Snapshot, pages: list[Page], texts: list[str | Content | None]
) -> None:
    """Render every page found in the cache and fail loudly where the two differ: a page's
    `depends` that misses an input it reads would show a stale page."""
    for page, text in zip(pages, texts, strict=True):
        if text is not None and text != _render(env, snap, page):
            raise AssertionError(f"{page.path}: the page cache holds a page out of date")


def _render_all(
    env: jinja2.Environment, snap: Snapshot, pages: list[Page], chosen: list[int], jobs: int
) -> list[str]:
    """The text of the pages at `chosen`, in that order."""
    if jobs < 2 or len(chosen) < PARALLEL_MIN or not _can_fork():
        return [_render(env, snap, pages[index]) for index in chosen]
    global _work
    _work = (env, snap, pages)
    shares = [chosen[start::jobs] for start in range(jobs)]
    try:
        import multiprocessing  # only when there are many pages to render

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            done = pool.map(_render_share, shares)
    except Exception:  # a worker failed: render here, where an error is raised as it is
        return [_render(env, snap, pages[index]) for index in chosen]
    finally:
        _work = None
    texts: dict[int, str] = {}
    for share, rendered in zip(shares, done, strict=True):
        texts.update(zip(share, rendered, strict=True))
    return [texts[index] for index in chosen]


def _render(env: jinja2.Environment, snap: Snapshot, page: Page) -> str:
    return render(env, page.template, page.context(snap))


def _render_share(indices: list[int]) -> list[str]:
    assert _work is not None, "set before the workers are forked"
    env, snap, pages = _work
    return [_render(env, snap, pages[index]) for index in indices]


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
