import datetime

import factory
from django.utils import timezone

from designlabs.models import (
    InformationSheet,
    IntendedOutput,
    Lab,
    LabStatus,
    Material,
    Output,
    OutputKind,
    Participant,
    ParticipantRole,
    ParticipantStatus,
    Session,
    SessionMode,
    Theme,
)
from tests.participation.factories import OrganisationFactory


class LabFactory(factory.django.DjangoModelFactory):
    """A running lab with dot-voting open; personal data kept for a year."""

    class Meta:
        model = Lab
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"design-lab-{n}")
    title_en = factory.Sequence(lambda n: f"AI tools in schools lab {n}")
    title_cy = factory.Sequence(lambda n: f"Labordy offer AI mewn ysgolion {n}")
    brief_en = "How should schools choose and use AI tools? Bring **teachers, parents and pupils** together."
    policy_question_en = "What should guidance on AI tools in schools say about involving pupils and parents?"
    public_description_en = "A Design Lab with the Department for Education on AI tools in schools."
    department = factory.SubFactory(OrganisationFactory)
    intended_output = IntendedOutput.GUIDANCE
    status = LabStatus.RUNNING
    voting_open = True
    retention_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))

    @factory.post_generation
    def facilitators(lab, create, extracted, **kwargs):
        for user in extracted or []:
            lab.facilitators.add(user)

    @factory.post_generation
    def partners(lab, create, extracted, **kwargs):
        for organisation in extracted or []:
            lab.partners.add(organisation)


class SessionFactory(factory.django.DjangoModelFactory):
    """A hybrid session a week from now, 10:00–13:00 UK time."""

    class Meta:
        model = Session

    lab = factory.SubFactory(LabFactory)
    title_en = factory.Sequence(lambda n: f"Session {n}: what good looks like")
    title_cy = factory.Sequence(lambda n: f"Sesiwn {n}: sut olwg sydd ar dda")
    starts_at = factory.LazyFunction(
        lambda: (timezone.localtime() + datetime.timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=3))
    mode = SessionMode.HYBRID
    venue = "Sanctuary Buildings, 20 Great Smith Street, London"
    online_link = "https://meet.example.org/lab-session"
    agenda_en = "1. Welcome\n2. What worries you about AI marking?\n3. Dot-voting"


class InformationSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationSheet

    lab = factory.SubFactory(LabFactory)
    version = factory.Sequence(lambda n: f"1.{n}")
    body_en = (
        "## What taking part means\n\nYou can withdraw at any time. We keep your details until the retention date."
    )


class ParticipantFactory(factory.django.DjangoModelFactory):
    """An accepted participant linked to an account; pass `user=None` and `status` for an invitation."""

    class Meta:
        model = Participant

    lab = factory.SubFactory(LabFactory)
    user = factory.SubFactory("tests.participation.factories.UserFactory")
    email = factory.LazyAttribute(
        lambda participant: participant.user.email if participant.user else "invitee@example.org"
    )
    name = factory.Faker("name", locale="en_GB")
    role = ParticipantRole.PUBLIC
    status = ParticipantStatus.ACCEPTED
    access_needs = "Step-free access and a hearing loop"
    dietary_notes = "Vegetarian"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    lab = factory.SubFactory(LabFactory)
    title = factory.Sequence(lambda n: f"Theme {n}")


class OutputFactory(factory.django.DjangoModelFactory):
    """An output row only: use the outputs service for dots so counts stay right."""

    class Meta:
        model = Output

    session = factory.SubFactory(SessionFactory)
    lab = factory.LazyAttribute(lambda output: output.session.lab)
    kind = OutputKind.IDEA
    text = factory.Sequence(lambda n: f"Idea {n}: tell parents when AI has suggested a mark")


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    lab = factory.SubFactory(LabFactory)
    title = factory.Sequence(lambda n: f"Pre-reading {n}")
    url = "https://example.org/pre-reading.pdf"
