"""Public pages for tourists."""
from flask import Blueprint

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    return "武胜工业游 Wusheng Industrial Trails"
