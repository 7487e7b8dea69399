"""The help widget in a real browser against the real backend: launcher, panel, search, articles,
feedback, support requests, RTL, keyboard, accessibility, a backend that is down, living with tours."""
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import KbFeedback, SupportRequest
from server.services.kb import save_article

from .conftest import dump, free_port, page_url

AXE = Path(__file__).resolve().parents[2] / "sdk_js" / "node_modules" / "axe-core" / "axe.min.js"
HELP_PAGES = [{"url": "/t/help*"}]

ARTICLES = [
    {"slug": "help-reset-password", "locale": "en", "title": "Reset your password",
     "body": "Open **Settings**, then *Security*, and choose a new password.\n\n"
             "<video controls src=\"/media/reset.mp4\"></video>",
     "faq_answer": "Settings, then Security, then Reset password.", "priority": 10},
    {"slug": "help-reset-password", "locale": "th", "title": "ตั้งรหัสผ่านใหม่",
     "body": "เปิดการตั้งค่า แล้วเลือกความปลอดภัย เพื่อเปลี่ยนรหัสผ่านของคุณ", "priority": 10},
    {"slug": "help-reset-password", "locale": "ar", "title": "إعادة تعيين كلمة المرور",
     "body": "افتح الإعدادات ثم الأمان واختر كلمة مرور جديدة.", "priority": 10},
    {"slug": "help-invite-team", "locale": "en", "title": "Invite your team",
     "body": "Send invitations from the **Members** page."},
    {"slug": "help-spa-only", "locale": "en", "title": "Only after the SPA moved",
     "body": "Listed for the second SPA view.", "pages": [{"url": "/t/help-spa/spa-second"}]},
]


@pytest.fixture(scope="module", autouse=True)
def articles(waypost):
    """Published articles for /t/help* pages (made through the KB service the admin API uses)."""
    with waypost.flask_app.app_context():
        app = waypost._app()
        ids = {}
        for data in ARTICLES:
            article = save_article(app, {"pages": HELP_PAGES, "status": "published", **data})
            ids[(article.slug, article.locale)] = article.id
        db.session.commit()  # services only flush; the server reads from its own session
        db.session.remove()
    waypost.tour("help-tour", [{"id": "help-tour-modal", "title": "A tour", "body": "Meanwhile."}],
                 {"url": "/t/help-tour/*"})
    return ids


def rows(waypost, model, **filters):
    with waypost.flask_app.app_context():
        found = [{c.name: getattr(r, c.name) for c in model.__table__.columns}
                 for r in db.session.scalars(select(model).filter_by(**filters).order_by(model.id))]
        db.session.remove()
    return found


def poll(page, fetch, timeout_ms=10000):
    """Calls `fetch` until it returns something truthy (or time runs out)."""
    waited = 0
    while True:
        result = fetch()
        if result or waited >= timeout_ms:
            return result
        page.wait_for_timeout(200)
        waited += 200


def launcher(page):
    return page.locator("[data-waypost-launcher]")


def panel(page):
    return page.locator("[data-waypost-help]")


def open_panel(page, url):
    page.open(url)
    launcher(page).click()
    panel(page).wait_for()


def focused(page) -> str:
    """What has focus, described by its hook (inside our shadow root) or as outside:ID."""
    return page.evaluate("""() => {
        const host = document.activeElement;
        if (!host || host.tagName !== 'WAYPOST-ROOT') return 'outside:' + (host && (host.id || host.tagName));
        const el = host.shadowRoot.activeElement;
        if (!el) return 'root';
        for (const a of ['data-waypost-launcher', 'data-waypost-search', 'data-waypost-article', 'data-waypost-action'])
            if (el.hasAttribute(a)) return a.replace('data-waypost-', '') + ':' + el.getAttribute(a);
        return el.tagName;
    }""")


