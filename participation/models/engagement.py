"""The engagement log: data/AI projects, the engagement activities run for them, who took part,
what they recommended and what the public body did about it (DOMAIN.md records A and B)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.models.base import TimeStampedModel, bilingual
from participation.models.organisations import Membership
from participation.models.vocabularies import (
    ActivityStatus,
    DeliveryLanguage,
    EngagementIntent,
    LifecyclePhase,
    Method,
    Modality,
    ParticipationLevel,
    ProcurementStage,
    ProjectType,
    PublicationStatus,
    Recruitment,
    RepresentationType,
    ResponseStatus,
)

OGL = "OGL-UK-3.0"
# Published participant figures below this are shown as "fewer than 5", so no one is identifiable.
SMALL_COUNT_THRESHOLD = 5


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def visible_to(self, user):
        """Published records for everyone; every record of the organisations a person belongs to."""
        if not user.is_authenticated:
            return self.published()
        member_of = Membership.objects.filter(user=user).values("organisation")
        return self.filter(Q(publication_status=PublicationStatus.PUBLISHED) | Q(organisation__in=member_of))

    def editable_by(self, user):
        if not user.is_authenticated:
            return self.none()
        editor_of = Membership.objects.filter(
            user=user, role__in=[Membership.Role.EDITOR, Membership.Role.ORG_ADMIN]
        ).values("organisation")
        return self.filter(organisation__in=editor_of)


class PublishableRecord(TimeStampedModel):
    """What every register record has: an owner, a publication state, a version and a licence."""

    organisation = models.ForeignKey("participation.Organisation", on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(max_length=120, unique=True)
    publication_status = models.CharField(
        _("publication status"), max_length=12, choices=PublicationStatus, default=PublicationStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    licence = models.CharField(max_length=40, default=OGL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED

    @property
    def title(self) -> str:
        return bilingual(self, "title")[0]


class Project(PublishableRecord):
    organisation = models.ForeignKey("participation.Organisation", on_delete=models.PROTECT, related_name="projects")
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_cy = models.CharField(_("title (Welsh)"), max_length=200, blank=True)
    summary_en = models.TextField(_("short description (English)"), max_length=1000)
    summary_cy = models.TextField(_("short description (Welsh)"), max_length=1000, blank=True)
    description_en = models.TextField(_("detailed description (English)"), blank=True)
    description_cy = models.TextField(_("detailed description (Welsh)"), blank=True)
    project_type = models.CharField(_("type of project"), max_length=30, choices=ProjectType)
    lifecycle_phase = models.CharField(_("lifecycle phase"), max_length=20, choices=LifecyclePhase)
    procurement_stage = models.CharField(_("procurement stage"), max_length=30, choices=ProcurementStage, blank=True)
    procurement_notice_ids = models.CharField(_("Find a Tender notice IDs"), max_length=200, blank=True)
    team = models.CharField(_("team"), max_length=200, blank=True)
    sro_role = models.CharField(_("senior responsible owner (role title)"), max_length=200, blank=True)
    affected_communities = models.TextField(_("communities and groups affected"), blank=True)
    decisions_open_en = models.TextField(_("decisions open to public influence (English)"), blank=True)
    decisions_open_cy = models.TextField(_("decisions open to public influence (Welsh)"), blank=True)
    decisions_fixed_en = models.TextField(_("what is fixed and not negotiable (English)"), blank=True)
    decisions_fixed_cy = models.TextField(_("what is fixed and not negotiable (Welsh)"), blank=True)
    planned_level = models.CharField(
        _("planned participation level"), max_length=12, choices=ParticipationLevel, blank=True
    )
    planned_level_rationale = models.TextField(_("why this level"), blank=True)
    engagement_intent = models.CharField(
        _("engagement status"), max_length=14, choices=EngagementIntent, default=EngagementIntent.PLANNED
    )
    atrs_url = models.URLField(_("algorithmic transparency (ATRS) record"), blank=True)
    impact_assessment_url = models.URLField(_("impact assessment (DPIA or EqIA)"), blank=True)
    datasets_url = models.URLField(_("datasets or statistics release"), blank=True)
    website = models.URLField(_("project website"), blank=True)
    contact_email = models.EmailField(_("public contact mailbox"), blank=True)
    delivers_services_in_wales = models.BooleanField(_("delivers services in Wales"), default=False)
    welsh_impact_considered = models.BooleanField(_("Welsh-language impact considered"), default=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["publication_status", "-published_at"], name="project_register"),
            models.Index(fields=["organisation", "publication_status", "-published_at"], name="project_org_register"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(publication_status="published") | Q(published_at__isnull=False),
                name="project_published_has_date",
            )
        ]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("register:project-detail", kwargs={"slug": self.slug})


class Activity(PublishableRecord):
    organisation = models.ForeignKey("participation.Organisation", on_delete=models.PROTECT, related_name="activities")
    projects = models.ManyToManyField(Project, related_name="activities")
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_cy = models.CharField(_("title (Welsh)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=2000)
    summary_cy = models.TextField(_("summary (Welsh)"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActivityStatus, default=ActivityStatus.PLANNED)
    # Plan
    purpose = models.TextField(_("purpose"), blank=True)
    decisions_informed = models.TextField(_("decisions it informs"), blank=True)
    decision_maker_role = models.CharField(_("decision-maker (role)"), max_length=200, blank=True)
    lifecycle_stage = models.CharField(_("lifecycle stage"), max_length=20, choices=LifecyclePhase, blank=True)
    level_promised = models.CharField(
        _("participation level promised"), max_length=12, choices=ParticipationLevel, blank=True
    )
    # Run
    method_description = models.TextField(_("how it was run"), blank=True)
    modality = models.CharField(_("in person or online"), max_length=10, choices=Modality, blank=True)
    locations = models.CharField(_("locations"), max_length=300, blank=True)
    session_count = models.PositiveSmallIntegerField(_("number of sessions"), null=True, blank=True)
    contact_hours = models.DecimalField(_("total contact hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    delivery_language = models.CharField(_("language"), max_length=10, choices=DeliveryLanguage, blank=True)
    interpretation_provided = models.BooleanField(_("interpretation or translation provided"), default=False)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("start date"), null=True, blank=True)
    actual_end = models.DateField(_("end date"), null=True, blank=True)
    delivery_partner = models.CharField(_("delivery partner"), max_length=200, blank=True)
    cost_total = models.DecimalField(_("total cost (£)"), max_digits=12, decimal_places=2, null=True, blank=True)
    cost_includes_vat = models.BooleanField(_("cost includes VAT"), default=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    # Report
    level_achieved = models.CharField(
        _("participation level achieved"), max_length=12, choices=ParticipationLevel, blank=True
    )
    reflection = models.TextField(_("reflection on the level achieved"), blank=True)
    findings_en = models.TextField(_("what people said (English)"), blank=True)
    findings_cy = models.TextField(_("what people said (Welsh)"), blank=True)
    findings_reported_on = models.DateField(_("date findings were reported"), null=True, blank=True)
    report_url = models.URLField(_("published report"), blank=True)
    # Respond
    what_changed_en = models.TextField(_("what changed (English)"), blank=True)
    what_changed_cy = models.TextField(_("what changed (Welsh)"), blank=True)
    participants_told_on = models.DateField(_("date participants were told"), null=True, blank=True)
    participants_told_how = models.CharField(_("how participants were told"), max_length=200, blank=True)
    response_published_on = models.DateField(_("date the response was published"), null=True, blank=True)
    # Evaluation
    evaluator = models.CharField(_("independent evaluator"), max_length=200, blank=True)
    evaluation_url = models.URLField(_("evaluation report"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    chatham_house = models.BooleanField(_("held under the Chatham House rule"), default=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["publication_status", "-published_at"], name="activity_register"),
            models.Index(fields=["organisation", "publication_status", "-published_at"], name="activity_org_register"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(publication_status="published") | Q(published_at__isnull=False),
                name="activity_published_has_date",
            )
        ]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("register:activity-detail", kwargs={"slug": self.slug})


class ActivityMethod(models.Model):
    """One method an activity used; a row per method so the register can filter by it."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="methods")
    method = models.CharField(max_length=30, choices=Method)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "method"], name="activity_method_unique")]
        indexes = [models.Index(fields=["method", "activity"], name="activity_method_lookup")]

    def __str__(self):
        return self.get_method_display()


