"""Dates and times as the portal reads them: one time zone (Asia/Ho_Chi_Minh, UTC+7, no
daylight saving) for naive times and for "which day" questions."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "+07:00")


def local_day(when: datetime) -> date:
    """The calendar day of `when` in Vietnam, whatever zone it was written with."""
    return when.astimezone(VN_TZ).date()


def start_of_day(day: date) -> datetime:
    """Midnight of `day` in Vietnam (news written with a date only are dated so)."""
    return datetime(day.year, day.month, day.day, tzinfo=VN_TZ)
