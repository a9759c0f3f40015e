"""Why a site is not in the plan, and other notes, in words a visitor understands (zh and en)."""
from __future__ import annotations

from dataclasses import dataclass, field

from catalog.model import fmt_minutes

# code -> (English, Chinese). Placeholders: {name} the site, {others} names, {time} hh:mm, {hours}, {n}.
TEXTS: dict[str, tuple[str, str]] = {
    "excluded": ("You excluded it.", "您已排除此地。"),
    "closed": ("Closed on your date.", "您选择的日期闭馆。"),
    "closed_holiday": ("Closed on public holidays.", "法定节假日闭馆。"),
    "closed_date": ("Closed on that date.", "当天闭馆。"),
    "no_slot": ("Visits are by guided tour only, and no tour time fits that day.",
                "仅能随导览参观，当天没有合适的场次。"),
    "slot_full": ("No guided tour that day takes a group of {n}.", "当天没有能容纳 {n} 人的导览场次。"),
    "booking_lead": ("Must be booked at least {hours} hours ahead; that is too late for this trip.",
                     "需至少提前 {hours} 小时预约，本次行程来不及。"),
    "not_step_free": ("Not confirmed step-free.", "未确认无台阶通行。"),
    "group_too_big": ("Takes groups of at most {n}.", "团队最多 {n} 人。"),
    "min_age": ("Visitors must be at least {n}.", "游客须年满 {n} 岁。"),
    "deadline": ("Would miss your return time ({time}).", "会赶不上您的返程时间（{time}）。"),
    "window": ("Cannot be reached while it is open.", "无法在开放时间内到达。"),
    "lunch": ("Would leave no time for lunch.", "会挤掉午餐时间。"),
    "worth_less": ("Worth less to you than what it would displace: {others}.",
                   "对您来说不如它会挤掉的地点：{others}。"),
    "must_first": ("No room left beside your must-visits.", "安排必去地点后已没有时间。"),
    "no_room": ("No room for it in this plan as it stands.", "按当前行程已排不下。"),
    "not_interesting": ("Does not match your interests, and time is short.", "与您的兴趣不符，且时间有限。"),
    "transport": ("A transport hub, not a place to visit.", "交通枢纽，不是游览点。"),
    "conflict": ("{others} cannot all be fitted in: {why}", "{others} 无法全部安排：{why}"),
    "conflict_deadline": ("they cannot all be reached before {time}.", "无法在 {time} 前全部到达。"),
    "conflict_window": ("their opening times do not line up.", "开放时间无法衔接。"),
    "conflict_closed": ("one is closed on your date.", "其中有地点当天闭馆。"),
    "conflict_break": ("they leave no time for lunch.", "会挤掉午餐时间。"),
    "conflict_tours": ("there are not enough days.", "天数不够。"),
    "must_unavailable": ("{others}: {why}", "{others}：{why}"),
    "booking_needed": ("{name}: book ahead{contact}.", "{name}：需提前预约{contact}。"),
    "estimated_position": ("{name}: the position is an estimate (up to {n} km off); confirm the address before driving.",
                           "{name}：位置为估算（可能相差 {n} 公里），出发前请确认地址。"),
    "unverified_hours": ("{name}: opening hours are not confirmed by any source; call ahead.",
                         "{name}：开放时间未经核实，请提前致电确认。"),
    "provisional_holidays": ("Holiday dates for {n} are provisional until the State Council publishes them.",
                             "{n} 年节假日安排尚未由国务院公布，此处为暂定。"),
    "routing_fallback": ("The routing service did not answer; travel times are estimates.",
                         "路线服务无响应，行程时间为估算。"),
    "holiday_traffic": ("Holiday traffic on {date}: road times are planned {n}% slower than usual; leave early.",
                        "{date} 为节假日出行高峰：车程按比平时慢 {n}% 估算，请提早出发。"),
    "no_lunch_venue": ("No restaurant or tasting stop fits on day {n}: lunch is near your stops.",
                       "第 {n} 天沿途没有合适的餐厅或品鉴点，午餐在附近自行解决。"),
}


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str) -> str:
        en, zh = TEXTS[self.code]
        params = {k: (v.get(lang) if isinstance(v, dict) else v) for k, v in self.params.items()}
        return (en if lang.startswith("en") else zh).format(**params)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": {"zh": self.message("zh"), "en": self.message("en")}}


def names(items: list[tuple[str, str]], lang: str) -> str:
    """[(zh, en), ...] -> '宝箴塞、安泰丝绸' or 'Baozhen Fortress and Antai Silk'."""
    chosen = [zh if not lang.startswith("en") else en for zh, en in items]
    if lang.startswith("en"):
        return chosen[0] if len(chosen) == 1 else ", ".join(chosen[:-1]) + " and " + chosen[-1]
    return "、".join(chosen)


def bilingual_names(items: list[tuple[str, str]]) -> dict:
    return {"zh": names(items, "zh"), "en": names(items, "en")}


def clock(minutes: int) -> str:
    return fmt_minutes(minutes % 1440)
