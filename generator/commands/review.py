"""`certreg review`: the pull-request comment and labels a validator report implies."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from generator.report.review import ReportError, Review, load_report, review

# A link target we print into Markdown: no spaces, quotes, brackets or parentheses.
_URL = re.compile(r"(?:https://|/)?[A-Za-z0-9._~:/?&=%+-]+")


class _BadInput(click.ClickException):
    exit_code = 2


def _checks_url(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not _URL.fullmatch(value) or value.lower().startswith(("javascript:", "data:")):
        raise click.BadParameter(
            "expected an https URL or a relative path without spaces, quotes or brackets"
        )
    return value


@click.command("review")
@click.argument("report_file", metavar="REPORT.json", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown: the comment body; json: {ok, marker, body, labels, managed_labels,"
    " managed_label_patterns} for a workflow.",
)
@click.option(
    "--comment-out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the comment body to FILE.",
)
@click.option(
    "--labels-out",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write the labels to FILE, one a line.",
)
@click.option(
    "--checks-url",
    default="docs/checks.md",
    show_default=True,
    metavar="URL",
    callback=_checks_url,
    help="Where the check documentation is; each check id links to URL#<id>.",
)
@click.option(
    "--untrusted",
    is_flag=True,
    help="The report was made by code the pull request changes: say so, and withhold"
    " the labels that vouch for results.",
)
def command(
    report_file: Path,
    fmt: str,
    comment_out: Path | None,
    labels_out: Path | None,
    checks_url: str,
    untrusted: bool,
) -> None:
    """Turn REPORT.json (from `certreg validate --format json`, or - for standard input) into
    the pull-request comment and the labels it implies.

    Exit code 0 whatever the report says, 2 when the report cannot be read.
    """
    try:
        result = review(load_report(report_file), checks_url=checks_url, untrusted=untrusted)
    except ReportError as error:
        raise _BadInput(f"{report_file}: {error}") from error
    _write(comment_out, result.body)
    _write(labels_out, "".join(label + "\n" for label in result.labels))
    click.echo(_render(result, fmt), nl=False)


def _render(result: Review, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.as_json(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return result.body


def _write(path: Path | None, text: str) -> None:
    if path is None:
        return
    try:
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise _BadInput(f"cannot write {path}: {error.strerror or error}") from error
