"""Give a virtual environment made with `--without-pip` its pip.

Debian's python3 ships the venv module but not ensurepip (that is the python3-venv
package), so on a fresh machine `python3 -m venv` fails. The Makefile then makes the
environment without pip and runs this with the environment's own interpreter: it fetches
the newest pip wheel from the package index (PIP_INDEX_URL, e.g. a mirror, or PyPI) and
lets that wheel install itself.
"""

import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

INDEX = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
WHEEL = re.compile(r'href="([^"]*?/?(pip-(\d+(?:\.\d+)*)-py3-none-any\.whl))(?:#[^"]*)?"')


def newest_wheel() -> tuple[str, str]:
    page_url = f"{INDEX}/pip/"
    with urllib.request.urlopen(page_url, timeout=60) as response:  # noqa: S310 - the index
        page = response.read().decode()
    wheels = [
        (tuple(int(p) for p in v.split(".")), href, name) for href, name, v in WHEEL.findall(page)
    ]
    if not wheels:
        sys.exit(f"no pip wheel found at {page_url}")
    _, href, name = max(wheels)
    return urllib.parse.urljoin(page_url, href), name


def main() -> None:
    url, name = newest_wheel()
    with tempfile.TemporaryDirectory() as folder:
        wheel = Path(folder) / name
        urllib.request.urlretrieve(url, wheel)  # noqa: S310 - the index
        # A pip wheel runs as a zip application: it installs itself.
        command = [sys.executable, f"{wheel}/pip", "install", "--quiet", "--no-index", str(wheel)]
        subprocess.run(command, check=True)  # noqa: S603


if __name__ == "__main__":
    main()
