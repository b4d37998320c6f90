"""Open every page of a built site in headless Chromium and report what is wrong with it.

Chromium is driven over the DevTools protocol through a pipe (`--remote-debugging-pipe`:
JSON messages separated by NUL bytes on file descriptors 3 and 4), which needs no
websocket library, no TCP port for the browser and nothing beyond the standard library.
The site is served by `http.server` on 127.0.0.1 and a free port.

For each page it records console errors and uncaught exceptions, failed or non-local
requests, images that did not load (naturalWidth 0), math left unrendered (raw `$$`,
`\\(`, `\\[` or `$...$` in the text, `.arithmatex` elements that KaTeX did not render,
KaTeX error elements), diagrams left unrendered (a `pre.diagram-src` that Mermaid did not
replace, `.diagram-error`), plots without a caption (an image of gen/img/ outside a
`figure` with a non-empty `figcaption`), links to a page or an anchor the site does not
have, a page wider than the screen, and saves a full-page screenshot. Every page is opened
at each of VIEWPORTS: a desktop and a phone width.
"""
from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    "--no-default-browser-check", "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--remote-debugging-pipe", "--window-size=1280,900",
)

# Runs in the page after load: what is there, what is broken.
PAGE_CHECK_JS = r"""
(() => {
  const skip = (el) => el.closest('pre, code, script, style, .katex, .arithmatex, textarea, .md-search');
  const walker = document.createTreeWalker(document.querySelector('article') || document.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  const patterns = [/\$\$/, /\\\(/, /\\\)/, /\\\[/, /\\\]/, /\$[^$\s][^$\n]{0,200}\$/];
  while (walker.nextNode()) {
    const n = walker.currentNode;
    if (!n.parentElement || skip(n.parentElement)) continue;
    const t = n.textContent;
    if (patterns.some((p) => p.test(t))) raw.push(t.trim().slice(0, 120));
  }
  const math = document.querySelectorAll('.arithmatex');
  const unrendered = [...math].filter((el) => !el.querySelector('.katex')).map((el) => el.textContent.slice(0, 80));
  const article = document.querySelector('article') || document.body;
  const uncaptioned = [...article.querySelectorAll('img')].filter((im) => /(^|\/)img\//.test(im.getAttribute('src') || ''))
    .filter((im) => { const f = im.closest('figure'); const c = f && f.querySelector('figcaption');
                      return !c || c.textContent.trim().length < 20; })
    .map((im) => im.getAttribute('src'));
  const links = [...document.querySelectorAll('a[href]')].map((a) => a.href)
    .filter((h) => h.startsWith(location.origin));
  const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
  const images = [...document.images].map((i) => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0, w: i.naturalWidth}));
  return JSON.stringify({
    title: document.title,
    arithmatex: math.length,
    katex: document.querySelectorAll('.katex').length,
    katex_errors: [...document.querySelectorAll('.katex-error, .math-error')].map((e) => e.textContent.slice(0, 80)),
    unrendered: unrendered,
    raw_math_text: raw,
    images: images,
    diagrams: document.querySelectorAll('.diagram svg').length,
    diagrams_unrendered: document.querySelectorAll('pre.diagram-src').length,
    diagram_errors: document.querySelectorAll('.diagram-error').length,
    uncaptioned: uncaptioned,
    links: links,
    ids: ids,
    viewport: window.innerWidth,
    h1: (document.querySelector('article h1') || {}).textContent || '',
    text_length: (document.querySelector('article') || document.body).innerText.length,
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  });
})()
"""


