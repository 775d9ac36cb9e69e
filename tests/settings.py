"""Settings for the test suite: a throwaway DATA_DIR, fast hashing, synchronous tasks.

TEST_DATABASE_URL (for example postgres://...) runs the suite against PostgreSQL;
otherwise SQLite in a file under the temporary DATA_DIR, so that processes the tests
start (web server, task workers) share the test database.
"""

import atexit
import os
import shutil
import tempfile

if "DATA_DIR" not in os.environ:
    # This process made the folder (processes the tests start inherit DATA_DIR): remove it
    # when the run ends, so test runs leave nothing behind in /tmp.
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="radarr-test-")
    atexit.register(shutil.rmtree, os.environ["DATA_DIR"], ignore_errors=True)
_data_dir = os.environ["DATA_DIR"]
os.environ["DATABASE_URL"] = os.environ.get(
    "TEST_DATABASE_URL", f"sqlite:///{_data_dir}/radarr.sqlite3"
)
os.environ.setdefault("TMDB_API_KEY", "test-key")
os.environ.setdefault("TMDB_BASE_URL", "https://api.themoviedb.org/3")

from radarr_site.settings import *  # noqa: E402,F403
from radarr_site.settings import DATABASES, Q_CLUSTER, STORAGES  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": f"{_data_dir}/test-radarr.sqlite3"}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
LOGGING = {"version": 1, "disable_existing_loggers": False}
