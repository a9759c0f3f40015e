"""Command-line tools: `flask catalog check`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from catalog.problems import CatalogError
from catalog.source import read_catalog

catalog_cli = AppGroup("catalog", help="Check the sites catalog.")


@catalog_cli.command("check")
@click.argument("path", required=False)
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", help="Language of the report.")
def check(path: str | None, lang: str) -> None:
    """Validate the catalog (default: the configured one); list every problem; exit 1 if there is any."""
    from flask import current_app

    target = path or current_app.config["CATALOG_PATH"]
    try:
        snap = read_catalog(target)
    except CatalogError as exc:
        for p in exc.problems:
            click.echo(p.text(lang), err=True)
        click.echo(f"{target}: {len(exc.problems)} problem(s)", err=True)
        raise SystemExit(1) from None
    c = snap.catalog
    click.echo(f"{target}: OK, version {c.version}: {len(c.sites)} sites ({len(c.published_sites)} published), "
               f"{len(c.tours)} tours, {len(c.start_points)} start points")


def init_app(app: Flask) -> None:
    app.cli.add_command(catalog_cli)
