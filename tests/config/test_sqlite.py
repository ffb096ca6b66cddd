"""SQLite under concurrent writers: they wait for each other instead of failing."""

import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase

# Two threads, each with its own connection to a file database. The first writes and
# holds its transaction open; the second, meanwhile, reads and then writes. With SQLite's
# default (deferred) transactions, the second cannot upgrade its read lock while the first
# holds the write lock, and fails at once with "database is locked", whatever the timeout.
SCRIPT = """
import threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as c:
    c.execute("CREATE TABLE counter (n integer)")
    c.execute("INSERT INTO counter VALUES (0)")
connection.close()

first_wrote, errors = threading.Event(), []

def bump(cursor):
    cursor.execute("SELECT n FROM counter")
    cursor.execute("UPDATE counter SET n = n + 1")

def first():
    with transaction.atomic(), connection.cursor() as c:
        bump(c)
        first_wrote.set()
        time.sleep(0.5)
    connection.close()

def second():
    first_wrote.wait(5)
    try:
        with transaction.atomic(), connection.cursor() as c:
            bump(c)
    except Exception as e:
        errors.append(repr(e))
    connection.close()

threads = [threading.Thread(target=first), threading.Thread(target=second)]
for t in threads: t.start()
for t in threads: t.join(20)
with connection.cursor() as c:
    mode = c.execute("PRAGMA journal_mode").fetchone()[0]
    print(c.execute("SELECT n FROM counter").fetchone()[0], mode, errors)
"""


@unittest.skipUnless(
    connection.vendor == "sqlite",
    "tests the SQLite connection settings (busy timeout, WAL, IMMEDIATE), which a "
    "PostgreSQL run does not use; the default make run database is SQLite",
)
class ConcurrentWritersTests(SimpleTestCase):
    def test_a_second_writer_waits_for_the_first_instead_of_failing(self):
        with tempfile.TemporaryDirectory() as tmp:
            env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
            env |= {
                "DATABASE_URL": f"sqlite:///{Path(tmp) / 'db.sqlite3'}",
                "DJANGO_SETTINGS_MODULE": "config.settings",
            }
            result = subprocess.run(
                [sys.executable, "-c", SCRIPT],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), "2 wal []")
