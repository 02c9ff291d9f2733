"""Rules on the pull request as a whole (`pr-*`): its title, its scope, its commits, and what it
may not change. They run once per change, when the change under review is known (--base)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator

from generator.checks.base import PR_RULES, Problem, Rule, Skip, fail, note, pr_rule, warn
from generator.checks.scope import Area, place_of
from generator.checks.text import plural, shown
from generator.gitio.change import Change, ChangedPath
from generator.model.findings import Finding, Status
from generator.model.program import Level, Program

LISTED = 10  # findings listed one by one before the rest are counted
TITLE_FORM = "Conformance results for vX.Y/<vendor>/<product>"
_TITLE = re.compile(
    r"\s*conformance\s+(?:test\s+)?(?:results?|tests?)\s+for\s+(?P<rest>.*?)\s*", re.IGNORECASE
)
_SEPARATORS = re.compile(r"[\s/]+")
_VERBS = {"M": "modifies", "D": "deletes", "R": "renames", "T": "changes the type or mode of"}


class PullRequest:
    """What a pull-request rule sees: the change, the title given, and the program."""

    def __init__(self, change: Change, title: str | None, program: Program) -> None:
        self.change = change
        self.title = title
        self.program = program

    @functools.cached_property
    def folders(self) -> tuple[str, ...]:
        """Every submission folder the change touches (before or after), sorted."""
        places = (place_of(path) for path in self.change.touched())
        return tuple(sorted({p.folder for p in places if p.folder is not None}))

    @functools.cached_property
    def submitted(self) -> tuple[str, ...]:
        """The submission folders the change adds to or changes (not only deletes from)."""
        after = (place_of(c.after) for c in self.change.paths if c.after is not None)
        return tuple(sorted({p.folder for p in after if p.folder is not None}))

    @functools.cached_property
    def merged_folders(self) -> frozenset[str]:
        """Submission folders that hold files on the base: certified already."""
        places = (place_of(path) for path in self.change.on_base)
        return frozenset(p.folder for p in places if p.folder is not None)

    @functools.cached_property
    def strays(self) -> tuple[str, ...]:
        """Touched paths under data/vendors/ that are in no submission folder (see layout)."""
        return tuple(p for p in self.change.touched() if place_of(p).area is Area.STRAY)


def _capped(problems: list[Problem], what: str) -> Iterator[Problem]:
    yield from problems[:LISTED]
    rest = problems[LISTED:]
    if rest:
        yield Problem(f"and {plural(len(rest), what)}", status=rest[0].status)


@pr_rule("pr-title", upstream="1, 6, 11")
def pr_title(pr: PullRequest) -> Iterator[Problem]:
    """The pull request's title is `Conformance results for vX.Y/<vendor>/<product>`.

    It names the submission's folder `data/vendors/<vendor>/<product>/vX.Y/` in the order
    version, vendor, product: for `data/vendors/acme/acme-kube/v1.35/`, the title is
    `Conformance results for v1.35/acme/acme-kube`. Capitals do not matter, nor do spaces around
    the slashes (`Conformance Results for v1.35 / acme / acme-kube`); `result`, `test results`
    and `tests` are read as `results`. The title is one line of plain text.

    Run `certreg validate --base origin/main --title "..."` to check it before you open the
    pull request.
    """
    title = pr.title
    if title is None:
        raise Skip("no --title given")
    folders = pr.submitted
    if not folders:
        raise Skip("the change adds no submission folder for the title to name (see pr-scope)")
    wanted = [_expected_title(folder) for folder in folders]
    problem = title_problem(title, folders)
    if problem is None:
        yield note(f"the title names {folders[0] if len(folders) == 1 else 'a submission'}")
        return
    yield fail(f"{problem}: write {' or '.join(repr(w) for w in wanted)}")


def _expected_title(folder: str) -> str:
    vendor, product, version = folder.split("/")[-3:]
    return f"Conformance results for {version}/{vendor}/{product}"


def title_problem(title: str, folders: tuple[str, ...]) -> str | None:
    """Why `title` does not name one of the submission `folders`; None when it does."""
    if not title.strip():
        return "the title is empty"
    if not title.isprintable() or len(title) > 300:
        return f"the title {shown(title, 80)} is not one line of plain text"
    match = _TITLE.fullmatch(title)
    if match is None:
        return f"the title {shown(title, 120)} is not of the form {TITLE_FORM!r}"
    named = [part.casefold() for part in _SEPARATORS.split(match["rest"]) if part]
    choices = [folder.split("/")[-3:] for folder in folders]
    for vendor, product, version in choices:
        if named == [version.casefold(), vendor.casefold(), product.casefold()]:
            return None
    vendor, product, version = choices[0]
    said = "/".join(named) or "nothing"
    if named == [version.casefold(), product.casefold()]:
        return f"the title names {said} without the vendor {shown(vendor)}"
    return f"the title names {shown(said, 120)}, but the submission folder is {folders[0]}"


@pr_rule("pr-scope", upstream="4, 5")
def pr_scope(pr: PullRequest) -> Iterator[Problem]:
    """The pull request changes the files of exactly one submission folder, and nothing else.

    Open one pull request per submission. Everything outside the submission folder is changed
    by the program's maintainers in pull requests of their own: `VENDOR.yaml`,
    `data/program.yaml`, `data/conformance/`, `data/revocations.yaml`, `data/history.yaml`, and
    anything outside `data/vendors/` (code, templates, workflows). If yours needs such a change,
    ask for it in an issue; remove it from this pull request.
    """
    problems = []
    for path in pr.change.touched():
        place = place_of(path)
        if place.area is Area.MAINTAINERS:
            problems.append(
                fail(
                    f"{path} is {place.what}, changed by the program's maintainers only: "
                    "remove it from this pull request",
                    path,
                )
            )
        elif place.area is Area.STRAY:
            problems.append(
                fail(
                    f"{path} is not inside a submission folder "
                    "data/vendors/<vendor>/<product>/vX.Y/: remove it or move it into one",
                    path,
                )
            )
    yield from _capped(problems, "more file")
    folders = pr.folders
    if len(folders) > 1:
        yield fail(
            f"the change touches {len(folders)} submission folders ({', '.join(folders[:5])}"
            f"{', ...' if len(folders) > 5 else ''}): open one pull request per submission"
        )
    elif not folders:
        yield fail("the change touches no submission folder")
    elif not problems:
        yield note(f"the change touches {folders[0]} only")


@pr_rule("pr-single-commit", upstream="15")
def pr_single_commit(pr: PullRequest) -> Iterator[Problem]:
    """The pull request is a single commit.

    One commit keeps the registry's history readable: one submission, one commit. To squash
    several into one: `git reset --soft $(git merge-base origin/main HEAD)`, then `git commit`,
    then `git push --force-with-lease`. Whether this fails, warns or is off is set in
    `data/program.yaml` (`review: single_commit:`).
    """
    level = pr.program.single_commit_level
    if level is Level.OFF:
        raise Skip("turned off in data/program.yaml (review: single_commit: off)")
    commits = pr.change.commits
    if not commits:
        raise Skip(f"the branch has no commits that {pr.change.base_ref} lacks")
    if len(commits) == 1:
        yield note(f"one commit: {shown(commits[0].subject, 80)}")
        return
    listed = ", ".join(f"{c.sha[:10]} {shown(c.subject, 60)}" for c in commits[:5])
    more = ", ..." if len(commits) > 5 else ""
    message = (
        f"the change has {len(commits)} commits ({listed}{more}): squash them into one "
        f"(git reset --soft $(git merge-base {pr.change.base_ref} HEAD), then git commit)"
    )
    yield fail(message) if level is Level.ERROR else warn(message)


@pr_rule("pr-immutable")
def pr_immutable(pr: PullRequest) -> Iterator[Problem]:
    """The pull request leaves certified submissions and maintainers' files as they are.

    A submission is certified once it is merged, and its files are the public evidence of that
    certification: they are never edited, deleted, renamed or added to afterwards. To certify
    a new version of the product, add a new folder `data/vendors/<vendor>/<product>/vX.Y/`. To
    correct or withdraw a certification, ask the program's maintainers.
    """
    problems = [problem for changed in pr.change.paths for problem in _immutable(pr, changed)]
    yield from _capped(problems, "more file")
    if not problems:
        yield note("no certified submission and no maintainers' file is changed")


def _immutable(pr: PullRequest, changed: ChangedPath) -> Iterator[Problem]:
    before, after = changed.before, changed.after
    if before is not None and changed.status in _VERBS:
        place = place_of(before)
        verb = _VERBS[changed.status]
        if place.area is Area.MAINTAINERS:
            yield fail(f"the change {verb} {before}, {place.what}", before)
        elif place.folder in pr.merged_folders:
            yield fail(
                f"the change {verb} {before}, a file of the certified submission {place.folder}",
                before,
            )
    if after is not None and changed.status in ("A", "R"):
        place = place_of(after)
        if place.folder in pr.merged_folders:
            yield fail(f"the change adds {after} to the certified submission {place.folder}", after)


def check_pull_request(pr: PullRequest) -> tuple[Finding, ...]:
    """Every pull-request rule's findings, in registration order."""
    return tuple(finding for rule in PR_RULES for finding in _run(rule, pr))


def _run(rule: Rule, pr: PullRequest) -> list[Finding]:
    try:
        problems = list(rule.func(pr))
    except Skip as skip:
        return [Finding(rule.id, Status.SKIP, skip.reason)]
    except Exception as error:  # a bug must not hide the other checks' results
        if os.environ.get("CERTREG_DEBUG"):
            raise
        return [
            Finding(
                rule.id,
                Status.FAIL,
                f"internal error in this check ({type(error).__name__}: {error}); please report it",
            )
        ]
    judged = [p for p in problems if p.status is not Status.PASS]
    shown_problems = judged or problems[:1]
    if not shown_problems:
        return [Finding(rule.id, Status.PASS, "passed")]
    return [Finding(rule.id, p.status, p.message, p.file, p.line) for p in shown_problems]
