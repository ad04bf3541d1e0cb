"""Fixtures for the browser tests: real headless Chromium (Debian's /usr/bin/chromium) driven by
Playwright, each page opened from a file with every other request blocked and recorded."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from offline_browser import CHROMIUM, LAUNCH_ARGS, VIEWPORT, Visit


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """open_page(path) -> Visit: the file opened in a fresh context, every other request blocked."""
    contexts = []

    def open_(path: Path) -> Visit:
        ctx = browser.new_context(viewport=VIEWPORT)
        contexts.append(ctx)
        page = ctx.new_page()
        visit = Visit(page, Path(path).resolve().as_uri())

        def route(r):
            if r.request.url == visit.url:
                r.continue_()
            else:
                visit.requests.append(r.request.url)
                r.abort()

        ctx.route("**/*", route)
        # requests refused by the page's CSP never reach route(); they still fire 'request'
        page.on("request", lambda r: None if r.url == visit.url or r.url in visit.requests
                else visit.requests.append(r.url))
        page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
        page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
        page.goto(visit.url, wait_until="load")
        page.wait_for_function("document.body.dataset.ready === '1'", timeout=30_000)
        return visit

    yield open_
    for ctx in contexts:
        ctx.close()
