"""Hostile strings for escaping tests. Each tries to run ``window.__xss = 1`` (or break a page) from catalog text."""
from __future__ import annotations

import copy
from pathlib import Path

from ruamel.yaml import YAML

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=1\">",
    "<svg onload=window.__xss=1>",
    "${window.__xss=1}",
    "`;window.__xss=1;`",
    "\\`${window.__xss=1}\\`",
    "\"><img src=x onerror=window.__xss=1>",
    "'><img src=x onerror=window.__xss=1>",
    "javascript:window.__xss=1",
    "<a href=\"javascript:window.__xss=1\">x</a>",
    "{{ 7*7 }} {% raw %}",
    "\u2028window.__xss=1\u2029",
    "</textarea><script>window.__xss=1</script>",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\">",
    "<style>body{display:none}</style>",
    "<!--<script>window.__xss=1</script>-->",
    "]]><script>window.__xss=1</script>",
    "\\u003cscript\\u003ewindow.__xss=1\\u003c/script\\u003e",
    "<details open ontoggle=window.__xss=1>",
]

TEXT_FIELDS = ("name", "short", "description", "address")


def hostile_catalog(source: Path, target: Path, payloads=PAYLOADS) -> list[str]:
    """Copy a catalog with payloads in every text field of every published site and tour; return the site ids."""
    yaml = YAML(typ="safe", pure=False)
    data = yaml.load(source.read_text("utf-8"))
    ids = []
    for i, site in enumerate(s for s in data["sites"] if s.get("status", "published") == "published"):
        p = payloads[i % len(payloads)]
        for key in TEXT_FIELDS:
            site[key] = {"zh": f"{p} 中文{i}", "en": f"{p} en{i}"}
        site.setdefault("hours", {})["notes"] = {"zh": p, "en": p}
        site["provenance"]["notes"] = {"zh": p, "en": p}
        ids.append(site["id"])
    for j, tour in enumerate(data["tours"]):
        p = payloads[(j + 7) % len(payloads)]
        tour["name"] = {"zh": f"{p} 线路{j}", "en": f"{p} tour{j}"}
        tour["summary"] = {"zh": p, "en": p}
        for stop in tour["stops"]:
            stop["note"] = {"zh": p, "en": p}
    out = YAML()
    out.width = 4096
    with target.open("w", encoding="utf-8") as fh:
        out.dump(copy.deepcopy(data), fh)
    return ids
