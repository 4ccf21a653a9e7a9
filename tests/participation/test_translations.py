"""The Welsh catalogues: complete, compiled, and what Welsh pages actually show.

Two catalogues: locale/ holds the project's own strings (made by makemessages), and
locale-vendor/ holds, by hand, Welsh for the strings that django-allauth and Django bring.
"""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.participation.factories import UserFactory

BASE_DIR = Path(settings.BASE_DIR)
PROJECT_PO = BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po"
VENDOR_PO = BASE_DIR / "locale-vendor" / "cy" / "LC_MESSAGES" / "django.po"
CATALOGUES = [pytest.param(PROJECT_PO, id="locale"), pytest.param(VENDOR_PO, id="locale-vendor")]
# What the project's makemessages reads (the Makefile's `messages` target runs it over the whole
# repository, where everything else is ignored or holds no translatable strings).
SOURCES = ["participation", "guidance", "community", "designlabs", "templates", "manage.py", "locale"]
# Django's own Welsh catalogues use four plural forms; ours must agree with them.
DJANGO_CY_PO = Path(__import__("django").__file__).parent / "conf" / "locale" / "cy" / "LC_MESSAGES" / "django.po"


def parse_po(path):
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, flags, and msgstr as
    {form index: text}. Enough of the format for what msgmerge and msgcat write; skips obsolete (#~) entries."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        keyword, _, rest = line.partition(" ")
        starts_entry = line.startswith("#") or keyword in {"msgctxt", "msgid"}
        if starts_entry and entry is not None and "msgid" in entry:
            entries.append(entry)
            entry = None
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if isinstance(field, int):
                entry["msgstr"][field] += ast.literal_eval(line)
            else:
                entry[field] += ast.literal_eval(line)
        elif keyword.startswith("msgstr"):
            field = int(keyword[7:-1]) if "[" in keyword else 0
            entry["msgstr"][field] = ast.literal_eval(rest)
        else:
            field = keyword
            entry[field] = ast.literal_eval(rest)
    if entry is not None and "msgid" in entry:
        entries.append(entry)
    return entries


def header(entries):
    (first,) = [entry for entry in entries if entry["msgid"] == "" and "msgctxt" not in entry]
    return dict(line.split(": ", 1) for line in first["msgstr"][0].splitlines() if ": " in line)


def key(entry):
    return (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))


def describe(keys):
    return "\n".join(sorted(repr(k[1]) + (f" (context {k[0]!r})" if k[0] else "") for k in keys))


@pytest.mark.parametrize("po", CATALOGUES)
def test_every_entry_is_translated_and_none_is_fuzzy(po):
    entries = parse_po(po)
    plural_forms = header(parse_po(DJANGO_CY_PO))["Plural-Forms"]
    nplurals = int(plural_forms.split("nplurals=")[1].split(";")[0])

    assert header(entries)["Plural-Forms"] == plural_forms
    assert header(entries)["Language"] == "cy"
    assert len(entries) > 100
    untranslated, fuzzy, wrong_forms = set(), set(), set()
    for entry in entries:
        if "fuzzy" in entry["flags"]:
            fuzzy.add(key(entry))
        if entry["msgid"] == "":
            continue
        expected = nplurals if "msgid_plural" in entry else 1
        if sorted(entry["msgstr"]) != list(range(expected)):
            wrong_forms.add(key(entry))
        if not all(entry["msgstr"].values()):
            untranslated.add(key(entry))
    assert not untranslated, f"Translate these in {po}:\n{describe(untranslated)}"
    assert not fuzzy, f"Check these and remove '#, fuzzy' in {po}:\n{describe(fuzzy)}"
    assert not wrong_forms, f"These need {nplurals} plural forms in {po}:\n{describe(wrong_forms)}"


@pytest.mark.parametrize("po", CATALOGUES)
def test_committed_mo_is_compiled_from_the_po(po, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)

    def catalogue(mo):
        with open(mo, "rb") as file:
            return gettext.GNUTranslations(file)._catalog

    assert catalogue(po.with_suffix(".mo")) == catalogue(fresh), (
        f"{po.with_suffix('.mo')} is out of date: run `make messages`"
    )


def test_project_catalogue_has_every_translatable_string(tmp_path):
    """makemessages over a copy of the source finds exactly the msgids the committed file has,
    so a new string without a Welsh translation fails here, and so does a stale one."""
    for name in SOURCES:
        source = BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, tmp_path / name)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "participation.settings",
        "PYTHONPATH": str(tmp_path),
        "DATA_DIR": str(tmp_path / ".data"),
        "STATIC_ROOT": str(tmp_path / ".build" / "staticfiles"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "cy", "--no-obsolete", "--verbosity", "0"],
        cwd=tmp_path,
        env=env,
        check=True,
        timeout=120,
    )

    found = {key(entry) for entry in parse_po(tmp_path / "locale" / "cy" / "LC_MESSAGES" / "django.po")}
    committed = {key(entry) for entry in parse_po(PROJECT_PO)}
    assert not found - committed, (
        f"New strings with no Welsh yet: run `make messages` and translate them:\n{describe(found - committed)}"
    )
    assert not committed - found, (
        f"Strings no longer in the source: run `make messages`:\n{describe(committed - found)}"
    )


def test_welsh_sign_in_page_is_in_welsh(client, db):
    html = client.get("/cy/accounts/login/").content.decode()

    assert '<html lang="cy"' in html
    assert "<title>Mewngofnodi – " in html
    assert '<h1 class="govuk-heading-xl">Mewngofnodi</h1>' in html
    assert ">Cyfeiriad e-bost</label>" in html
    assert ">Cyfrinair</label>" in html
    assert "Wedi anghofio eich cyfrinair?" in html
    for english in ["Sign in", "Email address", "Password", "Forgotten", "Create an account"]:
        assert english not in html


def test_welsh_home_page_names_the_engagement_log(client, db):
    html = client.get("/cy/").content.decode()

    assert "Cofnod ymgysylltu" in html
    assert "Hafan" in html


def test_welsh_sign_in_form_errors_are_in_welsh(client, db):
    response = client.post("/cy/accounts/login/", {})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Gwall: Mewngofnodi – " in html
    assert "Mae problem wedi codi" in html
    assert "Mae angen y maes hwn." in html
    assert "This field is required" not in html


def test_welsh_sign_up_explains_password_rules_in_welsh(client, db):
    response = client.post(
        "/cy/accounts/signup/", {"email": "newperson@example.gov.uk", "password1": "12345", "password2": "12345"}
    )

    html = response.content.decode()
    assert "Mae’r cyfrinair hwn yn rhy fyr. Rhaid iddo gynnwys o leiaf 10 nod." in html
    assert "Mae’r cyfrinair hwn yn cynnwys rhifau yn unig." in html
    assert "too short" not in html


def test_allauth_emails_are_sent_in_welsh_from_welsh_pages(client, db, mailoutbox):
    user = UserFactory()

    client.post("/cy/accounts/password/reset/", {"email": user.email})

    (message,) = mailoutbox
    assert message.subject == "E-bost ailosod cyfrinair"
    assert "Rydych yn cael yr e-bost hwn oherwydd bod rhywun" in message.body
    assert "password reset" not in message.body
