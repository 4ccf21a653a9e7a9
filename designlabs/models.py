"""Design Labs: multi-session workshops with a department. A lab has sessions, invited participants
(whose personal data only facilitators see, and which is anonymised on the lab's retention date),
outputs captured against sessions, grouped into themes and prioritised by dot-voting, a public
write-up and later impact entries."""

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.models.base import TimeStampedModel, bilingual


class IntendedOutput(models.TextChoices):
    GUIDANCE = "guidance", _("Guidance")
    TOOLKIT = "toolkit", _("Toolkit")
    SERVICE_MANUAL = "service_manual", _("Service Manual content")
    PRINCIPLES = "principles", _("Principles")


class LabStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    RECRUITING = "recruiting", _("Recruiting")
    RUNNING = "running", _("Running")
    REPORTING = "reporting", _("Reporting")
    CLOSED = "closed", _("Closed")


class LabQuerySet(models.QuerySet):
    def with_access(self, user):
        """Each lab with `user_facilitates` and `user_is_partner` (a member of its department or a
        partner organisation) worked out in the same query, so a page needs no more to know them."""
        from participation.models import Membership

        if not user.is_authenticated:
            return self
        organisations = Membership.objects.filter(user=user).values("organisation")
        partnered = Lab.partners.through.objects.filter(lab=OuterRef("pk"), organisation__in=organisations)
        return self.annotate(
            user_facilitates=Exists(Lab.facilitators.through.objects.filter(lab=OuterRef("pk"), user=user)),
            user_is_partner=ExpressionWrapper(
                Q(department__in=organisations) | Exists(partnered), output_field=BooleanField()
            ),
        )

    def for_workspace(self, user):
        """Labs whose workspace `user` may open: as a facilitator, an accepted participant, or staff of
        a partner organisation. Site admins see every lab."""
        from designlabs.permissions import is_lab_admin

        if not user.is_authenticated:
            return self.none()
        if is_lab_admin(user):
            return self
        from participation.models import Membership

        organisations = Membership.objects.filter(user=user).values("organisation")
        return self.filter(
            Q(pk__in=Lab.facilitators.through.objects.filter(user=user).values("lab"))
            | Q(pk__in=Participant.objects.filter(user=user, status=ParticipantStatus.ACCEPTED).values("lab"))
            | Q(department__in=organisations)
            | Q(pk__in=Lab.partners.through.objects.filter(organisation__in=organisations).values("lab"))
        )


