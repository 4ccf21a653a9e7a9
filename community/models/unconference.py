"""The yearly unconference: members propose sessions and vote; a schedule is built from the votes,
adjusted by hand, and published in versions with a public changelog."""

from django.conf import settings
from django.db import models
from django.db.models import CharField, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.models.base import TimeStampedModel, bilingual


class UnconferenceQuerySet(models.QuerySet):
    def with_votes_of(self, user_id):
        """Unconferences with `my_vote_ids`: the ids of the proposals this person voted for, joined
        by commas (None when there are none)."""
        ids = (
            Vote.objects.filter(unconference=OuterRef("pk"), user_id=user_id)
            .order_by()
            .values("unconference")
            .annotate(ids=StringAgg(Cast("proposal_id", CharField()), delimiter=Value(",")))
            .values("ids")
        )
        return self.annotate(my_vote_ids=Subquery(ids))


class Unconference(TimeStampedModel):
    meeting = models.ForeignKey(
        "community.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="unconferences"
    )
    slug = models.SlugField(max_length=120, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_cy = models.CharField(_("title (Welsh)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=5000, blank=True)
    description_cy = models.TextField(_("description (Welsh)"), max_length=5000, blank=True)
    date = models.DateField(_("date"))
    proposals_open_at = models.DateTimeField(_("proposals open"))
    proposals_close_at = models.DateTimeField(_("proposals close"))
    voting_open_at = models.DateTimeField(_("voting opens"))
    voting_close_at = models.DateTimeField(_("voting closes"))
    votes_per_member = models.PositiveSmallIntegerField(_("votes per member"), default=5)
    proposals_need_approval = models.BooleanField(_("proposals need an organiser’s approval"), default=False)
    hide_counts_until_closed = models.BooleanField(_("hide vote counts until voting closes"), default=False)
    # The published schedule's version: 0 until first published, then +1 for each published change.
    schedule_version = models.PositiveIntegerField(default=0, editable=False)
    schedule_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What members see: the placement as last published, {proposal id: {room, room_name, slot,
    # starts_at, ends_at}}, so organisers can rework the working schedule without it showing, and
    # the next publication can tell who planned to attend a session that moved.
    published_schedule = models.JSONField(default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = UnconferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposals_close_at__gt=models.F("proposals_open_at")), name="unconference_proposal_window"
            ),
            models.CheckConstraint(
                condition=Q(voting_close_at__gt=models.F("voting_open_at")), name="unconference_voting_window"
            ),
        ]

    def __str__(self):
        return self.title_en

    @property
    def title(self) -> str:
        return bilingual(self, "title")[0]

    @property
    def is_schedule_published(self) -> bool:
        return self.schedule_version > 0

    def get_absolute_url(self):
        return reverse("community:unconference-detail", kwargs={"slug": self.slug})


class Room(models.Model):
    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"))
    location = models.CharField(_("where it is, or its online link"), max_length=300, blank=True)
    is_step_free = models.BooleanField(_("step-free access"), default=True)
    accessibility_notes = models.CharField(_("accessibility notes"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["unconference", "name"], name="room_name_unique")]

    def __str__(self):
        return self.name


class TimeSlot(models.Model):
    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start")
        ]

    def __str__(self):
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class SessionFormat(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    TALK = "talk", _("Talk")
    WORKSHOP = "workshop", _("Workshop")
    SHOW_AND_TELL = "show_and_tell", _("Show and tell")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(TimeStampedModel):
    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    format = models.CharField(_("format"), max_length=15, choices=SessionFormat)
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    co_facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("co-facilitators")
    )
    needs = models.TextField(_("what the session needs"), max_length=1000, blank=True)
    needs_step_free = models.BooleanField(_("a facilitator needs step-free access"), default=False)
    status = models.CharField(max_length=10, choices=ProposalStatus, default=ProposalStatus.SUBMITTED)
    # Kept by the voting service in the same transaction as the Vote rows.
    vote_count = models.PositiveIntegerField(default=0, editable=False)
    notes = models.TextField(_("session notes"), blank=True)
    notes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-vote_count", "created_at"]
        indexes = [models.Index(fields=["unconference", "status", "-vote_count"], name="proposal_list")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:proposal-detail", kwargs={"slug": self.unconference.slug, "pk": self.pk})


class Vote(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    # The unconference too, so the per-member limit is one indexed count.
    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unconference_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="vote_once_per_proposal")]
        indexes = [models.Index(fields=["unconference", "user"], name="vote_member_count")]

    def __str__(self):
        return f"{self.user} → {self.proposal}"


class ScheduledSession(models.Model):
    """A proposal placed in a room at a time. Locked ones stay put when the scheduler runs again."""

    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="sessions")
    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="session")
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="sessions")
    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="sessions")
    is_locked = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "slot"], name="one_session_per_room_and_slot")]

    def __str__(self):
        return f"{self.proposal} in {self.room} at {self.slot}"


class ScheduleChange(models.Model):
    """One entry of the public changelog: what changed in a published schedule."""

    unconference = models.ForeignKey(Unconference, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField()
    summary = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version", "-created_at"]

    def __str__(self):
        return f"v{self.version}: {self.summary[:40]}"


class AgendaItem(models.Model):
    """A member planning to attend a session: their personal agenda, and who to tell when it moves."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_items")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="agenda_items")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "proposal"], name="agenda_item_once")]

    def __str__(self):
        return f"{self.user} plans {self.proposal}"
