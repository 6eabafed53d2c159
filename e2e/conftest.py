"""Browser journeys in Debian's Chromium, driven by Playwright, checked with axe-core.

Without /usr/bin/chromium the journeys are skipped loudly; with CI=true that is a failure.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("SAMENKRACHT_CHROMIUM", "/usr/bin/chromium"))
AXE_SOURCE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _missing_browser_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} ontbreekt (Debian-pakket 'chromium')"
    if not AXE_SOURCE.exists():
        return f"{AXE_SOURCE} ontbreekt (npm ci)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "het Python-pakket playwright ontbreekt"
    return None


def _is_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing_browser_reason()
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # Under CI the journeys run and fail in the `browser` fixture instead.
            if reason is not None and not _is_ci():
                item.add_marker(pytest.mark.skip(reason=f"BROWSERTESTS OVERGESLAGEN: {reason}"))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    reason = _missing_browser_reason()
    if reason is None:
        return
    if _is_ci():
        terminalreporter.write_sep(
            "!", f"CI=true en browsertests konden niet draaien: {reason}", red=True
        )
    else:
        terminalreporter.write_sep("#", f"BROWSERTESTS OVERGESLAGEN: {reason}", yellow=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = _missing_browser_reason()
    if reason is not None:
        # Only reached with CI=true: a skipped journey must not pass for a green run.
        pytest.fail(f"CI=true maar de browsertests kunnen niet draaien: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


class AxeViolations(AssertionError):
    pass


def axe_check(page: Any) -> None:
    """Fail on any serious or critical WCAG 2.1 A/AA violation on the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    if bad:
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in bad
        ]
        raise AxeViolations(f"axe-core op {page.url}:\n" + "\n".join(lines))


@pytest.fixture
def axe() -> Any:
    return axe_check