class Lab(TimeStampedModel):
    slug = models.SlugField(max_length=120, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_cy = models.CharField(_("title (Welsh)"), max_length=200, blank=True)
    brief_en = models.TextField(_("brief (English)"), max_length=10000, help_text=_("Markdown."))
    brief_cy = models.TextField(_("brief (Welsh)"), max_length=10000, blank=True)
    policy_question_en = models.CharField(_("policy question (English)"), max_length=500)
    policy_question_cy = models.CharField(_("policy question (Welsh)"), max_length=500, blank=True)
    public_description_en = models.TextField(
        _("public description (English)"), max_length=5000, help_text=_("Shown on the lab’s public page.")
    )
    public_description_cy = models.TextField(_("public description (Welsh)"), max_length=5000, blank=True)
    department = models.ForeignKey(
        "participation.Organisation",
        on_delete=models.PROTECT,
        related_name="design_labs",
        verbose_name=_("department"),
        help_text=_("The public body the lab works with."),
    )
    partners = models.ManyToManyField(
        "participation.Organisation", blank=True, related_name="partnered_design_labs", verbose_name=_("partners")
    )
    intended_output = models.CharField(_("intended output"), max_length=20, choices=IntendedOutput)
    status = models.CharField(_("status"), max_length=12, choices=LabStatus, default=LabStatus.PLANNING)
    invitation_only = models.BooleanField(_("invitation only"), default=True)
    chatham_house = models.BooleanField(
        _("held under the Chatham House rule"),
        default=False,
        help_text=_("What was said may be published, but not who said it or which organisation they are from."),
    )
    sectors_represented = models.CharField(
        _("sectors and organisations represented"),
        max_length=300,
        blank=True,
        help_text=_(
            "In aggregate, for example “20+ organisations across statistics, research and public involvement”."
        ),
    )
    dots_per_participant = models.PositiveSmallIntegerField(
        _("dots per participant"), default=5, help_text=_("How many dots each person has to prioritise outputs.")
    )
    voting_open = models.BooleanField(_("dot-voting is open"), default=False)
    retention_date = models.DateField(
        _("delete personal data on"),
        help_text=_("Participants’ names, contact details, access needs and payments are removed on this date."),
    )
    personal_data_removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The write-up: public once published, with only outputs marked public.
    summary_en = models.TextField(_("what happened (English)"), max_length=10000, blank=True)
    summary_cy = models.TextField(_("what happened (Welsh)"), max_length=10000, blank=True)
    next_steps_en = models.TextField(_("what happens next (English)"), max_length=5000, blank=True)
    next_steps_cy = models.TextField(_("what happens next (Welsh)"), max_length=5000, blank=True)
    write_up_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    cost = models.DecimalField(_("cost (£)"), max_digits=10, decimal_places=2, null=True, blank=True)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated_labs", blank=True)
    guidance_documents = models.ManyToManyField(
        "guidance.GuidanceDocument", blank=True, related_name="design_labs", verbose_name=_("resulting guidance")
    )
    activity = models.OneToOneField(
        "participation.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="design_lab",
        editable=False,
        help_text="The engagement log record made from this lab.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = LabQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title_en

    def get_absolute_url(self):
        return reverse("designlabs:lab-detail", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return bilingual(self, "title")[0]

    @property
    def is_write_up_published(self) -> bool:
        return self.write_up_published_at is not None


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class SessionLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")
    BILINGUAL = "bilingual", _("English and Welsh")


class Session(TimeStampedModel):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="sessions")
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_cy = models.CharField(_("title (Welsh)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("in person or online"), max_length=10, choices=SessionMode)
    venue = models.CharField(_("venue"), max_length=300, blank=True, help_text=_("Shown only to participants."))
    online_link = models.URLField(_("online link"), blank=True, help_text=_("Shown only to participants."))
    agenda_en = models.TextField(_("agenda (English)"), max_length=10000, blank=True, help_text=_("Markdown."))
    agenda_cy = models.TextField(_("agenda (Welsh)"), max_length=10000, blank=True)
    access_provision = models.TextField(
        _("access provision"), max_length=2000, blank=True, help_text=_("For example step-free access, captions, BSL.")
    )
    language = models.CharField(_("language"), max_length=10, choices=SessionLanguage, default=SessionLanguage.ENGLISH)
    summary_en = models.TextField(_("what happened (English)"), max_length=5000, blank=True)
    summary_cy = models.TextField(_("what happened (Welsh)"), max_length=5000, blank=True)
    # Reminder offsets (minutes before the start) already sent, so each goes once.
    reminders_sent = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start")
        ]

    def __str__(self):
        return self.title_en

    @property
    def title(self) -> str:
        return bilingual(self, "title")[0]


class MaterialVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTICIPANTS = "participants", _("Participants only")


class Material(TimeStampedModel):
    """Pre-reading, slides or a method card: a link or an uploaded file, for one session or the whole lab."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="materials")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(upload_to="designlabs/materials/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    visibility = models.CharField(
        _("who can see it"), max_length=12, choices=MaterialVisibility, default=MaterialVisibility.PARTICIPANTS
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")), name="material_link_or_file"
            )
        ]

    def __str__(self):
        return self.title


class InformationSheet(TimeStampedModel):
    """A version of the participant information sheet people consent against."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="information_sheets")
    version = models.CharField(_("version"), max_length=20)
    body_en = models.TextField(_("text (English)"), max_length=20000, help_text=_("Markdown."))
    body_cy = models.TextField(_("text (Welsh)"), max_length=20000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["lab", "version"], name="information_sheet_version_once")]

    def __str__(self):
        return f"{self.lab} information sheet {self.version}"


class ParticipantRole(models.TextChoices):
    PUBLIC = "public", _("Public participant")
    LIVED_EXPERIENCE = "lived_experience", _("Lived-experience participant")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    EXPERT = "expert", _("Expert")
    FACILITATOR = "facilitator", _("Facilitator")
    OBSERVER = "observer", _("Observer")


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PaymentStatus(models.TextChoices):
    NONE = "none", _("Not applicable")
    DUE = "due", _("Due")
    PAID = "paid", _("Paid")


class Participant(TimeStampedModel):
    """Someone invited to a lab. Everything but role, status and attendance is personal data: only
    facilitators see it, and the retention task blanks it (`anonymised_at`) on the lab's date."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="lab_participations"
    )
    email = models.EmailField(_("email address"), blank=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole)
    status = models.CharField(_("status"), max_length=10, choices=ParticipantStatus, default=ParticipantStatus.INVITED)
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=[("en", _("English")), ("cy", _("Welsh"))], default="en"
    )
    access_needs = models.TextField(_("access needs"), max_length=2000, blank=True)
    adjustments = models.TextField(_("adjustments arranged"), max_length=2000, blank=True)
    dietary_notes = models.CharField(_("dietary requirements"), max_length=500, blank=True)
    honorarium = models.DecimalField(_("honorarium (£)"), max_digits=8, decimal_places=2, null=True, blank=True)
    expenses = models.DecimalField(_("expenses (£)"), max_digits=8, decimal_places=2, null=True, blank=True)
    payment_status = models.CharField(_("payment"), max_length=4, choices=PaymentStatus, default=PaymentStatus.NONE)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "email"], condition=~Q(email=""), name="participant_invited_once_per_lab"
            ),
            models.UniqueConstraint(
                fields=["lab", "user"], condition=Q(user__isnull=False), name="participant_user_once_per_lab"
            ),
        ]

    def __str__(self):
        # No name or address: this is what the audit log keeps, and it outlives the retention date.
        return f"{self.get_role_display()} {str(self.pk)[:8]}"

    @property
    def has_consented(self) -> bool:
        """Whether the latest consent record stands (callers prefetch `consents`)."""
        latest = max(self.consents.all(), key=lambda consent: consent.given_at, default=None)
        return latest is not None and latest.withdrawn_at is None


class Consent(models.Model):
    """Consent given against one version of the information sheet, and its withdrawal."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    sheet = models.ForeignKey(InformationSheet, on_delete=models.PROTECT, related_name="consents")
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-given_at"]

    def __str__(self):
        return f"Consent to {self.sheet}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="attendance_once_per_session")]

    def __str__(self):
        return f"{self.participant} at {self.session}"


class Theme(TimeStampedModel):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("theme"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]
        constraints = [models.UniqueConstraint(fields=["lab", "title"], name="theme_title_once_per_lab")]

    def __str__(self):
        return self.title


class OutputKind(models.TextChoices):
    INSIGHT = "insight", _("Insight")
    IDEA = "idea", _("Idea")
    RECOMMENDATION = "recommendation", _("Recommendation")
    QUESTION = "question", _("Question")


class Output(TimeStampedModel):
    """One thing captured in a session. Never attributed in public: `author` is kept for facilitators."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="outputs")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("type"), max_length=20, choices=OutputKind)
    text = models.TextField(_("text"), max_length=1000)
    theme = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="outputs")
    is_public = models.BooleanField(_("include in the public write-up"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_role = models.CharField(max_length=20, choices=ParticipantRole, blank=True)
    dot_count = models.PositiveIntegerField(default=0, editable=False)
    guidance_feedback = models.ForeignKey(
        "guidance.PilotFeedback",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lab_outputs",
        verbose_name=_("guidance feedback"),
    )
    guidance_version = models.ForeignKey(
        "guidance.GuidanceVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lab_outputs",
        verbose_name=_("guidance version"),
    )

    class Meta:
        ordering = ["-dot_count", "created_at"]
        indexes = [models.Index(fields=["lab", "-dot_count", "created_at"], name="output_priority")]

    def __str__(self):
        return self.text[:80]


class Dot(models.Model):
    """One of a participant's dots on an output. Several dots may go on one output."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="dots")
    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="dots")
    # Emptied when the lab's personal data is removed: the dot still counts, but no longer says whose it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="lab_dots"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["lab", "user"], name="dot_lab_user")]

    def __str__(self):
        return f"Dot on {self.output}"


class Impact(TimeStampedModel):
    """What came of the lab later, e.g. “guidance version 2.0 published citing this lab”."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="impacts")
    happened_on = models.DateField(_("date"))
    description_en = models.TextField(_("what happened (English)"), max_length=2000)
    description_cy = models.TextField(_("what happened (Welsh)"), max_length=2000, blank=True)
    url = models.URLField(_("link"), blank=True)
    guidance_version = models.ForeignKey(
        "guidance.GuidanceVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lab_impacts",
        verbose_name=_("guidance version"),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-happened_on"]

    def __str__(self):
        return self.description_en[:80]
