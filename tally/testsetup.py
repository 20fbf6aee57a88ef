"""Loaded by pytest before Django (pyproject's `-p tally.testsetup`): the tests run in
development mode, with background tasks executed immediately, whatever the shell says."""

import os

os.environ["TALLY_DEVELOPMENT"] = "1"
os.environ.setdefault("TALLY_DEBUG", "0")
os.environ["TALLY_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
