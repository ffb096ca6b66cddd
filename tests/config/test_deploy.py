import os
import subprocess
import sys

from django.conf import settings
from django.test import SimpleTestCase

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "t" * 20 + "-production-like-secret-" + "k" * 20,
    "ALLOWED_HOSTS": "lectio.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env=None):
    # The test run allows async-unsafe ORM calls for Playwright; a deployment never does.
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=base | (env or {}),
        capture_output=True,
        text=True,
    )


class DeploySettingsTests(SimpleTestCase):
    def test_check_deploy_reports_nothing_with_production_settings(self):
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_production_refuses_to_start_without_a_secret_key(self):
        result = manage("check", env=PRODUCTION | {"SECRET_KEY": ""})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set", result.stderr)

    def test_every_model_change_has_a_migration(self):
        result = manage("makemigrations", "--check", "--dry-run")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
