"""Rendering the pages of a large site across the cores.

A page is rendered from the snapshot alone, so pages can be rendered in any process, in any
order: worker processes forked from this one share its snapshot and compiled templates without
copying them, render a share of the pages each, and send back the text, which is put back in
the order asked. The site is the same, byte for byte, as when rendered here; and should anything
go wrong in a worker, the pages are rendered here instead, so that an error reads as it would.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.site.pagecache import PageCache
from generator.site.render import render
from generator.site.snapshot import Snapshot

#: Fewer pages than this are rendered here: starting workers would cost more.
PARALLEL_MIN = 200


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, its template, and how to make its context."""

    path: str
    template: str
    context: Callable[[Snapshot], object]


# What the workers render: set just before they are forked, so they inherit it.
_work: tuple[jinja2.Environment, Snapshot, list[Page], PageCache] | None = None


def render_pages(
    env: jinja2.Environment,
    snap: Snapshot,
    pages: list[Page],
    jobs: int = 1,
    memo: PageCache | None = None,
) -> list[str]:
    """The text of each page, in order; in `jobs` forked processes for a large site; from
    `memo` where it holds the page already."""
    from generator.loading.cache import Cache

    memo = memo if memo is not None else PageCache(Cache(None), Path())
    if jobs < 2 or len(pages) < PARALLEL_MIN or not _can_fork():
        return [_render(env, snap, page, memo) for page in pages]
    global _work
    _work = (env, snap, pages, memo)
    shares = [list(range(start, len(pages), jobs)) for start in range(jobs)]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            done = pool.map(_render_share, shares)
    except Exception:  # a worker failed: render here, where an error is raised as it is
        return [_render(env, snap, page, memo) for page in pages]
    finally:
        _work = None
    texts = [""] * len(pages)
    for share, rendered in zip(shares, done, strict=True):
        for index, text in zip(share, rendered, strict=True):
            texts[index] = text
    return texts


def _render(env: jinja2.Environment, snap: Snapshot, page: Page, memo: PageCache) -> str:
    context = page.context(snap)
    key = memo.key(page.template, context)
    text = memo.get(key)
    if text is None:
        text = render(env, page.template, context)
        memo.put(key, text)
    return text


def _render_share(indices: list[int]) -> list[str]:
    assert _work is not None, "set before the workers are forked"
    env, snap, pages, memo = _work
    return [_render(env, snap, pages[index], memo) for index in indices]


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
