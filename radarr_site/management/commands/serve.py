"""`manage.py serve`: the web server (gunicorn) and the task cluster (qcluster) as one process.

`make run` ends here. Both run as child processes in their own process group so a Ctrl-C
reaches them once, through us: we forward SIGINT/SIGTERM, wait for both, and exit 0. When
either child dies on its own the other is stopped too and we exit non-zero, so a
supervisor (systemd, a container runtime) sees the failure and restarts the whole app.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

STOP_GRACE_SECONDS = 20.0
POLL_SECONDS = 0.2


class Command(BaseCommand):
    help = "Run the web server and the task cluster together in the foreground."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument("--workers", type=int, default=2, help="web worker processes")
        parser.add_argument("--threads", type=int, default=4, help="threads per web worker")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, **options) -> None:
        env = {**os.environ}
        env.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
        env["PYTHONUNBUFFERED"] = "1"
        base_dir = Path(settings.BASE_DIR)
        received: list[int] = []

        def on_signal(signum: int, _frame) -> None:
            received.append(signum)

        _prepare(self)
        # Installed before the children start so a Ctrl-C during start-up is not lost.
        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        children: dict[str, subprocess.Popen] = {}
        try:
            children["web"] = _spawn(web_command(host, port, workers, threads, base_dir), env)
            children["tasks"] = _spawn(
                [sys.executable, str(base_dir / "manage.py"), "qcluster"], env
            )
            self.stdout.write(f"Radarr Site is running at http://{host}:{port}/ (Ctrl-C stops it)")
            self.stdout.flush()
            exited = _wait_for_signal_or_exit(children, received)
        finally:
            _stop_all(children.values(), received[0] if received else signal.SIGTERM)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if exited is not None:
            raise CommandError(
                f"the {exited} process exited with code {children[exited].returncode}; "
                "stopped the other one",
                returncode=1,
            )
        self.stdout.write("Stopped.")


def _prepare(command: BaseCommand) -> None:
    """Refuse to start on a database that needs migrating, and collect the static files, so
    `manage.py serve` on its own never serves 500 pages for a missing static manifest."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(
            "the database needs migrating first: run `manage.py migrate` (make run does it)"
        )
    call_command("collectstatic", interactive=False, verbosity=0)


def web_command(host: str, port: int, workers: int, threads: int, base_dir: Path) -> list[str]:
    """The gunicorn command line: threaded workers, access log to stdout."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "radarr_site.wsgi:application",
        "--chdir",
        str(base_dir),
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--graceful-timeout",
        str(int(STOP_GRACE_SECONDS) - 5),
        # We never use gunicornc, and two instances would fight over its one socket path.
        "--no-control-socket",
        "--access-logfile",
        "-",
        # The access log masks API keys in request lines (radarr_site/gunicorn_logging.py).
        "--logger-class",
        "radarr_site.gunicorn_logging.RedactingLogger",
        "--error-logfile",
        "-",
    ]


def _spawn(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    # Own process group: the terminal's Ctrl-C goes to us only, and we forward it once.
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, process_group=0)


def _wait_for_signal_or_exit(
    children: dict[str, subprocess.Popen], received: list[int]
) -> str | None:
    """Block until a stop signal arrives (None) or a child exits (its name)."""
    while not received:
        for name, child in children.items():
            if child.poll() is not None:
                return name
        time.sleep(POLL_SECONDS)
    return None


def _stop_all(children, signum: int) -> None:
    """Send `signum` once to every child still running; kill what outlives the grace period."""
    children = list(children)
    for child in children:
        if child.poll() is None:
            child.send_signal(signum)
        else:
            # A child that died hard (SIGKILL, OOM) leaves its own workers behind in its
            # process group; they must not keep running without it.
            _signal_group(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(child.pid, signal.SIGKILL)
            child.wait()


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)