def find_chromium() -> str | None:
    for c in CHROMIUM_CANDIDATES:
        p = shutil.which(c)
        if p:
            return p
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 and a free port; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class DevTools:
    """A minimal DevTools protocol client over Chromium's debugging pipe."""

    def __init__(self, chromium: str, timeout: float = 30.0):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="reposelect-chromium-")
        to_child_r, self._to_child_w = os.pipe()
        self._from_child_r, from_child_w = os.pipe()

        def wire_fds():  # in the child: the browser reads commands on fd 3, writes replies on fd 4
            a, b = os.dup(to_child_r), os.dup(from_child_w)  # copies that 3 and 4 cannot clobber
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_fds, close_fds=False,  # fds 3 and 4 must survive; the rest are close-on-exec
        )
        os.close(to_child_r)
        os.close(from_child_w)
        os.set_blocking(self._from_child_r, False)
        self._buf = b""
        self._next_id = 0
        self.events: list[dict] = []

    # -- transport
    def _send(self, msg: dict) -> None:
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self._to_child_w, data)
            data = data[n:]

    def _read_one(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message from Chromium in time")
            r, _, _ = select.select([self._from_child_r], [], [], left)
            if r:
                chunk = os.read(self._from_child_r, 1 << 20)
                if not chunk:
                    raise RuntimeError(f"Chromium closed the debugging pipe (exit code {self.proc.poll()})")
                self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        mid = self._next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self._send(msg)
        deadline = time.monotonic() + self.timeout
        while True:
            m = self._read_one(deadline)
            if m.get("id") == mid:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method: str, session: str | None, timeout: float | None = None) -> dict:
        """Wait for an event (earlier buffered events count); returns it."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method and e.get("sessionId") == session:
                    return self.events.pop(i)
            self.events.append(self._read_one(deadline))

    def drain(self, quiet_for: float = 0.2) -> None:
        """Collect events until none arrives for `quiet_for` seconds."""
        while True:
            try:
                self.events.append(self._read_one(time.monotonic() + quiet_for))
            except TimeoutError:
                return

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._send({"id": 10**9, "method": "Browser.close", "params": {}})
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child_w, self._from_child_r):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)


@dataclass
class PageReport:
    path: str
    url: str
    screenshot: Path | None = None
    info: dict = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    viewport: str = "desktop"
    dead_links: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        i, out = self.info, []
        out += [f"console error: {e}" for e in self.console_errors]
        out += [f"request failed: {r}" for r in self.failed_requests]
        out += [f"request to a non-local host: {r}" for r in self.external_requests]
        out += [f"image did not load: {im['src']}" for im in i.get("images", []) if not im["ok"]]
        out += [f"math not rendered: {t!r}" for t in i.get("unrendered", [])]
        out += [f"KaTeX error: {t!r}" for t in i.get("katex_errors", [])]
        out += [f"raw math left in the text: {t!r}" for t in i.get("raw_math_text", [])]
        if i.get("arithmatex", 0) and not i.get("katex", 0):
            out.append("the page has math but no rendered math element")
        if not i.get("h1"):
            out.append("no page title (h1)")
        if i.get("diagrams_unrendered") or i.get("diagram_errors"):
            out.append(f"diagram not rendered ({i.get('diagrams_unrendered')} left as text, "
                       f"{i.get('diagram_errors')} errors)")
        out += [f"plot without a caption: {src}" for src in i.get("uncaptioned", [])]
        out += [f"dead link: {d}" for d in self.dead_links]
        if i.get("viewport") and i.get("width", 0) > i["viewport"] + 2:
            out.append(f"page is wider ({i['width']} px) than the screen ({i['viewport']} px)")
        return [f"{self.path} [{self.viewport}]: {p}" for p in out]


def pages_of(site: Path) -> list[str]:
    """Every HTML page of a built mkdocs site, as paths relative to it (the 404 page aside)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.name != "404.html" and "assets" not in p.relative_to(site).parts)


# (name, width, height, mobile): each page is opened at every one
VIEWPORTS = (("desktop", 1280, 900, False), ("phone", 390, 844, True))

WAIT_DIAGRAMS_JS = "!document.querySelector('pre.diagram-src') || document.documentElement.dataset.diagrams === 'done'"


