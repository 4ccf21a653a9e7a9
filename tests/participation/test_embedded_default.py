"""`make run` on a machine with no database or Redis: SQLite, the filesystem broker, a real
worker and beat, all started by one process manager."""

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.support.smtp import free_port
from tests.support.worker import wait_until

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.worker


def embedded_environment(data_dir: Path, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "EMAIL_HOST"}
    }
    env.update(DATA_DIR=str(data_dir), WEB_PORT=str(port), PATH=f"{Path(sys.executable).parent}:{env['PATH']}")
    return env


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def test_make_run_serves_the_site_with_a_worker_and_beat_on_embedded_defaults(tmp_path):
    port = free_port()
    env = embedded_environment(tmp_path / "data", port)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
    seeded = subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, timeout=120, capture_output=True)
    assert b"orgadmin@example.org" in seeded.stdout

    log_path = tmp_path / "honcho.log"
    with log_path.open("w") as log:
        honcho = subprocess.Popen(
            [sys.executable, "-m", "honcho", "start"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until(lambda: fetch(f"{base}/healthz")[0] == 200, timeout=90, what="the embedded site")
            status, health = fetch(f"{base}/healthz")
            home = fetch(f"{base}/")
            welsh = fetch(f"{base}/cy/")
            organisations = fetch(f"{base}/organisations/")
            wait_until(lambda: " ready." in log_path.read_text(), timeout=60, what="the worker")
            wait_until(lambda: "beat: Starting" in log_path.read_text(), timeout=60, what="beat")
        finally:
            os.killpg(honcho.pid, signal.SIGINT)
            try:
                honcho.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(honcho.pid, signal.SIGKILL)
                honcho.wait(timeout=5)

    assert (status, health) == (200, '{"status": "ok", "database": "ok", "broker": "ok"}')
    assert home[0] == 200 and '<html lang="en"' in home[1]
    assert welsh[0] == 200 and '<html lang="cy"' in welsh[1]
    assert "Welsh Government" in organisations[1]
    assert (tmp_path / "data" / "db.sqlite3").exists()
    assert (tmp_path / "data" / "broker").is_dir()
    assert honcho.returncode is not None  # Ctrl-C stopped honcho and everything it started
