"""Idempotent demo data: realistic organisations, one login per role, the engagement log, the guidance
(whose content lives in guidance/demo.py) and the community of practice (community/demo.py)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.dateparse import parse_datetime

from community.demo import seed_community
from designlabs.demo import seed_design_labs
from guidance.demo import seed_guidance
from participation.models import (
    Activity,
    ActivityMethod,
    Membership,
    Organisation,
    ParticipantGroup,
    PlatformRole,
    Project,
    Recommendation,
    User,
)
from participation.services import page_cache
from participation.services.audit import record_audit

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for demo logins; seed_demo refuses to run in production
# A fixed secret so the demo's staff logins can be added to any authenticator app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

ORGANISATIONS = [
    # slug, English name, Welsh name, type, GOV.UK slug, website, Welsh language regime
    ("dsit", "Department for Science, Innovation and Technology", "Yr Adran Gwyddoniaeth, Arloesi a Thechnoleg",
     Organisation.Type.MINISTERIAL, "department-for-science-innovation-and-technology",
     "https://www.gov.uk/government/organisations/department-for-science-innovation-and-technology", "scheme"),
    ("ons", "Office for National Statistics", "Swyddfa Ystadegau Gwladol", Organisation.Type.NON_MINISTERIAL,
     "office-for-national-statistics", "https://www.ons.gov.uk", "scheme"),
    ("osr", "Office for Statistics Regulation", "Swyddfa Rheoleiddio Ystadegau", Organisation.Type.REGULATOR,
     "office-for-statistics-regulation", "https://osr.statisticsauthority.gov.uk", "scheme"),
    ("dfe", "Department for Education", "Yr Adran Addysg", Organisation.Type.MINISTERIAL, "department-for-education",
     "https://www.gov.uk/government/organisations/department-for-education", "none"),
    ("dhsc", "Department of Health and Social Care", "Yr Adran Iechyd a Gofal Cymdeithasol",
     Organisation.Type.MINISTERIAL, "department-of-health-and-social-care",
     "https://www.gov.uk/government/organisations/department-of-health-and-social-care", "none"),
    ("moj", "Ministry of Justice", "Y Weinyddiaeth Gyfiawnder", Organisation.Type.MINISTERIAL, "ministry-of-justice",
     "https://www.gov.uk/government/organisations/ministry-of-justice", "scheme"),
    ("mhclg", "Ministry of Housing, Communities and Local Government",
     "Y Weinyddiaeth Tai, Cymunedau a Llywodraeth Leol", Organisation.Type.MINISTERIAL,
     "ministry-of-housing-communities-local-government",
     "https://www.gov.uk/government/organisations/ministry-of-housing-communities-local-government", "none"),
    ("welsh-government", "Welsh Government", "Llywodraeth Cymru", Organisation.Type.DEVOLVED, "welsh-government",
     "https://www.gov.wales", "standards"),
    ("connected-by-data", "Connected by Data", "Connected by Data", Organisation.Type.CIVIL_SOCIETY, "",
     "https://connectedbydata.org", "none"),
    ("tuc-cymru", "Wales TUC", "TUC Cymru", Organisation.Type.CIVIL_SOCIETY, "", "https://www.tuc.org.uk/wales",
     "none"),
]  # fmt: skip

# email, display name, platform roles, memberships as (organisation slug, role), needs MFA
EDITOR, MEMBER = Membership.Role.EDITOR, Membership.Role.MEMBER
PEOPLE = [
    ("admin@example.org", "Sam Admin", [PlatformRole.SITE_ADMIN], [], True),
    ("orgadmin@example.org", "Priya Patel", [], [("dsit", Membership.Role.ORG_ADMIN)], True),
    ("editor@example.org", "Gareth Jones", [], [("ons", EDITOR), ("welsh-government", EDITOR)], False),
    ("member@example.org", "Amira Hassan", [], [("dfe", MEMBER)], False),
    ("guidance@example.org", "Rhiannon Evans", [PlatformRole.GUIDANCE_EDITOR], [("connected-by-data", EDITOR)], True),
    ("reviewer@example.org", "Tom Okafor", [PlatformRole.GUIDANCE_EDITOR], [("osr", EDITOR)], True),
    ("facilitator@example.org", "Lowri Davies", [PlatformRole.LAB_FACILITATOR], [("connected-by-data", EDITOR)], True),
    ("moderator@example.org", "Chris Morgan", [PlatformRole.FORUM_MODERATOR], [("mhclg", MEMBER)], False),
    ("organiser@example.org", "Jess Clarke", [PlatformRole.MEETING_ORGANISER], [("connected-by-data", MEMBER)], False),
    ("public@example.org", "Dylan Roberts", [], [], False),
]  # fmt: skip


class Command(BaseCommand):
    help = "Create or update the demo data set (safe to run repeatedly)."

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("seed_demo creates accounts with a published password; it does not run in production.")
        with transaction.atomic():
            organisations = self.seed_organisations()
            logins = self.seed_people(organisations)
            created = seed_engagement(organisations)
            guidance_created = seed_guidance(organisations)
            community_created = seed_community(organisations)
            labs_created = seed_design_labs(organisations)
        self.stdout.write(f"Engagement log: {created} new records.")
        self.stdout.write(f"Guidance: {guidance_created} new records.")
        self.stdout.write(f"Community: {community_created} new records.")
        self.stdout.write(f"Design Labs: {labs_created} new records.")
        # Seeding writes rows directly: cached public pages must not outlive it.
        page_cache.content_changed()
        self.print_logins(logins)

    def seed_organisations(self) -> dict[str, Organisation]:
        organisations = {}
        for slug, name_en, name_cy, kind, govuk_slug, website, regime in ORGANISATIONS:
            organisations[slug], _ = Organisation.objects.update_or_create(
                slug=slug,
                defaults={
                    "name_en": name_en,
                    "name_cy": name_cy,
                    "type": kind,
                    "govuk_slug": govuk_slug,
                    "website": website,
                    "contact_email": f"public-engagement@{slug}.example.gov.uk",
                    "welsh_language_regime": regime,
                },
            )
        return organisations

    def seed_people(self, organisations) -> list[tuple[str, str, str]]:
        logins = []
        for email, name, roles, memberships, needs_mfa in PEOPLE:
            user, created = User.objects.get_or_create(email=email, defaults={"display_name": name})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            for role in roles:
                user.groups.add(Group.objects.get_or_create(name=role)[0])
            if PlatformRole.SITE_ADMIN in roles and not user.is_staff:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            for slug, role in memberships:
                membership, made = Membership.objects.get_or_create(
                    user=user, organisation=organisations[slug], defaults={"role": role}
                )
                if made:
                    record_audit(
                        actor=None,
                        action="participation.membership.created",
                        target=membership,
                        organisation=membership.organisation,
                        changes={"role": [None, role]},
                    )
            recovery_code = ""
            if needs_mfa:
                if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                    TOTP.activate(user, DEMO_TOTP_SECRET)
                codes = RecoveryCodes(
                    Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
                    or RecoveryCodes.activate(user).instance
                )
                recovery_code = (codes.get_unused_codes() or [""])[0]
            role_names = (
                ", ".join(
                    [str(PlatformRole(r).label) for r in roles]
                    + [f"{Membership.Role(r).label} of {organisations[s].name_en}" for s, r in memberships]
                )
                or "Signed-in member of the public"
            )
            logins.append((email, role_names, recovery_code))
        return logins

    def print_logins(self, logins) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo data is ready. Demo logins (password for all: {DEMO_PASSWORD}):"))
        for email, role_names, recovery_code in logins:
            line = f"  {email:<26} {role_names}"
            if recovery_code:
                line += f"  [two-factor: authenticator secret {DEMO_TOTP_SECRET}, or recovery code {recovery_code}]"
            self.stdout.write(line)


# The engagement log: published projects and activities for the demo organisations, with a couple of
# drafts. Dates are fixed so the demo reads the same every time; one response is left overdue.
ACCEPTED, PARTLY, NOT_ACCEPTED, CONSIDERING = "accepted", "partly", "not_accepted", "under_consideration"
PROJECTS = [
    {
        "organisation": "dfe",
        "slug": "ai-marking-assistant-for-schools",
        "title_en": "AI marking assistant for schools",
        "summary_en": "An AI tool that suggests marks and feedback for pupils’ written work. Teachers check "
        "every suggestion before a pupil sees it.",
        "project_type": "ai_tool",
        "lifecycle_phase": "alpha",
        "planned_level": "involve",
        "affected_communities": "Pupils aged 11 to 16, their parents and carers, teachers and teaching assistants",
        "decisions_open_en": "Which subjects the tool covers, how feedback is worded, what teachers see.",
        "decisions_fixed_en": "Teachers remain responsible for every mark.",
        "published": True,
        "activities": [
            {
                "slug": "ai-marking-deliberative-workshop",
                "title_en": "Deliberative workshop with teachers, parents and pupils",
                "summary_en": "Three workshops in Leeds, Bristol and online where teachers, parents and pupils "
                "weighed up AI-suggested marking.",
                "methods": ["deliberative_workshop", "focus_group"],
                "level_promised": "involve",
                "level_achieved": "involve",
                "modality": "hybrid",
                "actual_start": "2026-02-03",
                "actual_end": "2026-03-10",
                "findings_reported_on": "2026-04-02",
                "groups": [
                    ("Teachers and teaching assistants", "workers", "invited", 30, 24),
                    ("Parents and carers", "lived_experience", "quota_sampled", 40, 31),
                    ("Pupils aged 14 to 16", "lived_experience", "invited", 12, 9),
                    ("Special educational needs coordinators", "expert", "invited", 5, 3),
                ],
                "findings_en": "Participants were open to **AI-suggested marks** if teachers stay in control.\n\n"
                "- Pupils wanted to know when feedback came from a machine.\n"
                "- Parents worried about bias against pupils who write in dialect.",
                "recommendations": [
                    ("R1", "Teachers must always be able to override the suggested mark.", ACCEPTED,
                     "The override is on every screen.", "2026-05-01", "2026-04-20"),
                    ("R2", "Tell pupils when feedback was drafted by the tool.", PARTLY,
                     "A label is shown; a fuller explanation is planned for beta.", "2026-06-01", "2026-05-28"),
                    ("R3", "Test the tool for bias against regional dialects before beta.", CONSIDERING,
                     "", "2027-01-31", None),
                ],
                "what_changed_en": "Teacher override and an ‘AI-drafted’ label were added before the pilot.",
                "participants_told_on": "2026-06-05",
                "participants_told_how": "Email and a follow-up online session",
            },
        ],
    },
    {
        "organisation": "dsit",
        "slug": "national-data-library-health-education-share",
        "title_en": "National Data Library: health and education data share",
        "summary_en": "Linking de-identified health and education records through the National Data Library "
        "for approved research on children’s outcomes.",
        "project_type": "data_sharing",
        "lifecycle_phase": "discovery",
        "planned_level": "collaborate",
        "affected_communities": "Children and young people, families, schools and NHS patients in England",
        "decisions_open_en": "Access rules, which researchers may apply, how the public is kept informed.",
        "decisions_fixed_en": "Only de-identified data is shared; no commercial resale.",
        "published": True,
        "activities": [
            {
                "slug": "ndl-citizens-jury",
                "title_en": "Citizens’ jury on linking health and education data",
                "summary_en": "Twenty-four people chosen by sortition met over four weekends to decide the "
                "conditions for sharing.",
                "methods": ["citizens_jury"],
                "level_promised": "collaborate",
                "level_achieved": "involve",
                "modality": "in_person",
                "actual_start": "2026-01-17",
                "actual_end": "2026-02-08",
                "findings_reported_on": "2026-03-01",
                "groups": [
                    ("Members of the public (sortition)", "affected_community", "quota_sampled", 30, 24),
                    ("Young people 16 to 24", "lived_experience", "quota_sampled", 6, 4),
                ],
                "findings_en": "The jury supported sharing **only** for research with clear public benefit, "
                "overseen by a panel that includes members of the public.",
                "recommendations": [
                    ("R1", "Put members of the public on the data access committee.", ACCEPTED,
                     "Two public members join the committee from April.", "2026-04-30", "2026-04-15"),
                    ("R2", "Publish every approved project in plain English.", ACCEPTED,
                     "A public register of approved projects is live.", "2026-05-31", "2026-05-20"),
                    ("R3", "Let families opt out of the share.", NOT_ACCEPTED,
                     "The legal basis does not allow an opt-out; we explain why on the project page.",
                     "2026-05-31", "2026-05-31"),
                    ("R4", "Review the arrangement after two years with a new jury.", CONSIDERING,
                     "", "2026-06-30", None),
                ],
                "what_changed_en": "Public members on the access committee and a plain-English register.",
                "participants_told_on": "2026-06-12",
                "participants_told_how": "Letter and a recall session",
            },
        ],
    },
    {
        "organisation": "ons",
        "slug": "official-statistic-online-harms",
        "title_en": "New official statistic on online harms",
        "summary_en": "Developing a new official statistic on the prevalence of online harms experienced by "
        "adults and children in the UK.",
        "project_type": "official_statistics",
        "lifecycle_phase": "alpha",
        "planned_level": "consult",
        "affected_communities": "Internet users, children and parents, victims of online abuse",
        "decisions_open_en": "Which harms are measured and how results are presented.",
        "decisions_fixed_en": "The statistic follows the Code of Practice for Statistics.",
        "published": True,
        "activities": [
            {
                "slug": "online-harms-public-panel",
                "title_en": "Public panel on measuring online harms",
                "summary_en": "A standing panel of 40 people met three times online to shape the definitions.",
                "methods": ["public_panel"],
                "level_promised": "involve",
                "level_achieved": "involve",
                "modality": "online",
                "actual_start": "2025-10-07",
                "actual_end": "2025-12-09",
                "findings_reported_on": "2026-01-20",
                "groups": [
                    ("Members of the public", "affected_community", "quota_sampled", 45, 38),
                    ("People who have experienced online abuse", "lived_experience", "invited", 6, 2),
                ],
                "findings_en": "The panel asked for harms to be measured by **severity**, not just frequency.",
                "recommendations": [
                    ("R1", "Measure how serious each harm was, not only how often it happened.", ACCEPTED,
                     "A severity question is in the survey.", "2026-03-01", "2026-02-20"),
                    ("R2", "Publish results for children separately.", PARTLY,
                     "Published for 13 to 17 year olds; younger children are not surveyed.", "2026-03-01",
                     "2026-03-01"),
                ],
                "what_changed_en": "A severity scale was added to the questionnaire.",
                "participants_told_on": "2026-03-10",
                "participants_told_how": "Panel newsletter",
            },
            {
                "slug": "online-harms-survey",
                "title_en": "Survey on the online harms statistic",
                "summary_en": "An open online survey on the draft measures and how they should be published.",
                "methods": ["survey", "public_consultation"],
                "level_promised": "consult",
                "level_achieved": "consult",
                "modality": "online",
                "actual_start": "2026-04-01",
                "actual_end": "2026-05-15",
                "findings_reported_on": "2026-06-30",
                "groups": [("Survey respondents", "affected_community", "open", None, 1240)],
                "findings_en": "Most respondents wanted interactive tables and regional breakdowns.",
                "recommendations": [
                    ("R1", "Publish regional breakdowns.", CONSIDERING, "", "2027-03-31", None),
                    ("R2", "Offer the data as open, machine-readable tables.", ACCEPTED,
                     "CSV tables are published with each release.", "2026-09-30", "2026-08-01"),
                ],
                "what_changed_en": "Tables are now published as CSV.",
                "participants_told_on": "2026-08-10",
                "participants_told_how": "Release page and email to respondents who asked",
            },
        ],
    },
    {
        "organisation": "dhsc",
        "slug": "procurement-ai-triage-nhs-111",
        "title_en": "Procurement of an AI triage system for NHS 111",
        "summary_en": "Buying an AI system to help NHS 111 call handlers decide how urgently callers need care.",
        "project_type": "procurement",
        "lifecycle_phase": "discovery",
        "procurement_stage": "tender",
        "procurement_notice_ids": "2026/S 000-012345",
        "planned_level": "involve",
        "affected_communities": "NHS 111 callers, disabled people, people with limited English, call handlers",
        "decisions_open_en": "Evaluation criteria on safety, accessibility and explanation.",
        "decisions_fixed_en": "A clinician reviews every urgent decision.",
        "published": True,
        "activities": [
            {
                "slug": "nhs-111-lived-experience-panel",
                "title_en": "Lived-experience panel on AI triage",
                "summary_en": "People who have used NHS 111 helped write the tender’s evaluation criteria.",
                "methods": ["lived_experience_panel", "co_design"],
                "level_promised": "collaborate",
                "level_achieved": "collaborate",
                "modality": "hybrid",
                "actual_start": "2026-03-02",
                "actual_end": "2026-04-14",
                "findings_reported_on": "2026-04-30",
                "groups": [
                    ("People who have called NHS 111", "lived_experience", "open", 20, 14),
                    ("Deaf and disabled people’s organisations", "organisation", "invited", 4, 3),
                    ("NHS 111 call handlers", "workers", "invited", 10, 8),
                ],
                "findings_en": "Callers must be able to reach a person at any point, and the system must work "
                "for people using **British Sign Language** relay services.",
                "recommendations": [
                    ("R1", "Score bidders on accessibility, including BSL relay.", ACCEPTED,
                     "Accessibility is 20% of the quality score.", "2026-05-15", "2026-05-10"),
                    ("R2", "Guarantee a route to a human at every step.", ACCEPTED,
                     "Written into the specification.", "2026-05-15", "2026-05-12"),
                    ("R3", "Publish the supplier’s safety testing results.", CONSIDERING,
                     "", "2027-02-28", None),
                ],
                "what_changed_en": "Accessibility and a human route are now evaluation criteria.",
                "participants_told_on": "2026-05-20",
                "participants_told_how": "Feedback session",
            },
        ],
    },
    {
        "organisation": "welsh-government",
        "slug": "data-for-social-care-wales",
        "title_en": "Sharing social care data in Wales",
        "title_cy": "Rhannu data gofal cymdeithasol yng Nghymru",
        "summary_en": "A shared record of social care services so councils and health boards can plan care.",
        "summary_cy": "Cofnod a rennir o wasanaethau gofal cymdeithasol fel y gall cynghorau a byrddau "
        "iechyd gynllunio gofal.",
        "project_type": "data_sharing",
        "lifecycle_phase": "private_beta",
        "planned_level": "involve",
        "affected_communities": "People who use social care in Wales, carers, social care workers",
        "delivers_services_in_wales": True,
        "welsh_impact_considered": True,
        "published": True,
        "activities": [
            {
                "slug": "social-care-data-community-events",
                "title_en": "Community events on social care data",
                "title_cy": "Digwyddiadau cymunedol ar ddata gofal cymdeithasol",
                "summary_en": "Bilingual events in Bangor, Aberystwyth and Cardiff with people who use care.",
                "summary_cy": "Digwyddiadau dwyieithog ym Mangor, Aberystwyth a Chaerdydd gyda phobl sy’n "
                "defnyddio gofal.",
                "methods": ["community_event", "worker_consultation"],
                "level_promised": "involve",
                "level_achieved": "consult",
                "modality": "in_person",
                "delivery_language": "bilingual",
                "actual_start": "2026-05-05",
                "actual_end": "2026-06-20",
                "findings_reported_on": "2026-07-15",
                "groups": [
                    ("People who use social care", "lived_experience", "open", None, 46),
                    ("Unpaid carers", "lived_experience", "open", None, 19),
                    ("Social care workers (UNISON Cymru reps)", "workers", "invited", 8, 4),
                ],
                "findings_en": "People wanted to be asked in Welsh and to see who looks at their records.",
                "findings_cy": "Roedd pobl eisiau cael eu holi yn Gymraeg a gweld pwy sy’n edrych ar eu "
                "cofnodion.",
                "recommendations": [
                    ("R1", "Offer every notice and form in Welsh.", ACCEPTED,
                     "All notices are bilingual.", "2026-08-31", "2026-08-20"),
                    ("R2", "Let people see who has looked at their record.", CONSIDERING,
                     "", "2027-04-30", None),
                ],
                "what_changed_en": "Bilingual notices for everyone whose data is shared.",
                "what_changed_cy": "Hysbysiadau dwyieithog i bawb y mae eu data’n cael ei rannu.",
                "participants_told_on": "2026-09-01",
                "participants_told_how": "Bilingual newsletter",
            },
        ],
    },
    {
        "organisation": "moj",
        "slug": "risk-assessment-tool-review",
        "title_en": "Risk assessment tool review",
        "summary_en": "An independent review of the algorithmic tool probation officers use to assess the "
        "risk of reoffending.",
        "project_type": "ai_tool",
        "lifecycle_phase": "live",
        "planned_level": "involve",
        "affected_communities": "People on probation, victims, probation officers",
        "decisions_open_en": "What the review examines and how findings are acted on.",
        "decisions_fixed_en": "Officers’ professional judgement stays the final say.",
        "published": True,
        "activities": [
            {
                "slug": "risk-tool-advisory-board",
                "title_en": "Advisory board for the risk tool review",
                "summary_en": "An oversight group of academics, charities and people with lived experience.",
                "methods": ["advisory_board"],
                "level_promised": "involve",
                "level_achieved": "involve",
                "modality": "online",
                "actual_start": "2025-11-01",
                "actual_end": "2026-05-01",
                "findings_reported_on": "2026-05-20",
                "groups": [
                    ("Academics and charities", "expert", "invited", 8, 7),
                    ("People with experience of probation", "lived_experience", "invited", 4, 2),
                ],
                "findings_en": "The board found the tool’s scores were not explained to the people they affect.",
                "recommendations": [
                    ("R1", "Explain each score to the person it is about.", PARTLY,
                     "A plain-English summary is being piloted in two regions.", "2026-08-31", "2026-08-31"),
                    ("R2", "Publish accuracy figures by ethnicity each year.", NOT_ACCEPTED,
                     "Sample sizes are too small for reliable figures; we publish national accuracy.",
                     "2026-08-31", "2026-08-15"),
                ],
                "what_changed_en": "A plain-English score summary is being piloted.",
                "participants_told_on": "2026-09-10",
                "participants_told_how": "Board meeting",
            },
            {
                "slug": "risk-tool-worker-consultation",
                "title_en": "Consultation with probation staff and trade union reps",
                "summary_en": "Structured consultation with Napo and UNISON representatives on the tool’s use.",
                "methods": ["worker_consultation"],
                "level_promised": "consult",
                "level_achieved": "consult",
                "modality": "in_person",
                "actual_start": "2026-03-01",
                "actual_end": "2026-03-31",
                "findings_reported_on": "2026-04-15",
                "groups": [("Probation officers (Napo and UNISON reps)", "workers", "invited", 15, 12)],
                "findings_en": "Staff said the tool takes time from supervision and needs better training.",
                "recommendations": [
                    ("R1", "Give officers protected time for training on the tool.", CONSIDERING,
                     "", "2027-01-31", None),
                    ("R2", "Involve union reps in the next version’s testing.", ACCEPTED,
                     "Reps join user testing from October.", "2026-07-31", "2026-07-20"),
                ],
                "what_changed_en": "Union reps now take part in testing.",
                "participants_told_on": "2026-08-01",
                "participants_told_how": "Union bulletin",
            },
        ],
    },
    {
        "organisation": "mhclg",
        "slug": "planning-applications-ai-summaries",
        "title_en": "AI summaries of planning applications",
        "summary_en": "Exploring whether AI-written summaries help residents understand planning applications.",
        "project_type": "ai_tool",
        "lifecycle_phase": "idea",
        "planned_level": "consult",
        "published": False,
        "activities": [
            {
                "slug": "planning-summaries-user-research",
                "title_en": "User research with residents on planning summaries",
                "summary_en": "Planned interviews with residents who have commented on planning applications.",
                "methods": ["user_research"],
                "level_promised": "consult",
                "status": "planned",
                "groups": [],
                "recommendations": [],
            },
        ],
    },
    {
        "organisation": "osr",
        "slug": "public-views-on-statistics-trust",
        "title_en": "Public views on trust in statistics",
        "summary_en": "Understanding what makes people trust official statistics.",
        "project_type": "official_statistics",
        "lifecycle_phase": "discovery",
        "planned_level": "consult",
        "published": False,
        "activities": [],
    },
]  # fmt: skip

PROJECT_FIELDS = [
    "title_en",
    "title_cy",
    "summary_en",
    "summary_cy",
    "project_type",
    "lifecycle_phase",
    "procurement_stage",
    "procurement_notice_ids",
    "planned_level",
    "affected_communities",
    "decisions_open_en",
    "decisions_fixed_en",
    "delivers_services_in_wales",
    "welsh_impact_considered",
]
ACTIVITY_FIELDS = [
    "title_en",
    "title_cy",
    "summary_en",
    "summary_cy",
    "level_promised",
    "level_achieved",
    "modality",
    "delivery_language",
    "actual_start",
    "actual_end",
    "findings_reported_on",
    "findings_en",
    "findings_cy",
    "what_changed_en",
    "what_changed_cy",
    "participants_told_on",
    "participants_told_how",
]
DEMO_PUBLISHED_AT = "2026-06-15T09:00:00+00:00"


def _audit_created(record, created: bool) -> int:
    if created:
        noun = record._meta.model_name
        record_audit(
            actor=None,
            action=f"participation.{noun}.created",
            target=record,
            organisation=getattr(record, "organisation", None) or record.activity.organisation,
        )
    return int(created)


def seed_engagement(organisations: dict[str, Organisation]) -> int:
    """Create or update the demo projects and activities; returns how many records were new."""
    published_at = parse_datetime(DEMO_PUBLISHED_AT)
    new = 0
    for spec in PROJECTS:
        organisation = organisations[spec["organisation"]]
        status = "published" if spec["published"] else "draft"
        project, created = Project.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                **{field: spec[field] for field in PROJECT_FIELDS if field in spec},
                "organisation": organisation,
                "publication_status": status,
                "published_at": published_at if spec["published"] else None,
                "engagement_intent": "under_way" if spec["activities"] else "planned",
                "contact_email": organisation.contact_email,
            },
        )
        new += _audit_created(project, created)
        for activity_spec in spec["activities"]:
            activity, created = Activity.objects.update_or_create(
                slug=activity_spec["slug"],
                defaults={
                    **{field: activity_spec[field] for field in ACTIVITY_FIELDS if field in activity_spec},
                    "organisation": organisation,
                    "status": activity_spec.get("status", "completed"),
                    "publication_status": status,
                    "published_at": published_at if spec["published"] else None,
                    "response_published_on": activity_spec.get("participants_told_on"),
                },
            )
            new += _audit_created(activity, created)
            activity.projects.add(project)
            for method in activity_spec["methods"]:
                ActivityMethod.objects.get_or_create(activity=activity, method=method)
            for label, representation, recruitment, invited, took_part in activity_spec["groups"]:
                group, created = ParticipantGroup.objects.update_or_create(
                    activity=activity,
                    label=label,
                    defaults={
                        "representation_type": representation,
                        "recruitment": recruitment,
                        "invited_count": invited,
                        "took_part_count": took_part,
                    },
                )
                new += _audit_created(group, created)
            for position, (reference, text, response, action, due, done) in enumerate(activity_spec["recommendations"]):
                recommendation, created = Recommendation.objects.update_or_create(
                    activity=activity,
                    reference=reference,
                    defaults={
                        "position": position,
                        "text_en": text,
                        "response_status": response,
                        "action_en": action,
                        "explanation_en": action if response in (NOT_ACCEPTED, PARTLY) else "",
                        "owner_role": "Senior responsible owner",
                        "due_on": due,
                        "done_on": done,
                        "responded_at": parse_datetime(f"{done}T12:00:00+00:00") if done else None,
                    },
                )
                new += _audit_created(recommendation, created)
    return new
