"""Reading one site of the catalog (and any recorded position): its position, hours, guided tour slots,
provenance and verifications, with the rules between them. ``catalog.validation.parse`` reads the whole file."""
from __future__ import annotations

from typing import Any

from geo.county import in_region

from . import model as m
from .fields import Walker, join
from .photos import parse_photos

SITE_KEYS = (
    "id", "status", "name", "short", "description", "category", "themes", "location", "address", "hours",
    "tour_slots", "visit_minutes", "booking", "price", "accessibility", "rules", "contact", "score",
    "provenance", "meals", "lodging", "photos",
)
LOCATION_KEYS = ("lat", "lon", "datum", "precision", "radius_m", "source")
HOURS_KEYS = (*m.WEEKDAYS, "closed_dates", "public_holidays", "holiday", "makeup_days", "last_entry_minutes",
              "assumed", "notes")
# What a provenance may declare as assumed rather than sourced (free text belongs in provenance.notes).
ASSUMABLE = ("existence", "identity", "location", "address", "hours", "last_entry", "holidays", "tour_slots",
             "visit_minutes", "booking", "price", "rules", "accessibility", "meals", "lodging", "contact")
# Facts the bureau confirms one by one (the verification queue).
VERIFIABLE = ("existence", "location", "hours", "tour_slots", "booking", "price", "accessibility")
# A "surveyed" position was checked on site or on a map: a building's entrance, not a town. Beyond this radius
# it is an estimate (docs/catalog.md).
SURVEYED_MAX_RADIUS_M = 100


def read_location(w: Walker, raw: Any, path: str, line: int | None) -> m.Location:
    d = w.mapping(raw, path, line, allowed=LOCATION_KEYS)
    lat = w.number(*w.field(d, "lat", path), lo=-90, hi=90, required=True)
    lon = w.number(*w.field(d, "lon", path), lo=-180, hi=180, required=True)
    if lat is not None and lon is not None and not in_region(lat, lon):
        w.problem(path, "outside_region", line)
    datum = w.enum(*w.field(d, "datum", path), m.Datum, [x.value for x in m.Datum], m.Datum.WGS84)
    precision = w.enum(*w.field(d, "precision", path), m.Precision, [x.value for x in m.Precision],
                       m.Precision.ESTIMATE)
    radius = w.integer(*w.field(d, "radius_m", path), lo=1, hi=100_000)
    if precision is m.Precision.ESTIMATE and radius is None and d.get("radius_m") is None:
        w.problem(join(path, "radius_m"), "radius_needed", line)
    if precision is m.Precision.SURVEYED and radius is not None and radius > SURVEYED_MAX_RADIUS_M:
        w.problem(join(path, "radius_m"), "surveyed_radius", line, max=SURVEYED_MAX_RADIUS_M, radius=radius)
    return m.Location(lat=lat or 0.0, lon=lon or 0.0, datum=datum, precision=precision, radius_m=radius,
                      source=w.text(*w.field(d, "source", path), required=True))


def _hours(w: Walker, raw: Any, path: str, line: int | None) -> m.OpeningHours:
    d = w.mapping(raw, path, line, allowed=HOURS_KEYS)
    weekly = {day: _windows(w, *w.field(d, day, path)) for day in m.WEEKDAYS}
    closed = frozenset(filter(None, (w.day(v, p, ln) for v, p, ln in w.items(w.seq(*w.field(d, "closed_dates", path)),
                                                                             join(path, "closed_dates")))))
    holiday = _windows(w, *w.field(d, "holiday", path)) if d.get("holiday") is not None else None
    return m.OpeningHours(
        weekly={k: v for k, v in weekly.items() if v}, closed_dates=closed,
        public_holidays=w.choice(*w.field(d, "public_holidays", path), ("open", "closed"), default="closed"),
        holiday_windows=holiday,
        makeup_days=w.choice(*w.field(d, "makeup_days", path), ("regular", "workday"), default="regular"),
        last_entry_min=w.integer(*w.field(d, "last_entry_minutes", path), lo=0, hi=600, default=0),
        assumed=bool(w.boolean(*w.field(d, "assumed", path))),
        notes=w.localized(*w.field(d, "notes", path)))