class ParticipantGroup(TimeStampedModel):
    """Who took part, in aggregate: never individuals."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participant_groups")
    label = models.CharField(_("who they are"), max_length=200)
    representation_type = models.CharField(_("whom they represent"), max_length=20, choices=RepresentationType)
    recruitment = models.CharField(_("how they were recruited"), max_length=20, choices=Recruitment)
    recruiter = models.CharField(_("recruiter or delivery partner"), max_length=200, blank=True)
    invited_count = models.PositiveIntegerField(_("number invited"), null=True, blank=True)
    took_part_count = models.PositiveIntegerField(_("number who took part"), null=True, blank=True)
    completed_count = models.PositiveIntegerField(_("number who completed"), null=True, blank=True)
    demographic_summary = models.TextField(_("demographic profile (aggregate only)"), blank=True)
    payment_per_person = models.DecimalField(
        _("payment per person (£)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    expenses_covered = models.BooleanField(_("expenses covered"), default=False)
    access_adjustments = models.TextField(_("access adjustments"), blank=True)
    includes_under_18s = models.BooleanField(_("includes people under 18"), default=False)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.label


class Recommendation(TimeStampedModel):
    """What participants said or recommended, and the public body's response: "you said, we did"."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="recommendations")
    reference = models.CharField(_("reference"), max_length=20)
    position = models.PositiveSmallIntegerField(default=0)
    text_en = models.TextField(_("what participants said (English)"))
    text_cy = models.TextField(_("what participants said (Welsh)"), blank=True)
    response_status = models.CharField(_("response"), max_length=20, choices=ResponseStatus, blank=True)
    explanation_en = models.TextField(_("reasons (English)"), blank=True)
    explanation_cy = models.TextField(_("reasons (Welsh)"), blank=True)
    action_en = models.TextField(_("what we did (English)"), blank=True)
    action_cy = models.TextField(_("what we did (Welsh)"), blank=True)
    owner_role = models.CharField(_("owner (role)"), max_length=200, blank=True)
    due_on = models.DateField(_("response due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence_url = models.URLField(_("evidence"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "reference"], name="recommendation_reference_unique")
        ]
        indexes = [
            models.Index(
                fields=["due_on"], name="recommendation_awaiting", condition=Q(response_status="") | Q(done_on=None)
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.text_en[:60]}"

    @property
    def has_response(self) -> bool:
        return bool(self.response_status)

    @property
    def is_overdue(self) -> bool:
        return self.due_on is not None and self.done_on is None and self.due_on < timezone.localdate()


class EvidenceFile(TimeStampedModel):
    """A document behind an activity, stored under a generated name and served only as an attachment."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence_files")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(_("publish with the record"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.title


class PublicChange(models.Model):
    """One entry in a published record's public change history."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, null=True, blank=True, related_name="changes")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="changes")
    version = models.PositiveIntegerField()
    summary = models.CharField(max_length=500)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False, activity__isnull=True)
                | Q(project__isnull=True, activity__isnull=False),
                name="public_change_one_record",
            )
        ]

    def __str__(self):
        return f"v{self.version}: {self.summary}"


def shown_count(count: int | None) -> str | int | None:
    """A participant count as the public may see it."""
    if count is not None and 0 < count < SMALL_COUNT_THRESHOLD:
        return _("fewer than 5")
    return count