def test_launcher_opens_the_panel_with_the_pages_articles(page, host, user_id):
    page.open(page_url(host, "help-list", user=user_id, help="on"))
    button = launcher(page)
    assert button.get_attribute("aria-label") == "Help"
    assert button.get_attribute("aria-expanded") == "false"
    box = button.bounding_box()
    assert box["x"] > 1280 - 100 and box["y"] > 800 - 100  # bottom-right by default
    button.click()
    dialog = panel(page)
    dialog.wait_for()
    assert dialog.get_attribute("role") == "dialog"
    assert button.get_attribute("aria-expanded") == "true"
    links = dialog.locator("[data-waypost-article]")
    slugs = [links.nth(i).get_attribute("data-waypost-article") for i in range(links.count())]
    assert slugs == ["help-reset-password", "help-invite-team"], slugs  # priority first; the SPA-only one is not here
    assert "Settings, then Security, then Reset password." in dialog.inner_text()  # the FAQ answer, inline
    assert focused(page) == "search:"
    # the panel sits above the launcher, inside the viewport
    panel_box = dialog.bounding_box()
    assert panel_box["y"] + panel_box["height"] <= box["y"] and panel_box["x"] + panel_box["width"] <= 1280
    button.click()
    dialog.wait_for(state="detached")


def test_launcher_corner_is_configurable(page, host, user_id):
    page.open(page_url(host, "help-left", user=user_id, help="left"))
    assert launcher(page).bounding_box()["x"] < 100


def test_search_as_you_type_highlights_and_opens_an_article(page, waypost, host, user_id, articles):
    open_panel(page, page_url(host, "help-search", user=user_id, help="on"))
    with page.expect_response(lambda r: "/kb/search" in r.url and "q=pasword" in r.url) as info:
        page.locator("[data-waypost-search]").press_sequentially("pasword", delay=30)  # a typo
    assert info.value.status == 200
    panel(page).locator("mark").first.wait_for()  # the server's snippet, as HTML
    result = panel(page).locator('[data-waypost-article="help-reset-password"]')
    result.click()
    article = panel(page).locator('article[data-waypost-article="help-reset-password"]')
    article.wait_for()
    assert article.locator("h3").inner_text() == "Reset your password"
    assert article.locator("strong").inner_text() == "Settings"
    # the video comes from the Waypost server, not from the host page's origin
    assert article.locator("video").get_attribute("src") == f"{waypost.url}/media/reset.mp4"
    assert article.locator("video").get_attribute("controls") is not None

    def viewed():
        return [e for e in waypost.events(user_id) if e["type"] == "article_viewed"]
    events = poll(page, viewed)
    assert len(events) == 1, dump(waypost.events(user_id))
    assert events[0]["article_id"] == str(articles[("help-reset-password", "en")])
    assert events[0]["query"] == "pasword"
    assert [e for e in waypost.events(user_id) if e["type"] == "search" and e["query"] == "pasword"]

    page.locator('[data-waypost-action="help-back"]').click()
    article.wait_for(state="detached")
    assert panel(page).locator("mark").count() >= 1  # back to the results


def test_thai_search_finds_the_thai_article(page, host, user_id):
    open_panel(page, page_url(host, "help-thai", user=user_id, help="on", locale="th"))
    assert panel(page).get_attribute("lang") == "th"
    assert "ตั้งรหัสผ่านใหม่" in panel(page).inner_text()  # the page's article in Thai
    page.locator("[data-waypost-search]").fill("รหัสผ่าน")
    panel(page).locator("mark").first.wait_for()  # results (the page's list had the same article)
    result = panel(page).locator('[data-waypost-article="help-reset-password"]')
    assert result.inner_text() == "ตั้งรหัสผ่านใหม่"
    marked = "".join(panel(page).locator("mark").all_inner_texts())  # Thai is highlighted word by word
    assert "รหัส" in marked and "ผ่าน" in marked, marked


def test_search_without_results_says_so(page, host, user_id):
    open_panel(page, page_url(host, "help-none", user=user_id, help="on"))
    page.locator("[data-waypost-search]").fill("zzqxv")
    panel(page).get_by_text("No articles found").wait_for()  # the server's string


