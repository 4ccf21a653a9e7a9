"""Guidance on public participation: documents, their versions and sections, the review that
publishes them, the pilots and feedback that revise them, adoptions and subscriptions
(DOMAIN.md record C)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guidance.models.review import ReviewComment, Reviewed, ReviewStatus
from participation.models.base import TimeStampedModel, bilingual
from participation.models.engagement import OGL


class Topic(models.TextChoices):
    PROCUREMENT = "procurement", _("Public participation in procurement of data and AI systems")
    OFFICIAL_STATISTICS = "official_statistics", _("Public participation in developing official statistics")
    DATA_SHARING = "data_sharing", _("Public participation in data sharing through the National Data Library")
    OTHER = "other", _("Other public participation guidance")


def topic_labels(codes) -> list[str]:
    labels = dict(Topic.choices)
    return [labels[code] for code in codes if code in labels]


class Audience(models.TextChoices):
    COMMISSIONERS = "commissioners", _("Commissioners")
    PROCUREMENT = "procurement", _("Procurement professionals")
    STATISTICS_PRODUCERS = "statistics_producers", _("Statistics producers")
    DATA_OWNERS = "data_owners", _("Data owners")
    SERVICE_DESIGNERS = "service_designers", _("Service designers")
    TRADE_UNION_REPS = "trade_union_reps", _("Trade union representatives")


class Phase(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    BETA = "beta", _("Beta")
    LIVE = "live", _("Live")


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """Documents with a live version that have not been withdrawn."""
        return self.filter(current_version__isnull=False, is_withdrawn=False)


class GuidanceDocument(TimeStampedModel):
    slug = models.SlugField(max_length=120, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_cy = models.CharField(_("title (Welsh)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=1000)
    summary_cy = models.TextField(_("summary (Welsh)"), max_length=1000, blank=True)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic)
    audiences = models.JSONField(_("audiences"), default=list, blank=True, help_text="Audience codes.")
    organisation = models.ForeignKey(
        "participation.Organisation",
        on_delete=models.PROTECT,
        related_name="maintained_guidance",
        verbose_name=_("maintaining organisation"),
    )
    partners = models.ManyToManyField(
        "participation.Organisation", blank=True, related_name="partnered_guidance", verbose_name=_("partners")
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase, default=Phase.PILOT)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    licence = models.CharField(max_length=40, default=OGL)
    # The live version, kept here so the public page is one query away from its text.
    current_version = models.OneToOneField(
        "guidance.GuidanceVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("last updated"), null=True, blank=True)
    is_withdrawn = models.BooleanField(default=False)
    # What search reads: the titles, summaries and the live version's text, refreshed on publish.
    # On Postgres a generated tsvector column (migration 0002) indexes it.
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title_en"]

    def __str__(self):
        return self.title_en

    @property
    def title(self) -> str:
        return bilingual(self, "title")[0]

    @property
    def summary(self) -> str:
        return bilingual(self, "summary")[0]

    @property
    def is_published(self) -> bool:
        return self.current_version_id is not None and not self.is_withdrawn

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [labels[code] for code in self.audiences if code in labels]

    def get_absolute_url(self):
        return reverse("guidance:document-detail", kwargs={"slug": self.slug})


class ChangeType(models.TextChoices):
    MINOR = "minor", _("Minor change (corrections, no email to subscribers)")
    MAJOR = "major", _("Major change (subscribers are emailed)")


class WelshStatus(models.TextChoices):
    NONE = "none", _("Not translated")
    PARTIAL = "partial", _("Partly translated")
    COMPLETE = "complete", _("Translated")


class ImmutableVersionError(Exception):
    """A published version is a permanent record: start a new draft instead."""


class GuidanceVersion(TimeStampedModel, Reviewed):
    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name="versions")
    major = models.PositiveSmallIntegerField()
    minor = models.PositiveSmallIntegerField()
    change_type = models.CharField(_("type of change"), max_length=5, choices=ChangeType, default=ChangeType.MAJOR)
    change_note_en = models.TextField(_("change note (English)"), max_length=2000, blank=True)
    change_note_cy = models.TextField(_("change note (Welsh)"), max_length=2000, blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("supersedes")
    )
    welsh_status = models.CharField(max_length=8, choices=WelshStatus, default=WelshStatus.NONE, editable=False)
    # Bookkeeping, not content: set (by a queryset update) once every subscriber has a delivery row.
    subscribers_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-major", "-minor"]
        constraints = [
            models.UniqueConstraint(fields=["document", "major", "minor"], name="guidance_version_number_unique"),
            # One draft (or version on its way to publication) per document at a time.
            models.UniqueConstraint(
                fields=["document"], condition=~Q(status="published"), name="guidance_one_open_version"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="guidance_version_due"),
        ]

    def __str__(self):
        return f"{self.document} {self.number}"

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    def save(self, *args, **kwargs):
        if getattr(self, "_stored_status", None) == ReviewStatus.PUBLISHED:
            raise ImmutableVersionError(f"{self} is published and cannot change.")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, *args, **kwargs):
        if getattr(self, "_stored_status", None) == ReviewStatus.PUBLISHED:
            raise ImmutableVersionError(f"{self} is published and cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def is_major(self) -> bool:
        return self.change_type == ChangeType.MAJOR

    @property
    def change_note(self) -> str:
        return bilingual(self, "change_note")[0]

    def get_absolute_url(self):
        return reverse("guidance:version-detail", kwargs={"slug": self.document.slug, "number": self.number})


class GuidanceSection(TimeStampedModel):
    """One section of a version. The anchor is set when the section is first written and carried
    to every later version, so links and feedback keep pointing at the same place."""

    version = models.ForeignKey(GuidanceVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    anchor = models.SlugField(max_length=80)
    heading_en = models.CharField(_("heading (English)"), max_length=200)
    heading_cy = models.CharField(_("heading (Welsh)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"))
    body_cy = models.TextField(_("text (Welsh)"), blank=True)

    class Meta:
        ordering = ["position", "created_at"]
        constraints = [models.UniqueConstraint(fields=["version", "anchor"], name="guidance_section_anchor_unique")]

    def __str__(self):
        return self.heading_en

    @property
    def heading(self) -> str:
        return bilingual(self, "heading")[0]

    @property
    def body(self) -> tuple[str, str]:
        """The text in the active language and the language it is in."""
        return bilingual(self, "body")

    @property
    def is_translated(self) -> bool:
        return bool(self.heading_cy.strip() and self.body_cy.strip())


class VersionComment(ReviewComment):
    """Editor and reviewer talking about a version on its way to publication."""

    version = models.ForeignKey(GuidanceVersion, on_delete=models.CASCADE, related_name="comments")


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Pilot(TimeStampedModel):
    """An organisation trying out a published version, and telling us how it went."""

    version = models.ForeignKey(GuidanceVersion, on_delete=models.PROTECT, related_name="pilots")
    organisation = models.ForeignKey("participation.Organisation", on_delete=models.PROTECT, related_name="pilots")
    contact_role = models.CharField(_("contact (role title)"), max_length=200)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PilotStatus, default=PilotStatus.ACTIVE)
    projects = models.ManyToManyField(
        "participation.Project", blank=True, related_name="guidance_pilots", verbose_name=_("projects it is applied to")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-starts_on"]
        constraints = [models.UniqueConstraint(fields=["version", "organisation"], name="pilot_once_per_version")]

    def __str__(self):
        return f"{self.organisation} piloting {self.version}"


class FeedbackType(models.TextChoices):
    UNCLEAR = "unclear", _("Unclear")
    MISSING = "missing", _("Something is missing")
    WRONG = "wrong", _("Something is wrong")
    HARD_TO_APPLY = "hard_to_apply", _("Hard to apply")
    IMPACT = "impact", _("Evidence of impact")


class TriageStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DEFERRED = "deferred", _("Deferred")
    ADDRESSED = "addressed", _("Addressed")


class PilotFeedback(TimeStampedModel):
    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="feedback")
    # The version the feedback is about (the pilot's), kept here for the triage queue's filters.
    version = models.ForeignKey(GuidanceVersion, on_delete=models.PROTECT, related_name="feedback")
    section_anchor = models.SlugField(_("section"), max_length=80, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="guidance_feedback"
    )
    submitter_role = models.CharField(_("your role"), max_length=200, blank=True)
    feedback_type = models.CharField(_("type of feedback"), max_length=15, choices=FeedbackType)
    rating = models.PositiveSmallIntegerField(_("how useful is this section"), null=True, blank=True)
    text = models.TextField(_("your feedback"), max_length=5000)
    activity = models.ForeignKey(
        "participation.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guidance_feedback",
        verbose_name=_("engagement activity that applied it"),
    )
    may_publish = models.BooleanField(_("we may publish this feedback"), default=False)
    show_organisation = models.BooleanField(_("name our organisation when publishing it"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=TriageStatus, default=TriageStatus.NEW)
    response = models.TextField(_("response"), max_length=5000, blank=True)
    addressed_in = models.ForeignKey(
        GuidanceVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="addressed_feedback",
        verbose_name=_("version that addresses it"),
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="feedback_rating_range"
            )
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="feedback_triage_queue")]

    def __str__(self):
        return f"{self.get_feedback_type_display()} on {self.version}"


class Adoption(TimeStampedModel):
    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey("participation.Organisation", on_delete=models.PROTECT, related_name="adoptions")
    version = models.ForeignKey(GuidanceVersion, on_delete=models.PROTECT, related_name="adoptions")
    adopted_on = models.DateField(_("date adopted"))
    evidence_url = models.URLField(_("link to evidence"), blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-adopted_on"]
        constraints = [models.UniqueConstraint(fields=["document", "organisation"], name="adoption_once_per_org")]

    def __str__(self):
        return f"{self.organisation} adopted {self.version}"


class Subscription(models.Model):
    """Someone who wants an email when a document, or any document on a topic, changes in a major way."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guidance_subscriptions")
    document = models.ForeignKey(
        GuidanceDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    topic = models.CharField(max_length=30, choices=Topic, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(document__isnull=False) & Q(topic="")) | (Q(document__isnull=True) & ~Q(topic="")),
                name="subscription_document_or_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "document"], condition=Q(document__isnull=False), name="subscription_document_once"
            ),
            models.UniqueConstraint(fields=["user", "topic"], condition=~Q(topic=""), name="subscription_topic_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.document or self.get_topic_display()}"


class GlossaryTerm(TimeStampedModel):
    """A shared term; wherever guidance uses it, it links here."""

    slug = models.SlugField(max_length=80, unique=True)
    term_en = models.CharField(_("term (English)"), max_length=120, unique=True)
    term_cy = models.CharField(_("term (Welsh)"), max_length=120, blank=True)
    definition_en = models.TextField(_("definition (English)"), max_length=2000)
    definition_cy = models.TextField(_("definition (Welsh)"), max_length=2000, blank=True)

    class Meta:
        ordering = ["term_en"]

    def __str__(self):
        return self.term_en

    @property
    def term(self) -> str:
        return bilingual(self, "term")[0]

    @property
    def definition(self) -> str:
        return bilingual(self, "definition")[0]


class StoredPDF(models.Model):
    """A PDF rendered once per language by the PDF service in a worker, then served from storage
    (guidance.services.pdfs)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    language = models.CharField(max_length=2)
    status = models.CharField(max_length=8, choices=Status, default=Status.PENDING)
    file = models.FileField(upload_to="guidance/pdf/", blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class VersionPDF(StoredPDF):
    version = models.ForeignKey(GuidanceVersion, on_delete=models.CASCADE, related_name="pdfs")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "language"], name="version_pdf_once_per_language")]

    def __str__(self):
        return f"{self.version} PDF ({self.language})"
