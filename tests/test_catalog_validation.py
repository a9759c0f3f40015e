"""Every kind of catalog problem is reported with its YAML path, all at once, in both languages."""
import copy
import re

import pytest

from catalog.loader import load_bytes
from catalog.problems import CatalogError
from catalog.source import read_catalog
from catalog.validation import parse
from tests.conftest import ROOT

GOOD = load_bytes((ROOT / "sites.yaml").read_bytes())


def problems_of(mutate):
    raw = copy.deepcopy(GOOD)
    mutate(raw)
    with pytest.raises(CatalogError) as info:
        parse(raw)
    return {(p.path, p.code) for p in info.value.problems}, info.value.problems


def site0(raw):
    return raw["sites"][0]


CASES = [
    ("closes before it opens", lambda r: site0(r)["hours"].__setitem__("mon", ["17:00-09:00"]),
     ("sites[0].hours.mon[0]", "closes_before_opens")),
    ("overlapping windows", lambda r: site0(r)["hours"].__setitem__("mon", ["09:00-12:00", "11:00-15:00"]),
     ("sites[0].hours.mon[1]", "overlap")),
    ("unquoted or malformed window", lambda r: site0(r)["hours"].__setitem__("tue", [930]),
     ("sites[0].hours.tue[0]", "window")),
    ("missing name", lambda r: site0(r).pop("name"), ("sites[0].name", "required")),
    ("missing English text", lambda r: site0(r)["short"].pop("en"), ("sites[0].short.en", "required")),
    ("bad category", lambda r: site0(r).__setitem__("category", "spaceport"), ("sites[0].category", "choice")),
    ("bad slug", lambda r: site0(r).__setitem__("id", "Bad Id!"), ("sites[0].id", "slug")),
    ("duplicate id", lambda r: r["sites"].append(copy.deepcopy(site0(r))), (f"sites[{len(GOOD['sites'])}].id",
                                                                            "duplicate_id")),
    ("latitude out of range", lambda r: site0(r)["location"].__setitem__("lat", 123.0),
     ("sites[0].location.lat", "range")),
    ("outside the region", lambda r: site0(r)["location"].update(lat=39.9, lon=116.4),
     ("sites[0].location", "outside_region")),
    ("bad datum", lambda r: site0(r)["location"].__setitem__("datum", "mars"), ("sites[0].location.datum", "choice")),
    ("estimate without radius", lambda r: site0(r)["location"].update(precision="estimate", radius_m=None),
     ("sites[0].location.radius_m", "radius_needed")),
    ("surveyed with a town-sized radius", lambda r: site0(r)["location"].update(precision="surveyed", radius_m=15000),
     ("sites[0].location.radius_m", "surveyed_radius")),
    ("text where number expected", lambda r: site0(r).__setitem__("visit_minutes", "an hour"),
     ("sites[0].visit_minutes", "type")),
    ("score out of range", lambda r: site0(r).__setitem__("score", 11), ("sites[0].score", "range")),
    ("unknown key", lambda r: site0(r).__setitem__("opening", "9-5"), ("sites[0].opening", "unknown_key")),
    ("bad date", lambda r: site0(r)["hours"].__setitem__("closed_dates", ["2026-02-30"]),
     ("sites[0].hours.closed_dates[0]", "date")),
    ("bad url", lambda r: site0(r).__setitem__("contact", {"url": "javascript:alert(1)"}),
     ("sites[0].contact.url", "url")),
    ("unknown theme", lambda r: site0(r).__setitem__("themes", ["no-such-theme"]),
     ("sites[0].themes[0]", "unknown_ref")),
    ("unknown source", lambda r: site0(r)["provenance"].__setitem__("sources", ["S999"]),
     ("sites[0].provenance.sources[0]", "unknown_ref")),
    ("tour stop of unknown site", lambda r: r["tours"][0]["stops"][0].__setitem__("site", "nowhere"),
     ("tours[0].stops[0].site", "unknown_ref")),
    ("tour from unknown start", lambda r: r["tours"][0].__setitem__("start", "mars"),
     ("tours[0].start", "unknown_ref")),
    ("slot outside hours", lambda r: site0(r).__setitem__("tour_slots", [
        {"days": ["mon"], "times": ["03:00"], "duration_minutes": 60}]), ("sites[0].tour_slots[0]",
                                                                          "slot_outside_hours")),
    ("control characters", lambda r: site0(r)["name"].__setitem__("en", "Bad\x07name"),
     ("sites[0].name.en", "control_chars")),
    ("sites not a list", lambda r: r.__setitem__("sites", {"a": 1}), ("sites", "type")),
    ("travel time to unknown place", lambda r: r.__setitem__("travel_times", [
        {"from": "chongqing", "to": "atlantis", "mode": "car", "minutes": 60, "source": "x"}]),
     ("travel_times[0].to", "unknown_ref")),
]