def test_helpful_yes_and_no_store_feedback(page, waypost, host, user_id, articles):
    article_id = articles[("help-invite-team", "en")]
    open_panel(page, page_url(host, "help-feedback", user=user_id, help="on"))
    panel(page).locator('[data-waypost-article="help-invite-team"]').click()
    page.locator('[data-waypost-action="helpful-yes"]').click()
    panel(page).get_by_text("Thank you for your feedback!").wait_for()  # a vote's thanks, not a request's
    page.locator('[data-waypost-action="help-back"]').click()
    panel(page).locator('[data-waypost-article="help-invite-team"]').click()
    page.locator('[data-waypost-action="helpful-no"]').click()
    comment = panel(page).locator("textarea")
    assert focused(page) == "TEXTAREA"
    comment.fill("It does not say how to remove someone.")
    panel(page).locator("form button").click()
    panel(page).get_by_text("Thank you for your feedback!").wait_for()
    assert panel(page).get_by_text("We will get back to you").count() == 0

    def stored():
        found = rows(waypost, KbFeedback, article_id=article_id)
        return found if len(found) >= 2 else None
    feedback = poll(page, stored)
    assert feedback and [(f["helpful"], f["comment"]) for f in feedback[-2:]] == [
        (True, None), (False, "It does not say how to remove someone.")], dump(feedback)
    assert all(f["end_user_id"] is not None for f in feedback)


def test_contact_form_creates_a_support_request(page, waypost, host, user_id):
    url = page_url(host, "help-contact", user=user_id, help="on")
    open_panel(page, url)
    page.locator('[data-waypost-action="contact"]').click()
    message = panel(page).get_by_label("Message")
    email = panel(page).get_by_label("Email (optional)")
    assert focused(page) == "TEXTAREA"
    message.fill(f"Export is broken for {user_id}")
    email.fill("ann@example.com")
    panel(page).locator("form button").click()
    panel(page).get_by_text("Thank you! We will get back to you.").wait_for()  # a request's thanks

    def stored():
        return [r for r in rows(waypost, SupportRequest) if r["message"] == f"Export is broken for {user_id}"]
    requests = poll(page, stored)
    assert len(requests) == 1
    assert requests[0]["email"] == "ann@example.com"
    assert requests[0]["context"]["page"] == f"/t/help-contact/index?user={user_id}&help=on"


def test_arabic_panel_is_right_to_left_and_stays_in_the_hosts_corner(page, host, user_id):
    open_panel(page, page_url(host, "help-rtl", user=user_id, help="on", locale="ar"))
    assert panel(page).get_attribute("dir") == "rtl"
    assert panel(page).get_attribute("lang") == "ar"
    assert launcher(page).get_attribute("aria-label") == "مساعدة"
    width = page.viewport_size["width"]
    # the host page is left-to-right: its end corner, bottom-right, whatever the help's language
    assert launcher(page).bounding_box()["x"] > width - 100
    box = panel(page).bounding_box()
    assert box["x"] + box["width"] > width - 40
    assert "إعادة تعيين كلمة المرور" in panel(page).inner_text()


@pytest.mark.parametrize("help_option, host_dir, left", [
    ("on", "rtl", True), ("on", "ltr", False), ("left", "ltr", True), ("left", "rtl", True)])
def test_the_launchers_corner_follows_the_host_page_unless_the_app_chooses(page, host, user_id, help_option,
                                                                          host_dir, left):
    open_panel(page, page_url(host, "help-corner", user=user_id, help=help_option, locale="en", hostdir=host_dir))
    width = page.viewport_size["width"]
    for element in (launcher(page), panel(page)):
        box = element.bounding_box()
        assert (box["x"] < 100) if left else (box["x"] + box["width"] > width - 40), (element, box)


