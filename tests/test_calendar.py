"""Opening hours on real dates: weekdays, lunch closures, holidays, 调休 make-up days, closed dates."""
from datetime import date

import pytest

from catalog.model import HolidayCalendar, OpeningHours, Window
from planner.calendar import CalendarUnknown, day_info, windows_on

OFFICE = OpeningHours(weekly={d: (Window(540, 690), Window(840, 1020)) for d in ("mon", "tue", "wed", "thu", "fri")},
                      public_holidays="closed", makeup_days="workday")
MUSEUM = OpeningHours(weekly={d: (Window(540, 1020),) for d in ("tue", "wed", "thu", "fri", "sat", "sun")},
                      public_holidays="open", closed_dates=frozenset({date(2026, 12, 24)}))


def test_national_day_is_a_holiday_and_closes_offices():
    info = day_info(date(2026, 10, 1))
    assert info.kind == "holiday"
    assert windows_on(OFFICE, info) == ((), "public_holiday")
    assert windows_on(MUSEUM, info)[0] == (Window(540, 1020),)


def test_makeup_saturday_opens_workday_sites():
    """2026-10-10 is a Saturday worked in lieu of National Day: offices open, with Monday's hours."""
    info = day_info(date(2026, 10, 10))
    assert info.kind == "makeup"
    assert windows_on(OFFICE, info)[0] == (Window(540, 690), Window(840, 1020))


def test_lunch_closure_gives_two_windows():
    assert len(windows_on(OFFICE, day_info(date(2026, 12, 1)))[0]) == 2


def test_weekly_closure_and_closed_date():
    assert windows_on(MUSEUM, day_info(date(2026, 11, 30))) == ((), "weekly")  # a Monday
    assert windows_on(MUSEUM, day_info(date(2026, 12, 24))) == ((), "closed_date")


def test_catalog_calendar_overrides_libraries():
    cal = HolidayCalendar(holidays=frozenset({date(2027, 2, 8)}), workdays=frozenset({date(2027, 2, 20)}),
                          years=frozenset({2027}))
    assert day_info(date(2027, 2, 8), cal).kind == "holiday"
    assert day_info(date(2027, 2, 20), cal).kind == "makeup"
    assert not day_info(date(2027, 2, 8), cal).provisional


def test_next_year_without_a_notice_is_provisional():
    info = day_info(date(2027, 1, 1), today=date(2026, 11, 28))
    assert info.kind == "holiday" and info.provisional


@pytest.mark.parametrize("year", [2040, 1999])
def test_unknown_year_is_a_clear_error(year):
    with pytest.raises(CalendarUnknown) as info:
        day_info(date(year, 5, 1), today=date(2026, 11, 28))
    assert str(year) in info.value.message("en") and str(year) in info.value.message("zh")
