"""The harness's in-process steps, each run by bench/run.py in its own process against one data set
(DATABASE_URL and REDIS_URL in the environment, bench.settings). Each prints one JSON line last.

    python -m bench.steps probe | reset | pdf KIND SIZE | pdf-request BASE_URL | fanout N | scheduler
"""

import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import pages  # noqa: E402
from community.models import RSVP, Meeting, RSVPStatus, Vote  # noqa: E402
from community.services import unconference as unconference_service  # noqa: E402
from community.services.notices import fan_out, reminder_notice  # noqa: E402
from community.services.scheduler import benchmark_inputs, build_schedule  # noqa: E402
from participation.models import Activity, EmailDelivery, Project, Report, User  # noqa: E402
from participation.report_kinds import build_organisation_annual, build_project_evidence  # noqa: E402
from participation.services.email import sweep_deliveries  # noqa: E402
from participation.services.pdf import render_pdf  # noqa: E402
from tests.support.smtp import SmtpSink  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def emit(result: dict) -> None:
    print(json.dumps(result, default=str), flush=True)


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def reset() -> dict:
    """Put back what measuring changes: the bench user's votes and report jobs."""
    user = pages.bench_user()
    removed = 0
    for vote in Vote.objects.filter(user=user, unconference=pages.open_unconference()).select_related("proposal"):
        removed += unconference_service.remove_vote(vote.proposal, user)
    reports = Report.objects.filter(requested_by=user)
    for report in reports:
        report.file.delete(save=False)
    reports.delete()
    return {"votes_removed": removed}


def probe() -> dict:
    """The pages to load, with their queries and database time per request, and a session."""
    setup_test_environment()  # the test Client needs the locmem outbox and template signals
    reset()
    user = pages.bench_user()
    rows, search_sql = [], []
    for page in pages.find_pages():
        measured = pages.measure_queries(page, user)
        if "search" in page.name:
            search_sql += measured["sql"]
        rows.append({**page.as_dict(), **{k: v for k, v in measured.items() if k != "sql"}})
    reset()
    return {
        "pages": rows,
        "session": session_cookie(user),
        "csrf": secrets.token_hex(16),  # any 32 characters; sent as cookie and header alike
        "sequential_scans": pages.sequential_scans(search_sql),
    }


# PDF reports ------------------------------------------------------------------------------------


def _evidence_context(activities: int) -> dict:
    """The evidence report of the project whose activity count is nearest `activities`."""
    user = pages.bench_user()
    counted = (
        Project.objects.filter(slug__startswith=pages.PREFIX)
        .annotate(n=Count("activities"))
        .filter(n__gt=0)
        .values_list("pk", "n")
    )
    project_id, count = min(counted, key=lambda row: (abs(row[1] - activities), str(row[0])))
    report = Report(kind="project_evidence", subject_id=str(project_id), title="Benchmark evidence", requested_by=user)
    return {"context": build_project_evidence(report), "rows": count}


def _annual_context(rows: int) -> dict:
    """An annual report whose annex has `rows` rows: the busiest organisation-year, topped up with the
    next busiest ones' rows when one year holds fewer (see the report)."""
    years = (
        Activity.objects.published()
        .filter(organisation__slug__startswith=pages.PREFIX, actual_start__isnull=False)
        .values_list("organisation", "actual_start__year")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation", "actual_start__year")
    )
    context = None
    for organisation_id, year, _n in years:
        report = Report(kind="organisation_annual", subject_id=f"{organisation_id}:{year}", title="Benchmark annual")
        built = build_organisation_annual(report)
        if context is None:
            context = built
        else:
            context["rows"] += built["rows"]
        if len(context["rows"]) >= rows:
            break
    context["rows"] = context["rows"][:rows]
    return {"context": context, "rows": len(context["rows"])}


def pdf(kind: str, size: int) -> dict:
    chosen = _evidence_context(size) if kind == "evidence" else _annual_context(size)
    template = {
        "evidence": "participation/pdf/evidence_project.html",
        "annex": "participation/pdf/evidence_annual.html",
    }[kind]
    started = time.perf_counter()
    content, page_count = render_pdf(template=template, context=chosen["context"])
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "kind": kind,
        "rows": chosen["rows"],
        "pages": page_count,
        "seconds": seconds,
        "seconds_per_page": seconds / page_count,
        "peak_mb": peak_kb / 1024,
        "bytes": len(content),
    }


def pdf_request(base_url: str, repeat: int = 5) -> dict:
    """Time the POST that asks for an evidence report, through the running site, on `repeat`
    different projects; the jobs it creates are deleted (no worker runs meanwhile)."""
    import http.client
    from urllib.parse import urlsplit

    user = pages.bench_user()
    csrf = secrets.token_hex(16)
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={csrf}"
    projects = Project.objects.published().filter(slug__startswith=pages.PREFIX).order_by("slug")[:repeat]
    target = urlsplit(base_url)
    timings, statuses = [], []
    try:
        for project in projects:
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            path = f"/dashboards/projects/{project.slug}/evidence-report/"
            started = time.perf_counter()
            connection.request("POST", path, body="", headers={"Cookie": cookie, "X-CSRFToken": csrf})
            response = connection.getresponse()
            response.read()
            timings.append((time.perf_counter() - started) * 1000)
            statuses.append(response.status)
            connection.close()
    finally:
        reset()
    return {"ms": statistics.median(timings), "all_ms": timings, "statuses": statuses}


