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
    "${alert(document.domain)}${window.__xss=1}",
    "`+(window.__xss=1)+`",
    "\\${window.__xss=1}",
    "<a href=\"data:text/html,<script>parent.__xss=1</script>\">x</a>",
    "</script><img src=x onerror=window.__xss=1>",
    "</SCRIPT><SCRIPT>window.__xss=1</SCRIPT>",
    "<scr<script>ipt>window.__xss=1</script>",
    "<body onload=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<video><source onerror=window.__xss=1>",
    "<audio src=x onerror=window.__xss=1>",
    "<marquee onstart=window.__xss=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<object data=\"javascript:window.__xss=1\">",
    "<embed src=\"javascript:window.__xss=1\">",
    "<form action=javascript:window.__xss=1><button>x</button></form>",
    "<base href=\"javascript:window.__xss=1//\">",
    "<meta http-equiv=refresh content=\"0;url=javascript:window.__xss=1\">",
    "<link rel=import href=data:text/html,<script>parent.__xss=1</script>>",
    "<isindex action=javascript:window.__xss=1 type=image>",
    "\" onmouseover=\"window.__xss=1\" x=\"",
    "' onmouseover='window.__xss=1' x='",
    "javascript&colon;window.__xss=1",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "%3Cscript%3Ewindow.__xss=1%3C/script%3E",
    "\\x3cscript\\x3ewindow.__xss=1\\x3c/script\\x3e",
    "<svg><script>window.__xss=1</script></svg>",
    "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>",
    "<img src=\"x` `<script>window.__xss=1</script>\"` `>",
    "\u2028</script><script>window.__xss=1</script>\u2029",
    "\u2029${window.__xss=1}\u2028",
    "<!--><svg onload=window.__xss=1>",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=1>\">",
    "<template><script>window.__xss=1</script></template>",
    "{{constructor.constructor('window.__xss=1')()}}",
    "<div style=\"background:url(javascript:window.__xss=1)\">",
    "');window.__xss=1;('",
    "\");window.__xss=1;(\"",
]

TEXT_FIELDS = ("name", "short", "description", "address")


def hostile_catalog(source: Path, target: Path, payloads=PAYLOADS) -> list[str]:
    """Copy a catalog with payloads in every text field of every published site and tour; return the site ids."""
    yaml = YAML(typ="safe", pure=False)
    data = yaml.load(source.read_text("utf-8"))
    ids = []
    published = [s for s in data["sites"] if s.get("status", "published") == "published"]
    per_site = -(-len(payloads) // len(published))  # every payload lands in every text field of some site
    for i, site in enumerate(published):
        p = " ".join(payloads[(i * per_site + k) % len(payloads)] for k in range(per_site))
        for key in TEXT_FIELDS:
            site[key] = {"zh": f"{p} 中文{i}", "en": f"{p} en{i}"}
        site.setdefault("hours", {})["notes"] = {"zh": p, "en": p}
        site["provenance"]["notes"] = {"zh": p, "en": p}
        ids.append(site["id"])
    per_tour = -(-len(payloads) // max(1, len(data["tours"])))
    for j, tour in enumerate(data["tours"]):
        p = " ".join(payloads[(j * per_tour + k) % len(payloads)] for k in range(per_tour))
        tour["name"] = {"zh": f"{p} 线路{j}", "en": f"{p} tour{j}"}
        tour["summary"] = {"zh": p, "en": p}
        for stop in tour["stops"]:
            stop["note"] = {"zh": p, "en": p}
    out = YAML()
    out.width = 4096
    with target.open("w", encoding="utf-8") as fh:
        out.dump(copy.deepcopy(data), fh)
    return ids
