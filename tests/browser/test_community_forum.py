"""The forum, end to end in a real browser, each person at their own browser: a new member starts a
topic (previewing her Markdown), which waits for a moderator to approve it; another member replies
quoting her; a third reports the reply; a moderator hides it from the queue with a reason, and
everyone then sees "hidden by a moderator" in its place. axe runs on every page, in English and
Welsh."""

import pytest
from playwright.sync_api import expect

from community.models import Category, Flag, Post, Topic
from community.services import forum as forum_service
from participation.models import EmailDelivery, NotificationKind, PlatformRole
from tests.browser.conftest import (
    CSP_MARKERS,
    TIMEOUT_MS,
    assert_no_browser_problems,
    axe_check,
    navigate,
    path_of,
    screenshot,
    sign_in,
    visit,
)
from tests.participation.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser

TITLE = "How do you pay participants in a citizens’ panel?"
OPENING = "We pay **£25 an hour** in vouchers. Does anyone pay by bank transfer instead?"
REPLY = "We pay by bank transfer through our research agency; it takes about two weeks."


def submit(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("button", name=label, exact=True).click())


def follow(page, label: str) -> None:
    navigate(page, lambda: page.locator("main").get_by_role("link", name=label, exact=True).first.click())


@pytest.fixture
def open_page(browser, live_server):
    """Another person at another browser (a fresh context each), checked like the `page` fixture."""
    contexts = []

    def open_():
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.browser_problems = []
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and any(marker in message.text for marker in CSP_MARKERS)
                and page.browser_problems.append(f"CSP violation on {page.url}: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: page.browser_problems.append(f"Uncaught JavaScript error: {error}"))
        return page

    yield open_
    pages = [p for context in contexts for p in context.pages]
    for context in contexts:
        context.close()
    for page in pages:
        assert_no_browser_problems(page)


@pytest.fixture
def forum_world(db, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 1  # a new member's first post waits for a moderator
    moderator = UserFactory(
        email="moderator@example.gov.uk", display_name="Mo Reyes", roles=[PlatformRole.FORUM_MODERATOR]
    )
    ada = UserFactory(email="ada@example.gov.uk", display_name="Ada Pryce")
    ben = UserFactory(email="ben@example.gov.uk", display_name="Ben Okafor")
    cara = UserFactory(email="cara@example.gov.uk", display_name="Cara Jenkins")
    category = Category.objects.create(
        slug="recruiting-participants",
        name_en="Recruiting participants",
        name_cy="Recriwtio cyfranogwyr",
        description_en="Finding, paying and supporting the people who take part.",
        description_cy="Dod o hyd i’r bobl sy’n cymryd rhan, eu talu a’u cefnogi.",
    )
    # Ben has posted before, and a moderator approved it: his replies go straight up.
    welcome = forum_service.start_topic(
        category=category, author=ben, title="Introduce yourself", body="I run panels for a local council."
    )
    forum_service.approve_post(post=welcome.posts.get(number=1), moderator=moderator)
    return {"moderator": moderator, "ada": ada, "ben": ben, "cara": cara, "category": category}


def test_a_topic_is_approved_quoted_reported_and_a_reply_hidden(page, open_page, forum_world, totp):
    category, moderator = forum_world["category"], forum_world["moderator"]
    ada, ben, cara = forum_world["ada"], forum_world["ben"], forum_world["cara"]

    # Ada, new here, starts a topic and previews her Markdown as she types.
    sign_in(page, email=ada.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    visit(page, "/community/forum/")
    screenshot(page, "community-forum-index")
    follow(page, category.name_en)
    screenshot(page, "community-forum-category")
    navigate(page, lambda: page.locator("main").get_by_role("button", name="Start a new topic").click())
    page.locator("main").get_by_label("Title").fill(TITLE)
    with page.expect_response(lambda response: response.url.endswith("/community/forum/preview/")):
        page.locator("main").get_by_label("Message").fill(OPENING)
    expect(page.locator("#markdown-preview strong")).to_have_text("£25 an hour")
    axe_check(page)
    screenshot(page, "community-forum-new-topic")
    submit(page, "Post topic")
    topic = Topic.objects.get(title=TITLE)
    assert path_of(page) == topic.get_absolute_url()
    assert "waiting for a moderator" in page.locator("main").inner_text()
    assert topic.posts.get().is_held

    # A moderator approves it from the queue.
    mod_page = open_page()
    sign_in(mod_page, email=moderator.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    visit(mod_page, "/community/forum/")
    follow(mod_page, "Moderation queue")
    assert TITLE in mod_page.locator("main").inner_text()
    screenshot(mod_page, "community-forum-moderation-held")
    follow(mod_page, f"Approve or hide {TITLE}, #1")
    submit(mod_page, "Approve the post")
    assert path_of(mod_page) == "/community/forum/moderation/"
    assert "No posts are waiting for approval." in mod_page.locator("main").inner_text()
    assert not topic.posts.get().is_held

    # Ben replies, quoting her.
    ben_page = open_page()
    sign_in(ben_page, email=ben.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    visit(ben_page, "/community/")
    follow(ben_page, TITLE)
    assert ben_page.locator("#post-1 strong", has_text="£25 an hour").is_visible()
    follow(ben_page, "Quote post #1")
    assert "You are quoting post #1" in ben_page.locator("main").inner_text()
    ben_page.locator("main").get_by_label("Your reply").fill(REPLY)
    screenshot(ben_page, "community-forum-reply-quoting")
    submit(ben_page, "Post reply")
    reply = Post.objects.get(topic=topic, number=2)
    assert reply.quoted.number == 1
    assert not reply.is_held
    quote = ben_page.locator("#post-2 blockquote")
    expect(quote).to_contain_text("Quoting post #1")
    expect(quote).to_contain_text("Ada Pryce")
    expect(ben_page.locator("#post-2")).to_contain_text(REPLY)
    screenshot(ben_page, "community-forum-topic")

    # Cara reports Ben's reply.
    cara_page = open_page()
    sign_in(cara_page, email=cara.email, password=TEST_PASSWORD, totp_secret=None, clock=totp)
    visit(cara_page, topic.get_absolute_url())
    follow(cara_page, "Report post #2")
    submit(cara_page, "Send report")
    assert cara_page.title().startswith("Error:")
    cara_page.locator("main").get_by_label("Shares someone’s personal information").check()
    cara_page.locator("main").get_by_label("Anything else the moderators should know (optional)").fill(
        "It names the agency’s contact, who has not agreed to that."
    )
    screenshot(cara_page, "community-forum-report")
    submit(cara_page, "Send report")
    assert "A moderator will look at the post" in cara_page.locator("main").inner_text()
    assert Flag.objects.get(post=reply).reporter == cara

    # The moderator hides it from the queue, with a reason.
    visit(mod_page, "/community/forum/moderation/")
    queue = mod_page.locator("main").inner_text()
    assert "It names the agency’s contact" in queue
    screenshot(mod_page, "community-forum-moderation-reported")
    follow(mod_page, f"Hide {TITLE}, #2")
    submit(mod_page, "Hide the post")
    assert mod_page.title().startswith("Error:")
    mod_page.locator("main").get_by_label("Why is this post being hidden?").fill(
        "It shares a named person’s contact details without their agreement."
    )
    screenshot(mod_page, "community-forum-hide")
    submit(mod_page, "Hide the post")
    assert path_of(mod_page) == "/community/forum/moderation/"
    assert "No posts have been reported." in mod_page.locator("main").inner_text()
    reply.refresh_from_db()
    assert reply.is_hidden
    assert not Flag.objects.filter(post=reply, resolved_at__isnull=True).exists()
    assert EmailDelivery.objects.filter(recipient=ben, kind=NotificationKind.FORUM_MODERATION).exists()

    # Ada sees the placeholder, not the reply; the moderator still sees both and why.
    visit(page, topic.get_absolute_url())
    hidden = page.locator("#post-2")
    expect(hidden).to_contain_text("This post was hidden by a moderator.")
    expect(hidden).not_to_contain_text(REPLY)
    expect(hidden).not_to_contain_text("contact details")
    expect(page.locator("#post-1")).to_contain_text("£25 an hour")
    screenshot(page, "community-forum-topic-hidden")
    visit(mod_page, topic.get_absolute_url())
    expect(mod_page.locator("#post-2")).to_contain_text(REPLY)
    expect(mod_page.locator("#post-2")).to_contain_text("without their agreement")

    # In Welsh.
    visit(page, "/cy/community/forum/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert category.name_cy in page.locator("main").inner_text()
    screenshot(page, "community-forum-index-cy")
    visit(page, f"/cy{category.get_absolute_url()}")
    visit(page, f"/cy{topic.get_absolute_url()}")
    expect(page.locator("#post-2 .govuk-inset-text")).to_be_visible()
    screenshot(page, "community-forum-topic-cy")
    visit(mod_page, "/cy/community/forum/moderation/")
