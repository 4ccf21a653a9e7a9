"""Faults for the reliability tests: an SMTP server that refuses or holds messages, SIGKILL for a
worker (its pool process or the whole of it), a restart that keeps what Redis holds, and Redis
losing its data."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
from aiosmtpd.controller import Controller
from django.conf import settings

from tests.support.smtp import SmtpSink, free_port
from tests.support.worker import READY_TIMEOUT, ROOT, CeleryWorker, wait_until


@dataclass
class FaultySmtpSink(SmtpSink):
    """A real SMTP server that can answer 451 (try again later) to every recipient or to some, 550
    (no such mailbox, final) to some, hang
        up mid-session, or hold each sender at RCPT TO (before any message data), so a worker is
        mid-send when the test strikes.
        A sender killed while held never gets to DATA: nothing arrives, so nothing is doubled."""

    refusing: bool = False
    refused_addresses: set[str] = field(default_factory=set)
    rejected_addresses: set[str] = field(default_factory=set)
    drop_before_message: int = 0
    delay: float = 0.0
    paused: threading.Event = field(default_factory=threading.Event)
    held: int = 0
    refused: int = 0
    rejected: int = 0
    data_commands: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook name
        if address in self.rejected_addresses:
            with self.lock:
                self.rejected += 1
            return "550 5.1.1 No such mailbox"
        if self.refusing or address in self.refused_addresses:
            with self.lock:
                self.refused += 1
            return "451 4.3.0 Mailbox busy, try again later"
        with self.lock:
            self.held += 1
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            while self.paused.is_set():
                await asyncio.sleep(0.02)
        finally:
            with self.lock:
                self.held -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        """With `drop_before_message` = n, hang up on the sender at its n-th message's final dot,
        before accepting it (a server restarting, or one that caps messages per connection)."""
        with self.lock:
            self.data_commands += 1
            drop = self.data_commands == self.drop_before_message
        if drop:
            server.transport.close()
            return "421 4.3.2 Closing connection"
        return await super().handle_DATA(server, session, envelope)

    def hold_next(self, *, timeout: float = 30) -> None:
        """Hold every sender at RCPT TO and wait until one is held there."""
        self.paused.set()
        wait_until(lambda: self.held > 0, timeout=timeout, interval=0.02, what="a sender held at RCPT TO")

    def release(self) -> None:
        self.paused.clear()


def start_faulty_smtp_sink(**options) -> tuple[FaultySmtpSink, Controller]:
    sink = FaultySmtpSink(port=free_port(), **options)
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    return sink, controller


def pool_processes(worker: CeleryWorker) -> list[int]:
    """The pool (child) processes of a prefork worker, from /proc."""
    pid = worker.process.pid
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def kill_pool_process(worker: CeleryWorker) -> int:
    """SIGKILL the pool process running the task (QUALITY.md F3): the main process lives on."""
    [child] = pool_processes(worker)
    os.kill(child, signal.SIGKILL)
    return child


def kill_worker(worker: CeleryWorker) -> None:
    """SIGKILL the whole worker, pool processes and main process together (QUALITY.md F4)."""
    processes = [*pool_processes(worker), worker.process.pid]
    for pid in processes:
        os.kill(pid, signal.SIGKILL)
    worker.process.wait(timeout=10)
    for pid in processes:
        wait_until(lambda pid=pid: not Path(f"/proc/{pid}").exists() or _is_zombie(pid), timeout=10, what="death")


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (FileNotFoundError, IndexError):
        return True


def restart_worker(worker: CeleryWorker) -> CeleryWorker:
    """Start the worker again as a supervisor would after a crash: Redis keeps what it holds
    (unlike `CeleryWorker.start`, which flushes it to shut out earlier tests)."""
    worker.log.close()
    worker.log = worker.log_path.open("a")
    mark = len(worker.log_path.read_text())
    worker.process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "participation", "worker", "--loglevel=INFO", "--concurrency=1",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=worker.environment(), stdout=worker.log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if " ready." in worker.log_path.read_text()[mark:]:
            return worker
        if worker.process.poll() is not None:
            break
        time.sleep(0.2)
    worker.stop()
    raise RuntimeError(f"Celery worker did not restart:\n{worker.log_path.read_text()[-3000:]}")


def flush_redis() -> None:
    """Redis loses its data (QUALITY.md F6). Only the test's own database: other test runs may
    share the server."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


def queued_messages() -> int:
    return redis.Redis.from_url(settings.REDIS_URL).llen("celery")