def test_fallback_language_content_keeps_its_own_direction_in_an_arabic_panel(page, waypost, host, user_id):
    with waypost.flask_app.app_context():
        save_article(waypost._app(), {"slug": "help-magic-link", "locale": "en", "title": "Sign in with a link.",
                                      "body": "The link in the email works for one hour.", "status": "published",
                                      "faq_answer": "The link in the email works for one hour.",
                                      "pages": [{"url": "/t/help-fallback*"}]})
        db.session.commit()
        db.session.remove()
    open_panel(page, page_url(host, "help-fallback", user=user_id, help="on", locale="ar"))
    item = panel(page).locator("li").filter(has=page.locator('[data-waypost-article="help-magic-link"]'))
    assert (item.get_attribute("lang"), item.get_attribute("dir")) == ("en", "auto")
    # the browser resolves the English text left-to-right: its period is drawn at its end, on the right
    assert item.locator("p").evaluate("p => getComputedStyle(p).direction") == "ltr"
    assert panel(page).evaluate("el => getComputedStyle(el).direction") == "rtl"
    item.locator("button").click()
    article = panel(page).locator('article[data-waypost-article="help-magic-link"]')
    article.wait_for()
    assert (article.get_attribute("lang"), article.get_attribute("dir")) == ("en", "ltr")


def test_keyboard_enter_opens_escape_closes_and_focus_returns(page, host, user_id):
    page.open(page_url(host, "help-keys", user=user_id, help="on"))
    launcher(page).focus()
    page.keyboard.press("Enter")
    panel(page).wait_for()
    assert focused(page) == "search:"
    page.keyboard.press("Tab")
    assert focused(page) == "article:help-reset-password"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "action:help-close"
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "launcher:"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # opens the article
    panel(page).locator("article").wait_for()
    assert focused(page) == "H3"
    page.keyboard.press("Escape")
    panel(page).wait_for(state="detached")
    assert focused(page) == "launcher:"


def axe_violations(page, selector):
    if not AXE.exists():
        pytest.fail("axe-core missing: run `npm ci` in sdk_js")
    page.wait_for_function("""() => document.querySelector('waypost-root').shadowRoot
        .getAnimations().every(a => a.playState === 'finished')""")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("""async (selector) => {
        const r = await axe.run({include: [{fromShadowDom: ['waypost-root', selector]}]},
                                {resultTypes: ['violations', 'passes']});
        return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html)})),
                passes: r.passes.map(p => p.id)};
    }""", selector)


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_axe_finds_no_violations_in_the_panel_and_an_article(page, host, user_id, locale):
    open_panel(page, page_url(host, "help-a11y", user=user_id, help="on", locale=locale))
    result = axe_violations(page, "[data-waypost-help]")
    assert result["violations"] == [], dump(result["violations"])
    assert {"aria-dialog-name", "button-name", "color-contrast"} <= set(result["passes"]), result["passes"]
    launcher_result = axe_violations(page, "[data-waypost-launcher]")
    assert launcher_result["violations"] == [], dump(launcher_result["violations"])
    panel(page).locator('[data-waypost-article="help-reset-password"]').click()
    panel(page).locator("article").wait_for()
    page.locator('[data-waypost-action="helpful-no"]').click()  # the comment field is labelled too
    result = axe_violations(page, "[data-waypost-help]")
    assert result["violations"] == [], dump(result["violations"])
    page.locator('[data-waypost-action="contact"]').click()
    result = axe_violations(page, "[data-waypost-help]")
    assert result["violations"] == [], dump(result["violations"])
    assert "label" in result["passes"]


def test_backend_down_the_launcher_still_works_and_nothing_is_thrown(page, host, user_id):
    down = f"http://127.0.0.1:{free_port()}"
    page.goto(page_url(host, "help-down", user=user_id, help="on", server=down, sdk="host"))
    launcher(page).click()
    panel(page).wait_for()
    assert panel(page).locator("[data-waypost-article]").count() == 0
    page.locator("[data-waypost-search]").fill("password")
    panel(page).get_by_text("Something went wrong").wait_for()
    page.locator('[data-waypost-action="contact"]').click()
    panel(page).get_by_label("Message").fill("Anyone there?")
    panel(page).locator("form button").click()
    panel(page).get_by_text("Something went wrong").wait_for()
    page.keyboard.press("Escape")
    panel(page).wait_for(state="detached")
    # (the new_page fixture fails the test on any uncaught error in the page)