def check_site(site: Path, shots: Path, chromium: str, max_shot_height: int = 9000,
               viewports=VIEWPORTS) -> list[PageReport]:
    shots.mkdir(parents=True, exist_ok=True)
    reports = []
    with serve(site) as base:
        dt = DevTools(chromium)
        try:
            target = dt.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            sid = dt.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                dt.call(f"{domain}.enable", session=sid)
            for vp_name, vp_w, vp_h, mobile in viewports:
                dt.call("Emulation.setDeviceMetricsOverride",
                        {"width": vp_w, "height": vp_h, "deviceScaleFactor": 1, "mobile": mobile}, session=sid)
                reports += _check_pages(dt, sid, site, base, shots, vp_name, vp_w, max_shot_height,
                                        suffix="" if vp_name == viewports[0][0] else f"-{vp_name}")
        finally:
            dt.close()
    _check_links(reports, site, base)
    return reports


def _check_links(reports: list[PageReport], site: Path, base: str) -> None:
    """A link to a page of the site must reach a built page, and its #anchor an id on that page."""
    ids = {(r.path, r.viewport): set(r.info.get("ids", [])) for r in reports}
    for r in reports:
        for href in r.info.get("links", []):
            u = urlparse(href)
            path = u.path.removeprefix(urlparse(base).path) or "index.html"
            if path.endswith("/"):
                path += "index.html"
            target = site / path
            if not target.is_file():
                r.dead_links.append(href)
                continue
            if u.fragment and path.endswith(".html"):
                have = ids.get((path, r.viewport))
                if have is None:  # a page the walk did not open (404.html): read its ids from the file
                    have = set(re.findall(r'\sid="([^"]+)"', target.read_text(encoding="utf-8", errors="replace")))
                if unquote(u.fragment) not in have:
                    r.dead_links.append(href)


def _check_pages(dt, sid, site, base, shots, vp_name, vp_w, max_shot_height, suffix) -> list[PageReport]:
    reports = []
    for path in pages_of(site):
        rep = PageReport(path, base + path, viewport=vp_name)
        dt.events.clear()
        dt.call("Page.navigate", {"url": rep.url}, session=sid)
        dt.wait_event("Page.loadEventFired", sid)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # diagrams render after load
            r = dt.call("Runtime.evaluate", {"expression": WAIT_DIAGRAMS_JS, "returnByValue": True},
                        session=sid)
            if r.get("result", {}).get("value"):
                break
            time.sleep(0.1)
        dt.drain(0.15)
        for e in dt.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                rep.console_errors.append(" ".join(str(a.get("value", a.get("description", "")))
                                                   for a in p.get("args", [])))
            elif m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                rep.console_errors.append(d.get("exception", {}).get("description") or d.get("text", ""))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                en = p["entry"]
                rep.console_errors.append(f"{en.get('text', '')} {en.get('url', '')}".strip())
            elif m == "Network.requestWillBeSent":
                u = urlparse(p.get("request", {}).get("url", ""))
                if u.scheme in ("http", "https", "ws", "wss") and u.hostname != "127.0.0.1":
                    rep.external_requests.append(u.geturl())
            elif m == "Network.loadingFailed" and not p.get("canceled"):
                rep.failed_requests.append(f"{p.get('errorText')} (request {p.get('requestId')})")
            elif m == "Network.responseReceived" and p.get("response", {}).get("status", 200) >= 400:
                rep.failed_requests.append(f"HTTP {p['response']['status']} {p['response']['url']}")
        res = dt.call("Runtime.evaluate", {"expression": PAGE_CHECK_JS, "returnByValue": True},
                      session=sid)
        rep.info = json.loads(res["result"]["value"])
        height = min(int(rep.info["height"]), max_shot_height)
        shot = dt.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": vp_w, "height": height, "scale": 1}}, session=sid)
        rep.screenshot = shots / (path.replace("/", "__").removesuffix(".html") + suffix + ".png")
        rep.screenshot.write_bytes(base64.b64decode(shot["data"]))
        reports.append(rep)
    return reports
