"""Word → PDF through LibreOffice headless, the PDF being the official document page for
page.

Each conversion runs its own LibreOffice with a private profile directory (two
conversions at once would otherwise fight over one profile and the second would fail),
under a timeout, in its own process group so that a hung converter is killed whole.

The official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) are not on Linux. A private
fontconfig file maps each to the Noto CJK face that stands in for it (FORMATS.md), so the
PDF shows a serif title and body and a sans-serif 黑体 instead of whatever fallback
fontconfig picks first (a Japanese face).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

INSTALL_HINT = "apt-get install libreoffice-writer-nogui fonts-noto-cjk"
DEFAULT_TIMEOUT = 120  # seconds; a first start of LibreOffice with a new profile takes ~3 s

# The official font → the installed face that stands in for it.
STAND_INS = {
    "方正小标宋简体": "Noto Serif CJK SC",
    "方正小标宋_GBK": "Noto Serif CJK SC",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC",
    "楷体": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
}
# 小标宋 is a heavy face: its stand-in is the bold weight.
BOLD_STAND_INS = ("方正小标宋简体", "方正小标宋_GBK")


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed here."""

    def __init__(self):
        super().__init__(
            "LibreOffice (soffice) is not installed, so no PDF can be made here. "
            f"Install it with: {INSTALL_HINT}"
        )


class PdfConversionError(RuntimeError):
    """LibreOffice ran but gave no PDF (a broken file, a timeout)."""


def soffice_path() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    bundled = Path("/usr/lib/libreoffice/program/soffice")
    return str(bundled) if bundled.exists() else None


def pdf_available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(data: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a .docx given as bytes. PdfUnavailable without LibreOffice,
    PdfConversionError when it fails or takes longer than `timeout` seconds."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable()
    with tempfile.TemporaryDirectory(prefix="tally-pdf-") as workdir:
        work = Path(workdir)
        source = work / "document.docx"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        _run(command, _environment(work), timeout)
        result = work / "document.pdf"
        if not result.exists() or result.stat().st_size == 0:
            raise PdfConversionError("LibreOffice produced no PDF from this document")
        return result.read_bytes()


def _run(command: list[str], env: dict, timeout: float) -> None:
    process = subprocess.Popen(  # noqa: S603 - a fixed command line, no shell
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # soffice starts soffice.bin as a child: kill the whole group, not only the script.
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfConversionError(f"LibreOffice took longer than {timeout:g} s") from None
    if process.returncode != 0:
        message = stderr.decode("utf-8", "replace").strip()[-500:]
        raise PdfConversionError(f"LibreOffice failed ({process.returncode}): {message}")


def _environment(work: Path) -> dict:
    env = dict(os.environ)
    env["HOME"] = str(work)  # LibreOffice writes beside the profile; keep it private too
    config = work / "fonts.conf"
    config.write_text(fontconfig(), encoding="utf-8")
    env["FONTCONFIG_FILE"] = str(config)
    return env


def fontconfig() -> str:
    """A fontconfig file: the system's configuration plus the stand-ins."""
    bold = "    <edit name='weight' mode='assign' binding='strong'><const>bold</const></edit>\n"
    rules = []
    for official, stand_in in STAND_INS.items():
        rules.append(
            "  <match target='pattern'>\n"
            f"    <test name='family'><string>{escape(official)}</string></test>\n"
            f"    <edit name='family' mode='assign' binding='strong'>"
            f"<string>{escape(stand_in)}</string></edit>\n"
            + (bold if official in BOLD_STAND_INS else "")
            + "  </match>"
        )
    return (
        "<?xml version='1.0'?>\n<!DOCTYPE fontconfig SYSTEM 'fonts.dtd'>\n<fontconfig>\n"
        "  <include ignore_missing='yes'>/etc/fonts/fonts.conf</include>\n"
        + "\n".join(rules)
        + "\n</fontconfig>\n"
    )