def test_articles_follow_spa_route_changes(page, host, user_id):
    open_panel(page, page_url(host, "help-spa", "first", user=user_id, help="on"))
    assert panel(page).locator('[data-waypost-article="help-spa-only"]').count() == 0
    page.locator("#spa-link").click()  # the panel is not modal: the host page stays usable
    page.wait_for_url("**/t/help-spa/spa-second")
    panel(page).locator('[data-waypost-article="help-spa-only"]').wait_for()


def test_the_launcher_stays_below_a_tours_overlay(page, host, user_id):
    page.goto(page_url(host, "help-tour", user=user_id, help="on"))
    page.step("help-tour-modal").wait_for()
    box = launcher(page).bounding_box()
    on_top = page.evaluate("""([x, y]) => {
        const el = document.querySelector('waypost-root').shadowRoot.elementFromPoint(x, y);
        return el.tagName.toLowerCase();
    }""", [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top == "path"  # the overlay, drawn over the launcher
    # help opened meanwhile (the host's own button, say) shows above the overlay; Escape there is the panel's
    page.evaluate("Waypost('help', 'open')")
    panel(page).wait_for()
    page.locator("[data-waypost-search]").focus()
    page.keyboard.press("Escape")
    panel(page).wait_for(state="detached")
    assert page.step("help-tour-modal").count() == 1
    page.keyboard.press("Escape")  # now the tour's
    page.step().wait_for(state="detached")
    launcher(page).click()
    panel(page).wait_for()


def test_search_snippets_keep_no_space_where_markup_was(page, waypost, host, user_id):
    with waypost.flask_app.app_context():
        save_article(waypost._app(), {"slug": "help-share-link", "locale": "en", "title": "Share a board",
                                      "body": "Open the board, click **Share**, and then *Copy link*.",
                                      "pages": [{"url": "/t/help-snippet*"}], "status": "published"})
        db.session.commit()
        db.session.remove()
    open_panel(page, page_url(host, "help-snippet", user=user_id, help="on"))
    page.locator("[data-waypost-search]").press_sequentially("copy link", delay=20)
    hit = panel(page).locator("li").filter(has=page.locator('[data-waypost-article="help-share-link"]'))
    hit.locator("mark").first.wait_for()
    text = " ".join(hit.inner_text().split())
    assert "click Share, and then Copy link." in text, text
    assert " ," not in text and " ." not in text


@pytest.mark.parametrize("locale, width", [("en", 1280), ("ar", 1280), ("en", 375), ("ar", 375)])
def test_axe_finds_no_violations_in_any_state_of_the_panel(page, host, user_id, locale, width):
    page.set_viewport_size({"width": width, "height": 740})
    open_panel(page, page_url(host, "help-states", user=user_id, help="on", locale=locale))
    search = page.locator("[data-waypost-search]")
    found = {}

    def check(state):
        result = axe_violations(page, "[data-waypost-help]")
        found[state] = result["violations"]
        assert "color-contrast" in result["passes"] or result["violations"], state

    check("list")
    search.fill("password")
    panel(page).locator("mark").first.wait_for()
    check("results")
    search.fill("qqqzzzxxx")
    panel(page).locator('[role="status"]').filter(has_text=re.compile(r"\S")).first.wait_for()
    check("no results")
    search.fill("")
    panel(page).locator('[data-waypost-article="help-invite-team"]').click()
    panel(page).locator("article").wait_for()
    check("article")
    page.locator('[data-waypost-action="helpful-no"]').click()
    check("vote comment")
    panel(page).locator("form button").click()
    panel(page).locator("article [role=status]").filter(has_text=re.compile(r"\S")).wait_for()
    check("voted")
    page.locator('[data-waypost-action="contact"]').click()
    check("contact form")
    panel(page).get_by_label(re.compile("Message|الرسالة")).fill("Where is the export?")
    panel(page).locator("form button").click()
    panel(page).locator("[role=status]").filter(has_text=re.compile(r"\S")).last.wait_for()
    check("sent")
    assert {state: v for state, v in found.items() if v} == {}
    box = panel(page).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width


ADD_LINK = """document.addEventListener('DOMContentLoaded', () => {
    const link = document.createElement('a');
    link.id = 'kb-link';
    link.href = '#help-center';
    link.dataset.waypostArticle = 'help-reset-password';
    link.textContent = 'How do I reset my password?';
    document.body.prepend(link);
});"""


@pytest.mark.parametrize("width", [375, 1280])
def test_a_link_on_the_host_page_opens_its_article_which_says_when_it_was_updated(page, host, user_id, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.add_init_script(ADD_LINK)
    page.open(page_url(host, "help-link", user=user_id, help="on", locale="ar"))
    launcher(page).wait_for()  # the widget is loaded
    page.locator("#kb-link").click()
    article = panel(page).locator('article[data-waypost-article="help-reset-password"]')
    article.wait_for()
    assert page.evaluate("location.hash") == ""  # opened here, not followed
    updated = article.locator("h3 + p")
    assert updated.get_attribute("lang") == "ar" and updated.get_attribute("dir") == "rtl"
    assert updated.inner_text().startswith("آخر تحديث:")
    result = axe_violations(page, "[data-waypost-help]")
    assert result["violations"] == [], dump(result["violations"])


def test_a_link_to_an_article_is_followed_while_the_widget_is_not_loaded(page, host, user_id):
    page.add_init_script(ADD_LINK)
    page.open(page_url(host, "help-link", user=user_id))  # no launcher: the widget loads on first use
    page.locator("#kb-link").click()
    assert page.evaluate("location.hash") == "#help-center"  # the host's own link worked
    page.wait_for_load_state("networkidle")  # meanwhile the first click had the widget loaded
    page.locator("#kb-link").click()  # so this one opens the article
    panel(page).locator('article[data-waypost-article="help-reset-password"]').wait_for()


@pytest.fixture(scope="module")
def billing_category(waypost):
    from server.services.kb import save_category
    with waypost.flask_app.app_context():
        app = waypost._app()
        save_category(app, {"slug": "help-billing", "name": "Billing", "names": {"ar": "الفوترة"}, "position": 0})
        for locale, title in (("en", "Pay an invoice"), ("ar", "دفع فاتورة")):
            save_article(app, {"slug": "help-pay-invoice", "locale": locale, "title": title, "body": title,
                               "category": "help-billing", "status": "published"})
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("width", [375, 1280])
def test_categories_are_browsed_in_arabic_and_searched_within(page, host, user_id, billing_category, width):
    page.set_viewport_size({"width": width, "height": 800})
    open_panel(page, page_url(host, "help-topics", user=user_id, help="on", locale="ar"))
    topic = panel(page).locator('[data-waypost-category="help-billing"]')
    assert topic.inner_text() == "الفوترة"
    result = axe_violations(page, "[data-waypost-help]")
    assert result["violations"] == [], dump(result["violations"])
    topic.click()
    assert panel(page).locator("h3").first.inner_text() == "الفوترة"
    listed = panel(page).locator("[data-waypost-article]")
    assert [listed.nth(i).inner_text() for i in range(listed.count())] == ["دفع فاتورة"]
    with page.expect_response(lambda r: "/kb/search" in r.url and "category=help-billing" in r.url):
        panel(page).locator("[data-waypost-search]").fill("فاتورة")
    panel(page).locator('[data-waypost-article="help-pay-invoice"]').wait_for()
    box = panel(page).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    result = axe_violations(page, "[data-waypost-help]")
    assert result["violations"] == [], dump(result["violations"])


def test_the_categories_answering_late_leave_the_focus_where_it_is(page, host, user_id, billing_category):
    def late(route):
        page.wait_for_timeout(700)
        route.continue_()
    page.route("**/api/v1/sdk/kb/categories*", late)
    page.open(page_url(host, "help-late", user=user_id, help="on"))
    launcher(page).focus()
    page.keyboard.press("Enter")
    panel(page).wait_for()
    page.keyboard.press("Tab")
    assert focused(page) == "article:help-reset-password"
    panel(page).locator("[data-waypost-category]").first.wait_for()  # the late answer is drawn
    assert focused(page) == "article:help-reset-password"
