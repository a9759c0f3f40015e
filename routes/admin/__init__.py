"""The bureau's admin under /admin: every view declares the role it needs (web.platform.auth.requires)."""
from __future__ import annotations

from flask import Blueprint, Response

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.after_request
def _never_cached(response: Response) -> Response:
    # Admin pages carry private data and CSRF tokens: never stored by a browser or a proxy. They are also never
    # framed: web.platform.security sends frame-ancestors 'none' unless a view opts in, and no admin view does.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


from . import auth, channels, data, history, people, photos, position, sites, tours, user_links, verify  # noqa: E402,F401  (views register on bp)


@bp.app_template_test("match")
def _match(value: str, pattern: str) -> bool:
    """``names|select('match', regex)``: form fields whose name matches (hours grid rows, tour slots)."""
    import re

    return re.match(pattern, value) is not None


@bp.app_template_filter("revision_author")
def _revision_author(author: str) -> str:
    from flask_babel import gettext as _

    from storage.revisions import FOUND_ON_DISK

    return _("(a hand edit on the server)") if author == FOUND_ON_DISK else author


@bp.app_template_filter("revision_summary")
def _revision_summary(summary: str) -> str:
    """A save's summary in the interface language: the history's own English entry (a version nobody saved
    here), and the changed fields of a site or tour save in words, whatever language or form they were stored in."""
    import inspect

    from flask_babel import gettext as _

    from storage.revisions import RevisionLog
    from web.admin.summary_words import shown

    default = inspect.signature(RevisionLog.ensure).parameters["summary"].default
    return _("Version found on disk (edited by hand or never saved here)") if summary == default else shown(summary)


@bp.app_template_global("problem_text")
def _problem_text(problem) -> str:
    """A catalog problem in words, naming the site or tour it is in (read from the file on disk when it parses)."""
    from flask import current_app, g

    from catalog.loader import load_bytes
    from web.admin.staff_words import names_in, problem_text

    if "catalog_names" not in g:
        try:
            with open(current_app.config["CATALOG_PATH"], "rb") as fh:
                g.catalog_names = names_in(load_bytes(fh.read()))
        except Exception:  # a file that does not parse names nothing: positions are given by line instead
            g.catalog_names = None
    return problem_text(problem, g.catalog_names)


@bp.app_template_global("status_label")
def _status_label(status) -> str:
    """A site's or tour's status in words (a Status or its value): one table, web.admin.staff_words.STATUS."""
    from web.admin.staff_words import STATUS

    return str(STATUS[getattr(status, "value", status)])


@bp.app_template_global("status_choices")
def _status_choices() -> list[tuple[str, str]]:
    """(value, words) of every status, for the status menus."""
    from web.admin.staff_words import STATUS

    return [(value, str(words)) for value, words in STATUS.items()]
