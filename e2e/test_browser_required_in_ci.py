"""Without Chromium the journeys skip loudly on a bare machine and fail under CI=true."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run_smoke(ci: str) -> subprocess.CompletedProcess[str]:
    # SQLite in memory: the outer run may be using the PostgreSQL test database.
    inherited = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env = {**inherited, "CI": ci, "SAMENKRACHT_CHROMIUM": "/bestaat/niet/chromium"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "e2e/test_smoke.py",
            "-q",
            "-p",
            "no:randomly",
            "--no-header",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_missing_chromium_skips_loudly_outside_ci():
    result = _run_smoke("false")
    assert result.returncode == 0, result.stdout
    assert "BROWSERTESTS OVERGESLAGEN" in result.stdout
    assert "1 skipped" in result.stdout


def test_missing_chromium_fails_under_ci():
    result = _run_smoke("true")
    assert result.returncode == 1, result.stdout
    assert "CI=true maar de browsertests kunnen niet draaien" in result.stdout
