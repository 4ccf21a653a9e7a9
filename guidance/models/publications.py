"""Publications beside the guidance: case studies, blog posts, commentary, consultation responses and
event write-ups, reviewed and published like guidance versions; and the outreach events the
programme speaks at or runs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guidance.models.documents import StoredPDF, topic_labels
from guidance.models.review import ReviewComment, Reviewed, ReviewStatus
from participation.models.base import TimeStampedModel, bilingual, json_list_has
from participation.models.engagement import OGL


class PublicationKind(models.TextChoices):
    CASE_STUDY = "case_study", _("Case study")
    BLOG_POST = "blog_post", _("Blog post")
    COMMENTARY = "commentary", _("Commentary")
    CONSULTATION_RESPONSE = "consultation_response", _("Consultation response")
    EVENT_WRITE_UP = "event_write_up", _("Event write-up")


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.PUBLISHED)

    def with_any_topic(self, codes):
        return self.filter(any_topic(codes))

    def visible_to(self, user):
        """Published ones for everyone; drafts only to their authors and to guidance editors, who
        review them (guidance.permissions decides who that is)."""
        from guidance.permissions import is_guidance_editor

        if is_guidance_editor(user):
            return self.all()
        if not user.is_authenticated:
            return self.published()
        return self.filter(Q(status=ReviewStatus.PUBLISHED) | Q(authors__user=user)).distinct()


def any_topic(codes) -> Q:
    """Rows tagged with any of these guidance topic codes."""
    match = Q(pk__in=[])
    for code in codes:
        match |= json_list_has("topics", code)
    return match


class Publication(TimeStampedModel, Reviewed):
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=25, choices=PublicationKind)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_cy = models.CharField(_("title (Welsh)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=1000)
    summary_cy = models.TextField(_("summary (Welsh)"), max_length=1000, blank=True)
    body_en = models.TextField(_("text (English)"), max_length=100_000, help_text="Markdown.")
    body_cy = models.TextField(_("text (Welsh)"), max_length=100_000, blank=True, help_text="Markdown.")
    topics = models.JSONField(_("topics"), default=list, blank=True, help_text="Guidance topic codes.")
    # The date readers see; set to the day of publication unless an editor gives another.
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    licence = models.CharField(max_length=40, default=OGL)
    # Case studies describe engagement in the register; any publication may point to guidance.
    activities = models.ManyToManyField(
        "participation.Activity", blank=True, related_name="publications", verbose_name=_("engagement activities")
    )
    projects = models.ManyToManyField(
        "participation.Project", blank=True, related_name="publications", verbose_name=_("projects")
    )
    related_guidance = models.ManyToManyField(
        "guidance.GuidanceDocument", blank=True, related_name="publications", verbose_name=_("related guidance")
    )
    # Consultation responses: the consultation answered.
    consultation_title = models.CharField(_("consultation title"), max_length=300, blank=True)
    consultation_department = models.CharField(_("department consulting"), max_length=200, blank=True)
    consultation_url = models.URLField(_("link to the consultation"), blank=True)
    consultation_closes_on = models.DateField(_("consultation closing date"), null=True, blank=True)
    # What search reads besides title and summary: both bodies, refreshed on save. On Postgres a
    # generated tsvector column (migration 0004) indexes it.
    search_text = models.TextField(blank=True, editable=False)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-publication_date", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-publication_date"], name="publication_listing"),
            models.Index(fields=["status", "publish_at"], name="publication_due"),
        ]

    def __str__(self):
        return self.title_en

    @property
    def title(self) -> str:
        return bilingual(self, "title")[0]

    @property
    def summary(self) -> str:
        return bilingual(self, "summary")[0]

    @property
    def body(self) -> tuple[str, str]:
        """The text in the active language and the language it is in."""
        return bilingual(self, "body")

    @property
    def topic_labels(self) -> list[str]:
        return topic_labels(self.topics)

    @property
    def is_case_study(self) -> bool:
        return self.kind == PublicationKind.CASE_STUDY

    @property
    def is_consultation_response(self) -> bool:
        return self.kind == PublicationKind.CONSULTATION_RESPONSE

    def get_absolute_url(self):
        return reverse("publications:detail", kwargs={"slug": self.slug})


class PublicationAuthor(models.Model):
    """A member credited with writing a publication. Authors may edit it while it is a draft, and
    each may choose not to be named on the public page."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="publication_authorships")
    position = models.PositiveSmallIntegerField(default=0)
    is_named = models.BooleanField(_("name me as an author"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["publication", "user"], name="publication_author_once")]

    def __str__(self):
        return f"{self.user} on {self.publication}"


class PublicationComment(ReviewComment):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="comments")


class PublicationPDF(StoredPDF):
    """A consultation response as a PDF, to attach to the submission and to offer readers."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="pdfs")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["publication", "language"], name="publication_pdf_once_per_language")
        ]

    def __str__(self):
        return f"{self.publication} PDF ({self.language})"


class OutreachRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    PANEL = "panel", _("Panel member")
    WORKSHOP = "workshop", _("Workshop")
    HOST = "host", _("We ran it")


class OutreachEventQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)


class OutreachEvent(TimeStampedModel):
    """An event the programme speaks at or runs, for the public events page."""

    slug = models.SlugField(max_length=120, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_cy = models.CharField(_("title (Welsh)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    description_cy = models.TextField(_("description (Welsh)"), max_length=2000, blank=True)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last day (if more than one)"), null=True, blank=True)
    host = models.CharField(_("host"), max_length=200)
    location = models.CharField(_("where"), max_length=200, blank=True, help_text="A place, or “Online”.")
    role = models.CharField(_("our role"), max_length=10, choices=OutreachRole)
    url = models.URLField(_("link to the event"), blank=True)
    slides_url = models.URLField(_("link to the slides"), blank=True)
    slides_file = models.FileField(_("slides"), upload_to="guidance/slides/", blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True, help_text="Guidance topic codes.")
    write_up = models.ForeignKey(
        Publication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_events",
        verbose_name=_("write-up"),
        limit_choices_to={"kind": PublicationKind.EVENT_WRITE_UP},
    )
    is_listed = models.BooleanField(_("show on the events page"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = OutreachEventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="outreach_event_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["is_listed", "starts_on"], name="outreach_event_listing")]

    def __str__(self):
        return self.title_en

    @property
    def title(self) -> str:
        return bilingual(self, "title")[0]

    @property
    def description(self) -> str:
        return bilingual(self, "description")[0]

    @property
    def topic_labels(self) -> list[str]:
        return topic_labels(self.topics)

    def get_absolute_url(self):
        return reverse("publications:event-detail", kwargs={"slug": self.slug})
