"""Helpers for the browser tests: launch flags, one offline page visit, the clean-page assertion.

Every page is opened from a file with all requests blocked and recorded: a test
can assert that the page asked for nothing, logged no error and raised nothing.
Screenshots go to test-artifacts/html/ (gitignored).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "html"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
    # no name resolves: the browser's own background traffic (updater, accounts) cannot leave either
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
VIEWPORT = {"width": 1400, "height": 900}


@dataclass
class Visit:
    """One page opened offline, and everything it tried to do."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)   # anything but the page itself
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def visible_node_ids(self) -> set[str]:
        """The nodes the shown view draws (not hidden by a filter), whichever the renderer."""
        return set(self.js("graphkb.visibleNodeIds()"))

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates (for real mouse clicks and hovers)."""
        return tuple(self.js("""(id) => {
            const p = network.canvasToDOM(network.getPositions([id])[id]);
            const r = document.getElementById('graph').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""", node_id))


def offline_visit(browser: Browser, path: Path, init_script: str | None = None) -> tuple[BrowserContext, Visit]:
    """A fresh context and page for the file at `path`, not yet opened: every other request is
    blocked and recorded, console errors, uncaught exceptions and dialogs too."""
    ctx = browser.new_context(viewport=VIEWPORT)
    page = ctx.new_page()
    visit = Visit(page, Path(path).resolve().as_uri())

    def route(r):
        if r.request.url == visit.url:
            r.continue_()
            return
        if r.request.url not in visit.requests:  # the 'request' event below may have seen it first
            visit.requests.append(r.request.url)
        r.abort()

    ctx.route("**/*", route)
    # requests refused by the page's CSP never reach route(); they still fire 'request'
    page.on("request", lambda r: None if r.url == visit.url or r.url in visit.requests
            else visit.requests.append(r.url))
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
    if init_script:
        page.add_init_script(init_script)
    return ctx, visit


def assert_clean(visit: Visit) -> None:
    """No request attempted, no console error, no uncaught exception, no dialog."""
    assert visit.requests == []
    assert visit.console_errors == []
    assert visit.page_errors == []
    assert visit.dialogs == []
