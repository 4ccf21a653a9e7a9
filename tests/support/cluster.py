"""Private services for the fault tests (QUALITY.md F1-F14): a Postgres cluster, a Redis server and
gunicorn serving the site, each a real process on a free loopback port, owned by the test run, so a
test can stop, restart or starve it without touching the machine's shared Postgres and Redis."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.worker import ROOT, wait_until

START_TIMEOUT = 60
# Unusual ports, so a throwaway server never takes one the machine's services or a developer use.
PORTS = range(51000, 59000)


def free_port() -> int:
    for port in range(PORTS.start + os.getpid() % 4000, PORTS.stop):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {PORTS}")


def _postgres_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} not found under /usr/lib/postgresql (apt-get install postgresql)")
    return str(found[-1])


def _as_postgres(command: list[str]) -> list[str]:
    # Postgres refuses to run as root: run its tools as the postgres user when we are root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresCluster:
    """A throwaway cluster: trust authentication, no fsync, listening on 127.0.0.1 only."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="faults-postgres-"))
        self.data = self.root / "data"
        self.log_path = self.root / "postgres.log"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")

    def _pg_ctl(self, *args: str, timeout: float = START_TIMEOUT) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        subprocess.run(
            _as_postgres([_postgres_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log_path), "-o", options,
                          "-w", "-t", str(int(timeout)), *args]),
            check=True, timeout=timeout + 10, capture_output=True,
        )  # fmt: skip

    def start(self) -> "PostgresCluster":
        if not self.data.exists():
            subprocess.run(
                _as_postgres([_postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                check=True, timeout=START_TIMEOUT, capture_output=True,
            )  # fmt: skip
        self._pg_ctl("start")
        return self

    def stop(self, mode: str = "fast") -> None:
        """`fast` disconnects every client and shuts down cleanly; `immediate` is a crash."""
        self._pg_ctl("stop", "-m", mode)

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def is_running(self) -> bool:
        status = subprocess.run(
            _as_postgres([_postgres_bin("pg_ctl"), "-D", str(self.data), "status"]), capture_output=True, timeout=10
        )
        return status.returncode == 0

    def destroy(self) -> None:
        if self.data.exists() and self.is_running():
            self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


class RedisServer:
    """A Redis server without persistence, except that `restart(keep_data=True)` saves on the way
    down and loads on the way up, as a managed Redis with persistence would."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="faults-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.log = (self.root / "redis.log").open("a")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.root), "--dbfilename", "dump.rdb"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until(self.ping, timeout=START_TIMEOUT, interval=0.05, what="Redis to answer")
        return self

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self, *, save: bool = False) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        if save:
            subprocess.run(
                ["redis-cli", "-p", str(self.port), "shutdown", "save"], timeout=30, capture_output=True, check=False
            )
        else:
            self.process.send_signal(signal.SIGTERM)  # with --save "" this exits without saving
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.log.close()

    def restart(self, *, keep_data: bool = True) -> None:
        self.stop(save=keep_data)
        if not keep_data:
            (self.root / "dump.rdb").unlink(missing_ok=True)
        self.start()

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class WebServer:
    """gunicorn serving the site as production does (DEBUG off, persistent connections with health
    checks), with `bench.settings`' loopback changes: plain HTTP, no HSTS, static from the source."""

    def __init__(self, *, environment: dict[str, str], log_path: Path, workers: int = 2):
        self.environment = environment
        self.log_path = log_path
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "WebServer":
        self.log = self.log_path.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "participation.wsgi:application", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "30", "--graceful-timeout", "5", "--preload"],
            cwd=ROOT, env=self.environment, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                status, _ = self.get("/healthz")
            except OSError:
                time.sleep(0.2)
                continue
            if status in (200, 503):
                return self
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log_path.read_text()[-3000:]}")

    def get(self, path: str, *, timeout: float = 10) -> tuple[int, str]:
        """Status and body, 4xx and 5xx included; an OSError if nothing answers."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:  # nosec - loopback
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()
