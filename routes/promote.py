"""Promotion: the snippet builder for bureau staff (/promote, editor role), and the public files it hands out:
QR codes, map images and flyers (they show only public catalog data, so partners, print shops and oEmbed
consumers fetch them without an account), and the counting image of web.share.channels. Thin: see web.share."""
from __future__ import annotations

import base64

from flask import Blueprint, Response, abort, render_template, request, url_for

from catalog.model import Category
from promote import qr
from promote.flyer import render_pdf
from promote.map_image import render_png
from web.share import channels, embed_view, snippet_builder
from web.share import promote_content as content
from web.share import promote_files as files
from web.platform.links import valid_campaign, with_query
from web.platform.auth import requires
from web.platform.i18n import language_from_url_only
from web.platform.live_catalog import get_catalog

bp = Blueprint("promote", __name__)


@bp.before_request
def _url_language() -> None:
    language_from_url_only()  # public files: language from ?lang= alone, no cookie, cacheable
# The builder is a staff page: its own blueprint, so it is never compressed (its logout form carries the CSRF
# token: BREACH) nor cached, like the admin's pages.
staff = Blueprint("promote_staff", __name__)


@staff.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@staff.get("/promote")
@requires("editor")
def builder():
    """Snippet builder: choose what and how (a GET form that works without JavaScript), copy what it gives."""
    catalog = get_catalog()
    b = snippet_builder.build(request.args, catalog)
    return render_template("promote/builder.html", b=b, catalog=catalog, font_problem=files.font_problem(),
                           basemaps=list(embed_view.basemaps())), 400 if b.errors else 200

_GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")  # 1x1 transparent


@bp.get("/count.gif")
def count():
    """One view of an embed or one campaign visit (web.share.channels): counted in memory, never cached."""
    channel = request.args.get("ch", "")
    if channel in ("embed", "link", "qr", "embed-link"):
        channels.count(valid_campaign(request.args.get("c")) or "", channel)
    response = Response(_GIF, mimetype="image/gif")
    response.headers["Cache-Control"] = "no-store"
    return response


# -- public files: QR codes, map images, flyers ----------------------------------------------------------------
def _published_tour(tour_id: str):
    t = get_catalog().public_tour(tour_id)
    if t is None:
        abort(404)
    return t


def _published_site(site_id: str):
    s = get_catalog().public_site(site_id)
    if s is None:
        abort(404)
    return s


@bp.errorhandler(files.BadFileArgs)
def _bad_args(exc):
    return Response(f"400 Bad Request\n{exc.description}\n", status=400, mimetype="text/plain")


@bp.get("/promote/flyers/<tour_id>.pdf")
def flyer(tour_id: str):
    """A4 flyer of a tour (?lang=zh|en, ?c=campaign for its QR code). Every download is counted, so the
    response may be stored but must be revalidated (a cheap 304)."""
    tour, lang, campaign = _published_tour(tour_id), files.lang(), files.campaign()
    channels.count(campaign, "flyer")

    def build() -> bytes:
        catalog = get_catalog()
        return render_pdf(content.flyer(catalog, tour, lang, campaign), files.pdf_cjk_font(), content.style())

    return files.serve(("flyer", tour.id, lang, campaign), build, "application/pdf",
                       filename=f"wusheng-{tour.id}-{lang}.pdf", revalidate=True)


@bp.get("/promote/maps/tours/<tour_id>.png")
def tour_image(tour_id: str):
    """A map image of a tour for WeChat articles (?w=&h= pixels, ?lang=, ?c=, ?qr=0 to leave out the QR code)."""
    tour, lang, campaign = _published_tour(tour_id), files.lang(), files.campaign()
    (w, h), with_qr = files.image_size(), files.yes_no("qr", True)

    def build() -> bytes:
        files.check_image_font()
        image = content.tour_image(get_catalog(), tour, lang, campaign, with_qr)
        return render_png(image, w, h, content.style(), *files.font_path())

    return files.serve(("tour-png", tour.id, lang, campaign, w, h, with_qr), build, "image/png",
                       filename=f"wusheng-{tour.id}-{lang}.png")


@bp.get("/promote/maps/sites/<site_id>.png")
def site_image(site_id: str):
    site, lang, campaign = _published_site(site_id), files.lang(), files.campaign()
    (w, h), with_qr = files.image_size(), files.yes_no("qr", True)

    def build() -> bytes:
        files.check_image_font()
        return render_png(content.site_image(site, lang, campaign, with_qr), w, h, content.style(),
                          *files.font_path())

    return files.serve(("site-png", site.id, lang, campaign, w, h, with_qr), build, "image/png",
                       filename=f"wusheng-{site.id}-{lang}.png")


def _qr_page(kind: str, ident: str) -> str:
    """The page a QR code opens (a path): a tour, a site, or the map of all places (with ?theme/?category)."""
    if kind == "tours":
        return url_for("public.tour", tour_id=_published_tour(ident).id)
    if kind == "sites":
        return url_for("public.site", site_id=_published_site(ident).id)
    catalog = get_catalog()
    theme, category = request.args.get("theme", ""), request.args.get("category", "")
    if theme and catalog.theme(theme) is None:
        raise files.BadFileArgs("theme", "choice", choices=", ".join(t.id for t in catalog.themes))
    if category and category not in {c.value for c in Category}:
        raise files.BadFileArgs("category", "choice", choices=", ".join(c.value for c in Category))
    return with_query(url_for("public.sites"), {"theme": theme, "category": category}) if theme or category \
        else url_for("public.home")


@bp.get("/promote/qr/<any(tours, sites):kind>/<ident>.<any(svg, png):fmt>")
@bp.get("/promote/qr/map.<any(svg, png):fmt>", defaults={"kind": "map", "ident": ""})
def qr_code(kind: str, ident: str, fmt: str):
    """QR code of a page, tagged with ?c= (default "qr") and m=qr; SVG for print, PNG at ?size= pixels."""
    lang, campaign = files.lang(), files.campaign()
    size = files.qr_size() if fmt == "png" else 0
    target = content.page_qr_url(_qr_page(kind, ident), lang, campaign or content.QR_CAMPAIGN)
    if fmt == "svg":
        return files.serve(("qr-svg", target), lambda: qr.svg(target), "image/svg+xml")
    return files.serve(("qr-png", target, size), lambda: qr.png(target, size), "image/png")