def _windows(w: Walker, raw: Any, path: str, line: int | None) -> tuple[m.Window, ...]:
    out: list[m.Window] = []
    for value, p, ln in w.items(w.seq(raw, path, line), path):
        win = w.window(value, p, ln)
        if win is None:
            continue
        if out and win.opens < out[-1].closes:
            w.problem(p, "overlap", ln)
            continue
        out.append(win)
    return tuple(out)


def _slots(w: Walker, raw: Any, path: str, line: int | None) -> tuple[m.TourSlot, ...]:
    out = []
    for item, p, ln in w.items(w.seq(raw, path, line), path):
        d = w.mapping(item, p, ln, allowed=("days", "times", "duration_minutes", "capacity", "language"))
        days = tuple(w.choice(v, dp, dl, m.WEEKDAYS) or "mon"
                     for v, dp, dl in w.items(w.seq(*w.field(d, "days", p), required=True), join(p, "days")))
        times = tuple(t for t in (w.time(v, tp, tl) for v, tp, tl in
                                  w.items(w.seq(*w.field(d, "times", p), required=True), join(p, "times")))
                      if t is not None)
        langs = tuple(w.choice(v, lp, ll, ("zh", "en")) or "zh"
                      for v, lp, ll in w.items(w.seq(*w.field(d, "language", p)), join(p, "language"))) or ("zh",)
        out.append(m.TourSlot(days=days, times=times,
                              duration_min=w.integer(*w.field(d, "duration_minutes", p), lo=5, hi=600, default=60,
                                                     required=True),
                              capacity=w.integer(*w.field(d, "capacity", p), lo=1, hi=10_000), language=langs))
    return tuple(out)


def read_site(w: Walker, raw: Any, path: str, line: int | None, memo: dict | None) -> m.Site:
    if memo is None:
        return _site(w, raw, path, line)
    hit = memo.get(id(raw))
    if hit is not None and hit[0] is raw and hit[1] == path:  # the very same item object, at the same place
        return hit[2]
    found = len(w.problems)
    site = _site(w, raw, path, line)
    if len(w.problems) == found:
        memo[id(raw)] = (raw, path, site)  # holding ``raw`` keeps its id from being reused
    return site


