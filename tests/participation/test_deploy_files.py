import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_file_is_valid_with_the_example_environment(tmp_path):
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    env = (ROOT / ".env.example").read_text().replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=example\n")
    (tmp_path / ".env").write_text(env)

    result = subprocess.run(
        ["docker-compose", "config"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr
    for service in ["postgres:", "redis:", "web:", "worker:", "beat:", "migrate:"]:
        assert f"  {service}" in result.stdout
    assert "DJANGO_ENV: production" in result.stdout


def test_docker_image_runs_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()

    final_stage = dockerfile.rsplit("FROM ", 1)[1]
    assert "\nUSER app\n" in final_stage
    assert "useradd --system" in final_stage


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "participation" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', settings_source))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))

    assert read - listed == set()
