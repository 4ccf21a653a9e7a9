"""URL name → (method, expected status per persona) for the community meetings URLs; see
tests/participation/test_permissions.py, which checks that every route has a row somewhere."""

from tests.community.personas import LOGIN, PERSONAS

PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**PUBLIC, "anonymous": LOGIN}
ORGANISERS = {**dict.fromkeys(PERSONAS, 403), "anonymous": LOGIN, "organiser": 200, "site_admin": 200}

MATRIX: dict = {
    "community:meeting-list": ("get", PUBLIC),
    "community:meeting-archive": ("get", PUBLIC),
    "community:meeting-detail": ("get", PUBLIC),
    "community:meeting-ics": ("get", PUBLIC),
    # The secret token is the credential: anyone holding it gets the feed (see test_calendar.py for a bad token).
    "community:calendar-feed": ("get", PUBLIC),
    "community:meeting-rsvp": ("get", SIGNED_IN),
    "community:calendar-settings": ("get", SIGNED_IN),
    "community:meeting-create": ("get", ORGANISERS),
    "community:meeting-edit": ("get", ORGANISERS),
    "community:meeting-cancel": ("get", ORGANISERS),
    "community:meeting-notes": ("get", ORGANISERS),
    "community:meeting-attendees": ("get", ORGANISERS),
    "community:series-list": ("get", ORGANISERS),
    "community:series-create": ("get", ORGANISERS),
    "community:series-edit": ("get", ORGANISERS),
}
