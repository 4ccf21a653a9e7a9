"""I9 (and I1 for email): hostile text in every value an email template uses, through the outbox
(`queue_email` → `send_delivery` → the SMTP-shaped message) for every email of every app. The
subject stays one line, no header is added, the message goes to its one recipient, and the HTML
part carries the markup as text.

The templates are found on disk, so a new email is covered without editing this file."""

import re
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from django.conf import settings

from participation.models import NotificationKind
from participation.services import email as email_service

HOSTILE = (
    "Title\r\nBcc: victim@example.com\r\nX-Injected: 1\n\r\n"
    '<script>alert(1)</script><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>'
)
HOSTILE_URL = "https://example.com/\r\nBcc: victim@example.com"
WHEN = "2026-03-29T09:30:00+00:00"
TEMPLATE_WORDS = {
    "if", "elif", "else", "endif", "for", "in", "endfor", "with", "endwith", "and", "or", "not",
    "blocktranslate", "endblocktranslate", "translate", "trimmed", "plural", "as", "url",
    "get_current_language", "autoescape", "off", "on", "load", "i18n", "date", "time", "from_iso",
    "safe", "urlencode", "LANGUAGE_CODE", "site_url", "service_name", "unsubscribe_url", "lang",
    "language", "when", "until",
}  # fmt: skip
SUBJECTS_WITHOUT_USER_TEXT = {
    "community/emails/forum_digest",  # a date and a count
    "participation/staff/emails/overdue_responses",  # a count
}
ALLOWED_HEADERS = {
    "content-type", "mime-version", "content-transfer-encoding", "subject", "from", "to", "date",
    "message-id", "list-unsubscribe", "list-unsubscribe-post",
}  # fmt: skip


def email_templates() -> list[str]:
    root = Path(settings.BASE_DIR) / "templates"
    return sorted(str(path.relative_to(root))[: -len("_subject.txt")] for path in root.rglob("*_subject.txt"))


def hostile_context(template: str) -> dict:
    """Every name the three templates read, filled with hostile text (dates and counts where a
    filter needs one; lists of hostile rows where a loop needs one)."""
    root = Path(settings.BASE_DIR) / "templates"
    source = "".join((root / f"{template}{part}").read_text() for part in ("_subject.txt", "_body.txt", "_body.html"))
    names = set()
    for tag in re.findall(r"\{[{%](.*?)[}%]\}", source, flags=re.S):
        tag = re.sub(r'"[^"]*"', "", tag)
        names.update(re.findall(r"(?<![.\w|:])([a-z_][a-z0-9_]*)(?![\w])", tag))
    loop_variables = set(re.findall(r"\{%\s*for\s+(\w+)\s+in", source))
    row = {"title": HOSTILE, "text": HOSTILE, "excerpt": HOSTILE, "author_name": HOSTILE, "reference": HOSTILE,
           "activity": HOSTILE, "path": "/x/", "number": 1, "due_on": WHEN}  # fmt: skip
    context = {}
    for name in names - TEMPLATE_WORDS - loop_variables:
        if name == "decision":
            context[name] = "hidden"  # the branch whose subject names the topic
        elif name.endswith("_at") or name in {"day"}:
            context[name] = WHEN
        elif name in {"count", "post_total", "pages", "more", "number", "counter"}:
            context[name] = 2
        elif name.endswith("path") or name.endswith("link") or name.endswith("url"):
            context[name] = "/x/" if name.endswith("path") else HOSTILE_URL
        elif name in {"topics", "items"}:
            context[name] = [{**row, "posts": [row]}]
        else:
            context[name] = HOSTILE
    return context


def test_every_email_is_found():
    assert len(email_templates()) >= 15


@pytest.mark.parametrize("template", email_templates())
def test_hostile_values_cannot_inject_headers_or_markup(member, mailoutbox, template):
    delivery = email_service.queue_email(
        kind=NotificationKind.REPORT_READY,
        subject_key=f"hostile:{template}",
        template=template,
        context=hostile_context(template),
        recipient=member,
    )

    email_service.send_delivery(delivery_id=delivery.pk)

    [message] = mailoutbox
    if template not in SUBJECTS_WITHOUT_USER_TEXT:
        assert "Title Bcc: victim@example.com X-Injected: 1" in message.subject  # the text arrived, on one line
    assert message.recipients() == [member.email]
    assert "\r" not in message.subject and "\n" not in message.subject
    parsed = message_from_bytes(message.message().as_bytes(), policy=default_policy)
    assert {name.lower() for name in parsed} <= ALLOWED_HEADERS
    assert parsed.get_all("To") == [member.email]
    assert parsed["Bcc"] is None and parsed["X-Injected"] is None
    [(html, _mimetype)] = message.alternatives
    assert "<script" not in html
    assert "onerror=" not in html.replace("onerror=&quot;", "")
    assert 'href="javascript:' not in html
