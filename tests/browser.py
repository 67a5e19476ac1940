"""Helpers for the browser tests: run headless Chromium, read its PNGs and PDFs.

Chromium and poppler-utils are system packages (.ci/run installs them). When
they are missing the tests fail and say how to install them: a skip would
hide that the HTML report was never checked in a browser.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

#: The flags the HTML report's issue asks for: no sandbox (CI runs as root),
#: and nothing that talks to the network or to Google on its own.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
INSTALL_HINT = "install it with: apt-get install -y chromium poppler-utils (as .ci/run does)"


def require(*names: str) -> str:
    """The path of the first of ``names`` on PATH; fails the test if there is none."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    pytest.fail(f"{names[0]} is not installed; {INSTALL_HINT}")


def _inside(profile: str) -> dict[str, str]:
    """The environment for Chromium: its own temporary files (an org.chromium.Chromium.*
    folder per run) go in the profile, which is removed, not in the system's /tmp."""
    return {**os.environ, "TMPDIR": profile}


def chromium(page: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run Chromium on ``page`` with a fresh profile that is thrown away afterwards."""
    exe = require("chromium", "chromium-browser", "google-chrome")
    # Chromium's helper processes can outlive it for a moment and still write to the
    # profile; a leftover file there must not fail the test.
    with tempfile.TemporaryDirectory(
        prefix="omnicheck-chromium-", ignore_cleanup_errors=True
    ) as profile:
        try:
            done = subprocess.run(
                [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                env=_inside(profile),
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"chromium did not finish within {timeout} s on {page}")
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done


def evaluate(page: Path, expression: str, *, width: int, height: int, timeout: float = 60) -> Any:
    """Load ``page`` in a phone-sized Chromium tab and return the value of a JS expression.

    Speaks the DevTools protocol over --remote-debugging-pipe (JSON messages
    ended by NUL on file descriptors 3 and 4), so no port is opened and no
    library is needed. DevTools evaluation is not bound by the page's
    Content-Security-Policy, and the page itself still runs no script.
    """
    exe = require("chromium", "chromium-browser", "google-chrome")
    to_child, from_child = os.pipe(), os.pipe()

    def wire_pipes() -> None:  # in the child: its fd 3 reads our commands, fd 4 answers
        os.dup2(to_child[0], 3)
        os.dup2(from_child[1], 4)
        os.set_inheritable(3, True)
        os.set_inheritable(4, True)

    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(
        prefix="omnicheck-chromium-", ignore_cleanup_errors=True
    ) as profile:
        browser = subprocess.Popen(
            [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe"],
            env=_inside(profile),
            preexec_fn=wire_pipes,  # noqa: PLW1509 - the pipes must land on fds 3 and 4
            pass_fds=(3, 4),  # keep them open in the child: fds are closed after preexec_fn
            start_new_session=True,  # so that killing the group also stops its helpers
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child[0])
        os.close(from_child[1])
        pending = bytearray()
        counter = iter(range(1, 1_000_000))

        def call(method: str, params: dict | None = None, session: str | None = None) -> Any:
            ident = next(counter)
            message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            os.write(to_child[1], json.dumps(message).encode() + b"\0")
            while True:
                while b"\0" not in pending:
                    left = deadline - time.monotonic()
                    if left <= 0 or not select.select([from_child[0]], [], [], left)[0]:
                        pytest.fail(f"chromium did not answer {method} within {timeout} s")
                    chunk = os.read(from_child[0], 1 << 16)
                    if not chunk:
                        pytest.fail(f"chromium quit while asked {method}")
                    pending.extend(chunk)
                end = pending.index(b"\0")
                reply = json.loads(pending[:end])
                del pending[: end + 1]
                if reply.get("id") == ident:
                    assert "error" not in reply, reply["error"]
                    return reply["result"]

        try:
            target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
            tab = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True}
            call("Emulation.setDeviceMetricsOverride", metrics, tab)
            call("Page.navigate", {"url": page.as_uri()}, tab)
            ready = {"expression": "document.readyState", "returnByValue": True}
            while call("Runtime.evaluate", ready, tab)["result"].get("value") != "complete":
                time.sleep(0.05)
            asked = {"expression": expression, "returnByValue": True}
            result = call("Runtime.evaluate", asked, tab)
            assert "exceptionDetails" not in result, result["exceptionDetails"]
            return result["result"]["value"]
        finally:
            os.close(to_child[1])
            os.close(from_child[0])
            with contextlib.suppress(ProcessLookupError):
                os.killpg(browser.pid, signal.SIGKILL)
            browser.wait(timeout=30)


def png_size_and_colours(data: bytes, enough: int = 256) -> tuple[int, int, int]:
    """Width, height and the number of distinct colours (counting stops at ``enough``).

    Decodes the 8-bit RGB or RGBA, non-interlaced PNGs that Chromium writes,
    with zlib and struct alone. Rows are read from the top, and reading stops
    once ``enough`` colours are found, so a page with content is quick.
    """
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, "unexpected PNG layout"
    bpp = 3 if colour_type == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(b"".join(chunks))
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        start = y * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, bpp)
        colours.update(bytes(line[i : i + bpp]) for i in range(0, stride, bpp))
        if len(colours) >= enough:
            break
        previous = line
    return width, height, min(len(colours), enough)


def _unfilter(kind: int, line: bytearray, up: bytearray, bpp: int) -> bytearray:
    """Undo one PNG row filter (PNG spec, section 9)."""
    if kind == 1:
        for i in range(bpp, len(line)):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif kind == 2:
        for i in range(len(line)):
            line[i] = (line[i] + up[i]) & 0xFF
    elif kind == 3:
        for i in range(len(line)):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (left + up[i]) // 2) & 0xFF
    elif kind == 4:
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b = up[i]
            c = up[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
            line[i] = (line[i] + pred) & 0xFF
    return line


def _pdf_boxes(pdf: Path) -> str:
    """poppler's pdftotext -bbox: every page with its size, every word with its place."""
    return subprocess.run(
        [require("pdftotext"), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pdf_page_sizes(pdf: Path) -> set[tuple[int, int]]:
    """The (width, height) of the pages of ``pdf``, in whole points."""
    out = _pdf_boxes(pdf)
    sizes = re.findall(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    return {(round(float(w)), round(float(h))) for w, h in sizes}


def pdf_pages(pdf: Path) -> list[list[str]]:
    """The words of each page of ``pdf`` from the top down, by poppler's pdftotext.

    Words are ordered by where they sit on the page rather than by the order
    in which they were drawn, so "the first words of a page" means the words
    at its top even when a chart's rotated labels were drawn earlier.
    """
    out = _pdf_boxes(pdf)
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", out, flags=re.DOTALL):
        words = [
            (round(float(y)), float(x), html.unescape(text))
            for x, y, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>', page
            )
        ]
        pages.append([text for _, _, text in sorted(words)])
    return pages
