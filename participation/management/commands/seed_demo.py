"""Idempotent demo data: realistic organisations and one login per role."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from participation.models import Membership, Organisation, PlatformRole, User
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
    ("facilitator@example.org", "Lowri Davies", [PlatformRole.LAB_FACILITATOR], [("connected-by-data", MEMBER)], False),
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
                user.groups.add(Group.objects.get(name=role))
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
