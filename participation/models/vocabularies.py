"""Controlled vocabularies for the engagement log: stored and exported as codes, shown with
bilingual labels (DOMAIN.md records A and B)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProjectType(models.TextChoices):
    AI_TOOL = "ai_tool", _("Algorithmic or AI tool")
    DATA_SHARING = "data_sharing", _("Data sharing or linkage (including the National Data Library)")
    OFFICIAL_STATISTICS = "official_statistics", _("Official statistics")
    PROCUREMENT = "procurement", _("Procurement of a data or AI system")
    PLATFORM = "platform", _("Data platform or infrastructure")
    POLICY = "policy", _("Policy or strategy")


class LifecyclePhase(models.TextChoices):
    IDEA = "idea", _("Idea")
    DISCOVERY = "discovery", _("Discovery")
    ALPHA = "alpha", _("Alpha")
    PRIVATE_BETA = "private_beta", _("Private beta")
    PUBLIC_BETA = "public_beta", _("Public beta")
    LIVE = "live", _("Live")
    RETIRED = "retired", _("Retired")


class ProcurementStage(models.TextChoices):
    PRE_MARKET = "pre_market", _("Pre-market engagement")
    REQUIREMENTS = "requirements", _("Requirements")
    TENDER = "tender", _("Tender")
    EVALUATION = "evaluation", _("Evaluation")
    AWARD = "award", _("Award")
    CONTRACT_MANAGEMENT = "contract_management", _("Contract management")
    EXIT = "exit", _("Exit")


class ParticipationLevel(models.TextChoices):
    """The IAP2 spectrum of public participation, from least to most public influence."""

    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    COLLABORATE = "collaborate", _("Collaborate")
    EMPOWER = "empower", _("Empower")


class EngagementIntent(models.TextChoices):
    NONE_PLANNED = "none_planned", _("None planned")
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    COMPLETED = "completed", _("Completed")


class Method(models.TextChoices):
    CITIZENS_ASSEMBLY = "citizens_assembly", _("Citizens’ assembly")
    CITIZENS_JURY = "citizens_jury", _("Citizens’ jury")
    DELIBERATIVE_WORKSHOP = "deliberative_workshop", _("Deliberative workshop or dialogue")
    PUBLIC_PANEL = "public_panel", _("Public panel (standing)")
    FOCUS_GROUP = "focus_group", _("Focus group")
    SURVEY = "survey", _("Survey or poll")
    PUBLIC_CONSULTATION = "public_consultation", _("Public consultation")
    COMMUNITY_EVENT = "community_event", _("Community event or roadshow")
    USER_RESEARCH = "user_research", _("User research")
    ADVISORY_BOARD = "advisory_board", _("Advisory board or oversight group")
    LIVED_EXPERIENCE_PANEL = "lived_experience_panel", _("Lived-experience panel")
    WORKER_CONSULTATION = "worker_consultation", _("Worker or trade union consultation")
    CO_DESIGN = "co_design", _("Co-design session")
    ONLINE_FORUM = "online_forum", _("Online forum or crowdsourcing")
    DESIGN_LAB = "design_lab", _("Design Lab")
    OTHER = "other", _("Other")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class DeliveryLanguage(models.TextChoices):
    ENGLISH = "english", _("English")
    WELSH = "welsh", _("Welsh")
    BILINGUAL = "bilingual", _("Bilingual (English and Welsh)")
    OTHER = "other", _("Other")


class RepresentationType(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", _("Themselves or their lived experience")
    AFFECTED_COMMUNITY = "affected_community", _("An affected community")
    ORGANISATION = "organisation", _("An organisation or constituency")
    WORKERS = "workers", _("Workers or a trade union")
    EXPERT = "expert", _("Experts or stakeholders")


class Recruitment(models.TextChoices):
    OPEN = "open", _("Open to anyone")
    QUOTA_SAMPLED = "quota_sampled", _("Quota-sampled (sortition or agency)")
    INVITED = "invited", _("Invited")


class ResponseStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
