import factory
from django.utils import timezone

from participation.models import Activity, ActivityMethod, ParticipantGroup, Project, Recommendation
from participation.models.vocabularies import (
    ActivityStatus,
    LifecyclePhase,
    ParticipationLevel,
    ProjectType,
    PublicationStatus,
    Recruitment,
    RepresentationType,
)
from tests.participation.factories import OrganisationFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"project-{n}")
    title_en = factory.Sequence(lambda n: f"AI marking assistant for schools {n}")
    title_cy = factory.Sequence(lambda n: f"Cynorthwyydd marcio AI i ysgolion {n}")
    summary_en = "An AI tool that suggests marks for written work, for teachers to check."
    project_type = ProjectType.AI_TOOL
    lifecycle_phase = LifecyclePhase.ALPHA
    planned_level = ParticipationLevel.INVOLVE

    class Params:
        published = factory.Trait(
            publication_status=PublicationStatus.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"activity-{n}")
    title_en = factory.Sequence(lambda n: f"Teachers’ and parents’ deliberative workshop {n}")
    summary_en = "Three workshops with teachers, parents and pupils on AI marking."
    status = ActivityStatus.COMPLETED
    level_promised = ParticipationLevel.INVOLVE
    level_achieved = ParticipationLevel.CONSULT

    class Params:
        published = factory.Trait(
            publication_status=PublicationStatus.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )

    @factory.post_generation
    def projects(activity, create, extracted, **kwargs):
        if create and extracted:
            activity.projects.set(extracted)

    @factory.post_generation
    def methods(activity, create, extracted, **kwargs):
        for method in extracted or []:
            ActivityMethod.objects.create(activity=activity, method=method)


class ParticipantGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipantGroup

    activity = factory.SubFactory(ActivityFactory)
    label = "Parents of school-age children"
    representation_type = RepresentationType.LIVED_EXPERIENCE
    recruitment = Recruitment.QUOTA_SAMPLED
    invited_count = 40
    took_part_count = 32


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    activity = factory.SubFactory(ActivityFactory)
    reference = factory.Sequence(lambda n: f"R{n}")
    text_en = "Teachers must always be able to override the suggested mark."
