"""iCalendar (RFC 5545) for meetings: a single event to download, and a member's subscribable feed.

Each meeting keeps one UID for life; its SEQUENCE rises with every change a calendar shows, and a
cancelled meeting stays in the feed with STATUS:CANCELLED, so calendar apps update or remove the
event rather than showing a stale copy. Times are written in UTC, which every client reads the same.
"""

import datetime
from collections.abc import Callable, Iterable

import icalendar
from django.conf import settings
from django.utils import timezone

from community.models import Meeting

PRODID = "-//Public participation in data and AI//Community meetings//EN"


def _text(meeting: Meeting, name: str, language: str) -> str:
    if language == "cy":
        return getattr(meeting, f"{name}_cy") or getattr(meeting, f"{name}_en")
    return getattr(meeting, f"{name}_en")


def meeting_event(meeting: Meeting, *, include_link: bool, language: str = "en", now=None) -> icalendar.Event:
    url = settings.SITE_URL + meeting.get_absolute_url()
    event = icalendar.Event()
    event.add("uid", meeting.ical_uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", (now or timezone.now()).astimezone(datetime.UTC))
    event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", _text(meeting, "title", language))
    description = [_text(meeting, "description", language), "", url]
    if include_link and meeting.online_link:
        description[1:1] = ["", meeting.online_link]
    event.add("description", "\n".join(description).strip())
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    location = [part for part in (meeting.venue, meeting.online_link if include_link else "") if part]
    if location:
        event.add("location", ", ".join(location))
    return event


def calendar_bytes(
    meetings: Iterable[Meeting],
    *,
    include_link: Callable[[Meeting], bool],
    name: str,
    language: str = "en",
) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    now = timezone.now()
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, include_link=include_link(meeting), language=language, now=now))
    return cal.to_ical()
