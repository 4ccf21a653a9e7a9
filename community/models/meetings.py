"""Monthly community meetings: series, occurrences, RSVPs with a waiting list, and calendar feeds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.models.base import TimeStampedModel, bilingual


class AccessProvision(models.TextChoices):
    CAPTIONS = "captions", _("Live captions")
    BSL = "bsl", _("British Sign Language interpretation")
    WELSH_INTERPRETATION = "welsh", _("Welsh interpretation")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("First")
    SECOND = 2, _("Second")
    THIRD = 3, _("Third")
    FOURTH = 4, _("Fourth")
    LAST = -1, _("Last")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class MeetingFields(TimeStampedModel):
    """What a series and each of its meetings both have: the series' values are copied to new occurrences."""

    title_en = models.CharField(_("title (English)"), max_length=200)
    title_cy = models.CharField(_("title (Welsh)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=5000)
    description_cy = models.TextField(_("description (Welsh)"), max_length=5000, blank=True)
    online_link = models.URLField(_("online link"), blank=True, help_text=_("Shown only to people who are going."))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Leave empty for no limit."))
    provisions = models.JSONField(_("access provisions"), default=list, blank=True)
    notes_public = models.BooleanField(_("notes are public"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return bilingual(self, "title")[0]

    def provision_labels(self) -> list[str]:
        labels = dict(AccessProvision.choices)
        return [labels[code] for code in self.provisions if code in labels]


class MeetingSeries(MeetingFields):
    """A rule such as "the first Tuesday of each month at 10:00" that creates the next meetings."""

    week_of_month = models.SmallIntegerField(_("week of the month"), choices=WeekOfMonth)
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday)
    start_time = models.TimeField(_("start time (UK time)"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)
    months_ahead = models.PositiveSmallIntegerField(_("months to schedule ahead"), default=3)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title_en"]
        verbose_name_plural = "meeting series"

    def __str__(self):
        return self.title_en


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now):
        return self.filter(ends_at__gte=now).order_by("starts_at")

    def past(self, now):
        return self.filter(ends_at__lt=now).order_by("-starts_at")


class Meeting(MeetingFields):
    series = models.ForeignKey(MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings")
    # The series date this meeting stands for, even after it is moved, so the series never recreates it.
    occurrence_date = models.DateField(null=True, blank=True, editable=False)
    slug = models.SlugField(max_length=140, unique=True)
    agenda_en = models.TextField(_("agenda (English)"), blank=True)
    agenda_cy = models.TextField(_("agenda (Welsh)"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus, default=MeetingStatus.SCHEDULED)
    # iCalendar SEQUENCE: raised whenever something a calendar shows changes, so calendars update.
    sequence = models.PositiveIntegerField(default=0)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_cy = models.TextField(_("notes (Welsh)"), blank=True)
    notes_published_at = models.DateTimeField(null=True, blank=True)
    slides_url = models.URLField(_("slides"), blank=True)
    recording_url = models.URLField(_("recording"), blank=True)
    attendance_count = models.PositiveIntegerField(_("how many attended"), null=True, blank=True)
    going_count = models.PositiveIntegerField(default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(default=0, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence_date"],
                condition=Q(series__isnull=False),
                name="meeting_once_per_series_date",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="meeting_schedule")]

    def __str__(self):
        return f"{self.title_en} ({self.starts_at:%Y-%m-%d})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.going_count, 0)

    @property
    def ical_uid(self) -> str:
        return f"meeting-{self.pk}@participation"

    def get_absolute_url(self):
        return reverse("community:meeting-detail", kwargs={"slug": self.slug})


class RSVPStatus(models.TextChoices):
    GOING = "going", _("Going")
    NOT_GOING = "not_going", _("Not going")
    WAITLISTED = "waitlisted", _("On the waiting list")


class RSVP(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps")
    status = models.CharField(_("are you going?"), max_length=10, choices=RSVPStatus)
    access_needs = models.TextField(_("access needs"), max_length=2000, blank=True)
    language = models.CharField(_("preferred language"), max_length=2, default="en")
    # Waiting-list order: first come, first promoted.
    waitlisted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="rsvp_once_per_member")]
        indexes = [models.Index(fields=["meeting", "status", "waitlisted_at"], name="rsvp_waitlist_order")]

    def __str__(self):
        return f"{self.user} {self.status} {self.meeting}"


class CalendarToken(models.Model):
    """A secret URL for a member's personal calendar feed. Only its hash is stored; a new one
    revokes the old."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"calendar feed of {self.user}"


class ReminderRun(models.Model):
    """That a kind of notice has been fanned out for a meeting (one delivery row per member): the
    sweep skips it next time. The delivery rows themselves stop duplicates if it runs twice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminder_runs")
    kind = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "kind"], name="reminder_run_once")]

    def __str__(self):
        return f"{self.kind} for {self.meeting}"
