"""`manage.py check --deploy` passes with production settings (behind TLS)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(tmp_path, extra_env):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "radarr_site.settings",
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        **extra_env,
    }
    env.pop("TEST_DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the e2e harness, never in deployment
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = run_check(
        tmp_path,
        {
            "SECURE_COOKIES": "true",
            "SECURE_SSL_REDIRECT": "true",
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
            "SECURE_HSTS_PRELOAD": "true",
            "DEBUG": "false",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_secret_key_is_kept_in_data_dir_and_private(tmp_path):
    run_check(tmp_path, {})
    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    assert len(key_file.read_text().strip()) >= 50
    assert key_file.stat().st_mode & 0o077 == 0
