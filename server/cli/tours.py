"""`waypost tours …`: validate, push, pull and import tour files, locally or against a server."""
import json
import re
from pathlib import Path

import click

from ..services.tour_files import dump_tour_file, expand_paths, format_problem, load_tour_file, validate_paths
from .backends import backend


@click.group()
def tours():
    """Tours as code."""


@tours.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def validate(paths):
    """Check tour files; prints file:line: message per problem (a missing path is one) and exits 1 if any."""
    problems = validate_paths([Path(p) for p in paths])
    for problem in problems:
        click.echo(format_problem(problem))
    if problems:
        raise SystemExit(1)


def _load_specs(paths) -> list[dict]:
    problems = validate_paths([Path(p) for p in paths])
    if problems:
        for problem in problems:
            click.echo(format_problem(problem), err=True)
        raise click.ClickException(f"{len(problems)} problem(s); nothing was pushed")
    files, _ = expand_paths(paths)
    return [load_tour_file(f)[0] for f in files]


@tours.command("schema")
def schema():
    """Print the JSON Schema of tour files (what tours/schema.json holds), generated from the server's validator."""
    from ..schemas.tour_json_schema import tour_json_schema_text

    click.echo(tour_json_schema_text(), nl=False)


@tours.command("push")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--app", "app_key", required=True, help="The app's public key.")
@click.option("--draft", is_flag=True, help="Update drafts only; publish nothing.")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
def push(paths, app_key, draft, dry_run):
    """Create or update tours from files (by id) and publish them."""
    specs = _load_specs(paths)
    results = backend().push_tours(app_key, specs, draft, dry_run)
    prefix = "would be " if dry_run else ""
    for r in results:
        if r["published"]:
            fresh = "new version" if r["new_version"] else "no new version"
            click.echo(f"{r['id']}: {prefix}{r['action']}, published as version {r['version']} ({fresh})")
        else:
            live = f"live version stays {r['version']}" if r["version"] else "not published"
            click.echo(f"{r['id']}: {prefix}{r['action']} draft, {live}")


@tours.command("pull")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--app", "app_key", required=True, help="The app's public key.")
def pull(directory, app_key):
    """Write each of the app's tours (their current draft) as a canonical YAML file."""
    specs = backend().tour_drafts(app_key)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        (out / f"{spec['id']}.yaml").write_text(dump_tour_file(spec), encoding="utf-8")
        click.echo(f"wrote {out / (spec['id'] + '.yaml')}")


@tours.command("import")
@click.option("--from", "kind", type=click.Choice(["shepherd", "driver", "introjs", "introjs-hints"]), required=True)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--id", "tour_id", help="The new tour's id (default: from the file name).")
@click.option("--name", help="The new tour's name (default: from the id).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of standard output.")
def import_(kind, file, tour_id, name, output):
    """Convert Shepherd.js, Driver.js or Intro.js steps (JSON) into a Waypost tour file, or Intro.js hints into a
    file of hotspots."""
    from ..services.tour_import import import_steps, slugify

    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise click.ClickException(f"{file}: not valid JSON: {exc}") from None
    tour_id = tour_id or slugify(Path(file).stem)
    try:
        spec = import_steps(kind, data, tour_id, name or tour_id.replace("-", " ").capitalize())
    except ValueError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    text = dump_tour_file(spec)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@tours.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--base-url", required=True, help="The host app to check against, e.g. https://staging.example.com.")
@click.option("--storage-state", type=click.Path(exists=True, dir_okay=False),
              help="A Playwright storage-state file (cookies, local storage) for an app behind a login.")
@click.option("--junit", "junit", type=click.Path(dir_okay=False), help="Also write a JUnit XML report here.")
@click.option("--format", "output", type=click.Choice(["text", "github"]), default="text",
              help="text: file:line:col: message; github: GitHub Actions annotations.")
@click.option("--screenshots", type=click.Path(file_okay=False), help="Save what each step would point at here.")
@click.option("--timeout", "timeout_ms", type=click.IntRange(100, 120_000), default=5000, show_default=True,
              help="How long a target may take to appear, in ms (the snippet's targetTimeout).")
@click.option("--viewport", default="1280x800", show_default=True, help="WIDTHxHEIGHT of the page.")
@click.option("--chromium", type=click.Path(exists=True, dir_okay=False),
              help="The browser to run (default: $WAYPOST_CHROMIUM, /usr/bin/chromium, else Playwright's own).")
def check(paths, base_url, storage_state, junit, output, screenshots, timeout_ms, viewport, chromium):
    """Open the pages each tour step needs and check its target: found, unique, visible, on screen, not covered;
    and each translation complete. Exits 1 on any broken step."""
    from ..services.tour_check import CheckOptions, base_url_problem

    if problem := base_url_problem(base_url):
        raise click.BadParameter(problem, param_hint="--base-url")
    size = re.fullmatch(r"(\d{3,4})x(\d{3,4})", viewport)
    if not size:
        raise click.BadParameter("WIDTHxHEIGHT, like 1280x800 or 375x812.", param_hint="--viewport")
    try:
        from ..services import check_report
        from ..services.tour_check import check_paths
    except ImportError as exc:  # playwright is the check extra
        raise click.ClickException(
            f"waypost tours check needs Playwright: pip install 'waypost[check]' ({exc}).") from None
    options = CheckOptions(base_url=base_url, storage_state=storage_state, timeout_ms=timeout_ms,
                           screenshots=Path(screenshots) if screenshots else None,
                           viewport=(int(size[1]), int(size[2])), chromium=chromium)
    results, problems = check_paths(list(paths), options)
    lines = (check_report.github_lines if output == "github" else check_report.text_lines)(results, problems)
    for line in lines:
        click.echo(line)
    if junit:
        Path(junit).write_text(check_report.junit_xml(results, problems), encoding="utf-8")
    broken = sum(r.broken for r in results) + len(problems)
    checked = sum(r.noun != "translations" and not r.skipped for r in results)
    click.echo(f"{checked} checked, {broken} broken.", err=True)
    if broken:
        raise SystemExit(1)
