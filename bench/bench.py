"""Benchmarks, printed as tables: ingest time and memory per text, and page throughput.

1. Each text of the manifest is ingested in its own process into a scratch SQLite
   database (or the database of BENCH_DATABASE_URL): wall time and peak RSS.
2. gunicorn serves the app with production settings (whitenoise, compressed manifest
   static files). The largest section page and a static file of the same size are each
   requested REQUESTS times by CONCURRENCY keep-alive clients, in the same run: requests
   per second side by side, and their ratio.
3. The same section before and after 1,000 public annotations are added to it: query
   counts and requests per second of the section page and of the section's annotation
   list (`/api/annotations/?edition=…&section=…`), side by side.
4. `bench/bench_versions.py`, when present: migrating annotations through a new version.

Usage:
    make bench
    REQUESTS=400 CONCURRENCY=4 .venv/bin/python bench/bench.py
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("REQUESTS", "300"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "4"))
WORKERS = int(os.environ.get("WORKERS", "2"))
sys.path.insert(0, str(ROOT))


def manage(env, *args, capture=False):
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = proc.stdout.read() if capture else ""
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"manage.py {' '.join(args)} failed ({status})")
    return out, time.perf_counter() - started, usage.ru_maxrss / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hammer(port: int, path: str, total: int, clients: int) -> tuple[float, int]:
    """Request `path` `total` times over `clients` keep-alive connections; (rps, bytes)."""
    per_client = [total // clients + (i < total % clients) for i in range(clients)]
    sizes, errors = [], []

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        try:
            for _ in range(n):
                conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = conn.getresponse()
                body = response.read()
                if response.status != 200:
                    errors.append(response.status)
                sizes.append(len(body))
        except OSError as exc:  # a failed run must not be reported as a fast one
            errors.append(repr(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in per_client]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        sys.exit(f"{path}: {len(errors)} errors, e.g. {errors[0]}")
    return total / elapsed, sizes[0]


def wait_for(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def largest_section(env) -> tuple[str, str]:
    code = (
        "from edition.models import Section;from django.db.models import Count;"
        "s=Section.objects.annotate(n=Count('passages')).order_by('-n').first();"
        "print(s.get_absolute_url());print(s.edition.slug)"
    )
    out, _, _ = manage(env, "shell", "-c", code, capture=True)
    url, slug = out.strip().splitlines()[-2:]
    return url, slug


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="lectio-bench-"))
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp: Path) -> None:
    db = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    static_root = tmp / "static"
    env = os.environ | {
        "DATABASE_URL": db,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
    }
    manage(env, "migrate", "-v0")
    manage(env, "createcachetable")
    manifest = json.loads((ROOT / "fixtures/texts/manifest.json").read_text())
    print("\n## Ingest (one process per text)\n")
    print("| text | kind | seconds | peak RSS MB |\n|---|---|---:|---:|")
    for text in manifest["texts"]:
        _, seconds, peak = manage(env, "ingest", text["slug"])
        print(f"| {text['source']} | {text['kind']} | {seconds:.1f} | {peak:.0f} |")
    _, seconds, peak = manage(env, "ingest")
    print(f"| all again (idempotent) | | {seconds:.1f} | {peak:.0f} |")
    serve(env, static_root, tmp)


ANNOTATE = """
import random
from accounts.models import User
from edition.anchoring import TargetPiece
from annotations.services import annotation_create
from edition.models import Section
section = Section.objects.get(edition__slug={slug!r}, slug={section!r})
passages = [p for p in section.passages.filter(retired=False).exclude(kind="note")
            if len(p.text) > 40]
rng = random.Random(7)
users = [User.objects.get_or_create(username=f"bench{{n}}")[0] for n in range(20)]
for n in range({count}):
    p = rng.choice(passages)
    start = rng.randrange(0, len(p.text) - 20)
    end = start + rng.randrange(5, 20)
    annotation_create(author=rng.choice(users), visibility="public",
                      body=f"Bench note {{n}} on *this* passage.", tags=["bench"],
                      pieces=[TargetPiece(passage=p, start=start, end=end,
                                          exact=p.text[start:end])])
"""

COUNT_QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
for url in {urls!r}:
    with CaptureQueriesContext(connection) as q:
        status = client.get(url, HTTP_HOST="127.0.0.1").status_code
    print(url, status, len(q))
"""


def query_counts(env, urls) -> dict[str, int]:
    out, _, _ = manage(env, "shell", "-c", COUNT_QUERIES.format(urls=urls), capture=True)
    counts = {}
    for line in out.strip().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] in urls:
            counts[parts[0]] = int(parts[2])
    return counts


def start_server(env, port: int):
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port)
    return server


def annotations_bench(env, url: str, slug: str) -> None:
    section = url.rstrip("/").rsplit("/", 1)[1]
    api = f"/api/annotations/?edition={slug}&section={section}&limit=1000"
    urls = [url, api]
    rows = {}
    for count in (0, 1000):
        if count:
            # A burst of 1,000 posts would (rightly) be held for moderation as spam.
            burst = env | {"MODERATION_BURST_POSTS": "1000000"}
            manage(burst, "shell", "-c", ANNOTATE.format(slug=slug, section=section, count=count))
        queries = query_counts(env, urls)
        port = free_port()
        server = start_server(env, port)
        try:
            for target in urls:
                rps, size = hammer(port, target, REQUESTS // 2, CONCURRENCY)
                rows[(target, count)] = (queries.get(target, -1), rps, size)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"\n## A section with 0 and with 1,000 annotations ({REQUESTS // 2} requests each)\n")
    print("| target | annotations | queries | bytes | requests/s |\n|---|---:|---:|---:|---:|")
    for (target, count), (queries, rps, size) in rows.items():
        print(f"| {target} | {count} | {queries} | {size} | {rps:.0f} |")


def versions_bench(env) -> None:
    script = ROOT / "bench" / "bench_versions.py"
    if script.exists():
        subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, check=False)


def serve(env, static_root: Path, tmp: Path) -> None:
    manage(env, "collectstatic", "--noinput", "-v0")
    url, slug = largest_section(env)
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        page = http.client.HTTPConnection("127.0.0.1", port)
        page.request("GET", url)
        body = page.getresponse().read()
        (static_root / "bench-page.html").write_bytes(body)
        server_restart = restart(server, env, port)
        server = server_restart
        rows = [("section page " + url, url), ("static file, same size", "/static/bench-page.html")]
        results = [(name, *hammer(port, path, REQUESTS, CONCURRENCY)) for name, path in rows]
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"\n## Throughput: gunicorn, {WORKERS} workers, {CONCURRENCY} keep-alive clients, "
        f"{REQUESTS} requests each\n"
    )
    print("| target | bytes | requests/s |\n|---|---:|---:|")
    for name, rps, size in results:
        print(f"| {name} | {size} | {rps:.0f} |")
    print(f"| ratio page/static | | {results[0][1] / results[1][1]:.3f} |")
    annotations_bench(env, url, slug)
    versions_bench(env)


def restart(server, env, port):
    """Whitenoise indexes static files at start: restart so it serves the new file."""
    server.terminate()
    server.wait(timeout=10)
    return start_server(env, port)


if __name__ == "__main__":
    main()