@pytest.mark.parametrize("name,mutate,expected", CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_problem_names_its_path(name, mutate, expected):
    found, _ = problems_of(mutate)
    assert expected in found


def test_every_problem_is_reported_at_once():
    """Three independent mistakes give three problems, not the first one only."""
    def mutate(r):
        site0(r)["hours"]["mon"] = ["17:00-09:00"]
        site0(r)["category"] = "spaceport"
        r["tours"][0]["start"] = "mars"
    found, _ = problems_of(mutate)
    assert {("sites[0].hours.mon[0]", "closes_before_opens"), ("sites[0].category", "choice"),
            ("tours[0].start", "unknown_ref")} <= found


def test_problem_messages_are_bilingual_with_path():
    _, problems = problems_of(lambda r: site0(r)["hours"].__setitem__("mon", ["17:00-09:00"]))
    p = next(p for p in problems if p.code == "closes_before_opens")
    assert p.text("en").startswith("sites[0].hours.mon[0]")
    assert "closes before it opens" in p.text("en")
    assert "关门时间早于开门时间" in p.text("zh")


def test_line_numbers_point_into_the_file(tmp_path):
    """The bureau is told which line of sites.yaml to fix."""
    lines = (ROOT / "sites.yaml").read_text("utf-8").splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if re.match(r"\s+mon: \[\"", line))
    lines[target] = re.sub(r"mon: .*", 'mon: ["17:00-09:00"]', lines[target])
    path = tmp_path / "s.yaml"
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    p = info.value.problems[0]
    assert (p.code, p.line) == ("closes_before_opens", target + 1)


@pytest.mark.parametrize("doc,code", [
    (b"a: &x [1, 2]\nb: *x\n", "alias"),
    (b"a: &a [x,x,x,x]\nb: &b [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\n", "alias"),
    (b"x: !!python/object/apply:os.system ['echo hi']\n", "tag"),
    (b"x: !custom 1\n", "tag"),
    (b"sites: [\n", "syntax"),
    (b"\xff\xfe\x00bad", "encoding"),
    (b"name: \"a\x00b\"\n", "control_chars"),
    (b"a: " + b"[" * 40 + b"]" * 40 + b"\n", "too_deep"),
])
def test_unsafe_or_broken_yaml_is_refused_before_use(doc, code):
    with pytest.raises(CatalogError) as info:
        load_bytes(doc)
    assert info.value.problems[0].code == code


def test_oversized_file_is_refused():
    with pytest.raises(CatalogError) as info:
        load_bytes(b"# " + b"x" * 3_000_000)
    assert info.value.problems[0].code == "too_big"


def test_duplicate_keys_are_refused_with_their_line():
    with pytest.raises(CatalogError) as info:
        load_bytes(b"sites: []\ntours: []\nsites: []\n")
    p = info.value.problems[0]
    assert (p.code, p.line) == ("duplicate_key", 3)


def _plain(node):
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node if not isinstance(node, str) else str(node)


def test_fast_reader_means_the_same_as_the_round_trip_editor_reader():
    """What the public pages serve is exactly what the editor loads and saves (one YAML 1.2 reading)."""
    from catalog.loader import load_roundtrip

    data = (ROOT / "sites.yaml").read_bytes()
    assert _plain(load_bytes(data)) == _plain(load_roundtrip(data))
    tricky = b"a: 0755\nb: 1:20\nc: NO\nd: 2026-01-01\ne: ~\nf: 1.5\ng: true\nh: '09:00'\ni: 0x1f\nj: [yes, Off]\n"
    assert _plain(load_bytes(tricky)) == _plain(load_roundtrip(tricky))


def test_surveyed_position_keeps_a_small_radius():
    """A surveyed point may say it is good to 100 m; anything wider must be an estimate, and the message says so
    in both languages without naming a field code."""
    def small(r):
        site0(r)["location"].update(precision="surveyed", radius_m=100)
        site0(r)["name"].pop("zh")  # something else wrong, so parse raises and we can see the location passed
    found, _ = problems_of(small)
    assert not any(code == "surveyed_radius" for _, code in found)
    _, problems = problems_of(lambda r: site0(r)["location"].update(precision="surveyed", radius_m=15000))
    p = next(p for p in problems if p.code == "surveyed_radius")
    assert "15000" in p.message("en") and "estimate" in p.message("en")
    assert "估算" in p.message("zh") and "100 米" in p.message("zh") and "radius_m" not in p.message("zh")