# Reminder fan-out --------------------------------------------------------------------------------


class TimedSink(SmtpSink):
    """The tests' SMTP sink, also noting when each message was accepted and for whom."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.accepted: list[tuple[float, tuple[str, ...]]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            self.accepted.append((time.monotonic(), tuple(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def _recipients(count: int) -> tuple[list[User], list[User]]:
    """`count` active users: benchmark users first, then throwaway ones (made here, deleted after)."""
    users = list(
        User.objects.filter(email__startswith=f"{pages.PREFIX}user-", is_active=True).order_by("email")[:count]
    )
    unusable = make_password(None)
    extra = [
        User(email=f"{pages.PREFIX}fanout-{n}@example.invalid", display_name=f"Fan-out {n}", password=unusable)
        for n in range(count - len(users))
    ]
    User.objects.bulk_create(extra)
    return users + extra, extra


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=5)


def fanout(count: int, timeout: float) -> dict:
    """`count` reminders for one meeting: fan_out writes the rows, sweep_deliveries queues them, two
    Celery worker processes send them to a loopback SMTP sink. Timed from the sweep to the last accept."""
    from aiosmtpd.controller import Controller
    from redis import Redis

    from tests.support.smtp import free_port

    sink = TimedSink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    Redis.from_url(settings.REDIS_URL).flushdb()  # the bench's own Redis database: no stale messages
    log_path = Path(settings.DATA_DIR) / "fanout-worker.log"
    log = log_path.open("w")  # noqa: SIM115 - closed in finally
    env = {**os.environ, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port), "EMAIL_USE_TLS": "false"}
    worker = None
    meeting, extra = None, []
    try:
        controller.start()
        worker = subprocess.Popen(  # noqa: S603 - our own fixed command
            [sys.executable, "-m", "celery", "-A", "participation", "worker", "--concurrency=2", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        ready_by = time.monotonic() + 60
        while " ready." not in log_path.read_text():
            if worker.poll() is not None or time.monotonic() > ready_by:
                raise RuntimeError(f"The Celery worker did not start; see {log_path}")
            time.sleep(0.2)
        recipients, extra = _recipients(count)
        now = timezone.now()
        meeting = Meeting.objects.create(
            slug=f"{pages.PREFIX}fanout-{os.getpid()}",
            title_en="Benchmark fan-out meeting",
            description_en="Made by the benchmark for one run and deleted after it.",
            starts_at=now + timedelta(minutes=30),
            ends_at=now + timedelta(minutes=90),
            going_count=len(recipients),
        )
        RSVP.objects.bulk_create(
            [RSVP(meeting=meeting, user=user, status=RSVPStatus.GOING) for user in recipients], batch_size=5000
        )
        started = time.monotonic()
        written = fan_out(meeting=meeting, notice=reminder_notice(60))
        swept_at = time.monotonic()
        sweep_deliveries()
        queued_at = time.monotonic()
        deadline = swept_at + timeout
        while time.monotonic() < deadline and len(sink.accepted) < written:
            if worker.poll() is not None:
                raise RuntimeError("The Celery worker stopped; see fanout-worker.log")
            time.sleep(0.1)
        time.sleep(1)  # a late duplicate would land now
        with sink.lock:
            accepted = list(sink.accepted)
        wanted = {user.email for user in recipients}
        mine = [address for _at, addresses in accepted for address in addresses if address in wanted]
        last = max((at for at, _ in accepted), default=swept_at)
        return {
            "messages": written,
            "fan_out_seconds": swept_at - started,
            "sweep_seconds": queued_at - swept_at,
            "seconds": last - swept_at,
            "accepted": len(mine),
            "duplicates": len(mine) - len(set(mine)),
            "lost": len(wanted - set(mine)),
            "finished": len(set(mine)) == written,
        }
    finally:
        if worker:
            _stop(worker)
        log.close()
        controller.stop()
        if meeting:
            EmailDelivery.objects.filter(subject_key__startswith=f"meeting:{meeting.pk}:").delete()
            meeting.delete()
        User.objects.filter(pk__in=[user.pk for user in extra]).delete()


def scheduler(repeat: int = 3) -> dict:
    inputs = benchmark_inputs(n_sessions=200)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = build_schedule(**inputs)
        timings.append(time.perf_counter() - started)
    return {"seconds": statistics.median(timings), "all_seconds": timings, "placed": len(result.placements)}


def main(argv: list[str]) -> None:
    step, args = argv[0], argv[1:]
    if step == "probe":
        emit(probe())
    elif step == "reset":
        emit(reset())
    elif step == "pdf":
        emit(pdf(args[0], int(args[1])))
    elif step == "pdf-request":
        emit(pdf_request(args[0]))
    elif step == "fanout":
        emit(fanout(int(args[0]), float(args[1])))
    elif step == "scheduler":
        emit(scheduler())
    else:
        raise SystemExit(f"unknown step {step!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