def _site(w: Walker, raw: Any, path: str, line: int | None) -> m.Site:
    d = w.mapping(raw, path, line, allowed=SITE_KEYS)
    f = lambda key: w.field(d, key, path)  # noqa: E731
    hours = _hours(w, *f("hours"))
    slots = _slots(w, *f("tour_slots"))
    _check_slots_in_hours(w, hours, slots, join(path, "tour_slots"))
    booking = w.mapping(*f("booking"), allowed=("required", "lead_hours", "phone", "url", "notes"), required=False)
    bp = join(path, "booking")
    price = w.mapping(*f("price"), allowed=("amount_cny", "notes", "assumed"), required=False)
    pp = join(path, "price")
    acc = w.mapping(*f("accessibility"), allowed=("step_free", "coach_parking", "notes"), required=False)
    ap = join(path, "accessibility")
    rules = w.mapping(*f("rules"), allowed=("photography", "closed_shoes", "min_age", "max_group", "notes"),
                      required=False)
    rp = join(path, "rules")
    contact = w.mapping(*f("contact"), allowed=("phone", "url", "wechat"), required=False)
    cp = join(path, "contact")
    return m.Site(
        id=w.slug(*f("id")),
        status=m.Status(w.choice(*f("status"), [s.value for s in m.Status], default="published")),
        name=w.localized(*f("name"), required=True), short=w.localized(*f("short"), required=True),
        description=w.localized(*f("description"), required=True),
        category=w.enum(*f("category"), m.Category, [c.value for c in m.Category], m.Category.MUSEUM),
        themes=tuple(w.slug(v, p, ln) for v, p, ln in w.items(w.seq(*f("themes")), join(path, "themes"))),
        location=read_location(w, *f("location")), address=w.localized(*f("address"), required=True),
        hours=hours, tour_slots=slots,
        visit_min=w.integer(*f("visit_minutes"), lo=5, hi=600, default=60, required=True),
        booking=m.Booking(required=bool(w.boolean(*w.field(booking, "required", bp))),
                          lead_hours=w.integer(*w.field(booking, "lead_hours", bp), lo=0, hi=24 * 60, default=0),
                          phone=w.text(*w.field(booking, "phone", bp), max_len=40),
                          url=w.url(*w.field(booking, "url", bp)), notes=w.localized(*w.field(booking, "notes", bp))),
        price=m.Price(amount_cny=w.number(*w.field(price, "amount_cny", pp), lo=0, hi=10_000),
                      notes=w.localized(*w.field(price, "notes", pp)),
                      assumed=bool(w.boolean(*w.field(price, "assumed", pp)))),
        accessibility=m.Accessibility(step_free=w.boolean(*w.field(acc, "step_free", ap), default=None),
                                      coach_parking=w.boolean(*w.field(acc, "coach_parking", ap), default=None),
                                      notes=w.localized(*w.field(acc, "notes", ap))),
        rules=m.Rules(photography=w.choice(*w.field(rules, "photography", rp),
                                           ("allowed", "restricted", "forbidden", "unknown"), default="unknown"),
                      closed_shoes=bool(w.boolean(*w.field(rules, "closed_shoes", rp))),
                      min_age=w.integer(*w.field(rules, "min_age", rp), lo=0, hi=99),
                      max_group=w.integer(*w.field(rules, "max_group", rp), lo=1, hi=10_000),
                      notes=w.localized(*w.field(rules, "notes", rp))),
        contact=m.Contact(phone=w.text(*w.field(contact, "phone", cp), max_len=40),
                          url=w.url(*w.field(contact, "url", cp)), wechat=w.text(*w.field(contact, "wechat", cp),
                                                                                  max_len=64)),
        score=w.integer(*f("score"), lo=1, hi=10, default=5, required=True),
        provenance=_provenance(w, *f("provenance")),
        meals=bool(w.boolean(*f("meals"))), lodging=bool(w.boolean(*f("lodging"))),
        photos=parse_photos(w, *f("photos")))


def _check_slots_in_hours(w: Walker, hours: m.OpeningHours, slots: tuple[m.TourSlot, ...], path: str) -> None:
    for i, slot in enumerate(slots):
        for day in slot.days:
            for t in slot.times:
                if not any(win.opens <= t < win.closes for win in hours.windows_for(day)):
                    w.problem(f"{path}[{i}]", "slot_outside_hours", time=m.fmt_minutes(t), day=day)


def _provenance(w: Walker, raw: Any, path: str, line: int | None) -> m.Provenance:
    d = w.mapping(raw, path, line, allowed=("sources", "last_verified", "confidence", "assumed", "notes", "verified"))
    verified = d.get("last_verified")
    return m.Provenance(
        sources=tuple(w.text(v, p, ln, required=True, max_len=64)
                      for v, p, ln in w.items(w.seq(*w.field(d, "sources", path)), join(path, "sources"))),
        last_verified=w.day(*w.field(d, "last_verified", path)) if verified is not None else None,
        confidence=w.enum(*w.field(d, "confidence", path), m.Confidence, [c.value for c in m.Confidence],
                          m.Confidence.LOW),
        assumed=tuple(w.choice(v, p, ln, ASSUMABLE) or ""
                      for v, p, ln in w.items(w.seq(*w.field(d, "assumed", path)), join(path, "assumed"))),
        notes=w.localized(*w.field(d, "notes", path)),
        verified=tuple(_verification(w, v, p, ln)
                       for v, p, ln in w.items(w.seq(*w.field(d, "verified", path)), join(path, "verified"))))


def _verification(w: Walker, raw: Any, path: str, line: int | None) -> m.Verification:
    d = w.mapping(raw, path, line, allowed=("fact", "source", "by", "on"))
    return m.Verification(fact=w.choice(*w.field(d, "fact", path), VERIFIABLE, required=True) or "",
                          source=w.text(*w.field(d, "source", path), required=True, max_len=300),
                          by=w.text(*w.field(d, "by", path), required=True, max_len=80),
                          on=w.day(*w.field(d, "on", path)) or m.date.min)
