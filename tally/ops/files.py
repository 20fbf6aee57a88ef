"""The SQLite database holds password hashes and ciphertext of personal data: only the
account that runs Tally may read it (0600), and so its write-ahead log and shared memory
files (SQLite creates those with the database file's mode)."""

import os
import stat
from pathlib import Path

PRIVATE = 0o600
SIDE_FILES = ("", "-wal", "-shm", "-journal")


def keep_database_private(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in SIDE_FILES:
        make_private(Path(name + suffix))


def make_private(path: Path) -> None:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    if mode != PRIVATE:
        os.chmod(path, PRIVATE)
