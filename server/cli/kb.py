"""`waypost kb import`: Markdown articles with front matter, locally or into a remote server."""
from pathlib import Path

import click
from marshmallow import ValidationError

from ..schemas.kb import ArticleInSchema
from .backends import backend


@click.group()
def kb():
    """The knowledge base."""


def _markdown_files(paths) -> list[Path]:
    files = []
    for path in map(Path, paths):
        files += sorted(path.glob("**/*.md")) if path.is_dir() else [path]
    return files


def load_articles(paths) -> list[dict]:
    """Parse and validate every file first, so a bad file means nothing is imported."""
    from ..services.kb import parse_markdown_file

    articles, problems = [], []
    for file in _markdown_files(paths):
        try:
            articles.append(ArticleInSchema().load(parse_markdown_file(file)))
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(f"{file}: {exc}")
        except ValidationError as exc:
            problems += [f"{file}: {field}: {message}" for field, message in exc.normalized_messages().items()]
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise click.ClickException(f"{len(problems)} problem(s); nothing was imported")
    if not articles:
        raise click.ClickException("no Markdown (*.md) files found")
    return articles


@kb.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--app", "app_key", required=True, help="The app's public key.")
def import_(paths, app_key):
    """Import Markdown articles (front matter: title, slug, locale, category, pages); idempotent by slug+locale."""
    articles = load_articles(paths)
    for r in backend().import_articles(app_key, articles):
        click.echo(f"{r['slug']} [{r['locale']}]: {r['action']}")
