"""The forum, for signed-in members: categories, topics, posts, subscriptions, search, and the
moderators' tools. Writes go through community.services.forum.

Visibility: a held post is seen by its author and the moderators only; a hidden post is a
placeholder ("hidden by a moderator") for members and shown in full to moderators; a topic with
no visible post (its opening post held) exists only for its author and the moderators."""

import uuid
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.forms.forum import (
    FlagForm,
    HideForm,
    PostEditForm,
    PreviewForm,
    ReplyForm,
    SearchForm,
    SubscribeForm,
    SuspendForm,
    TopicForm,
    TopicModerationForm,
)
from community.models import Category, Flag, Post, SubscriptionMode, Topic, TopicReadState, TopicSubscription
from community.permissions import can_edit_post, can_post, can_reply, is_forum_moderator
from community.services import forum as forum_service
from participation.models import User
from participation.services.markdown import render_markdown
from participation.services.page_cache import cached_each
from participation.services.prepared import PreparedQuery
from participation.services.search import CappedPaginator, in_order, search, search_newest

PAGE_SIZE = 25
# Search ranks and counts this many matching posts at most, the newest (see search_newest).
SEARCH_COUNT_CAP = 1000
QUEUE_HELD_LIMIT = 50


# ---------------------------------------------------------------------------------------------
# Scoping


def _visible_topics(user, moderator: bool):
    topics = Topic.objects.all()
    if not moderator:
        topics = topics.filter(Q(post_count__gt=0) | Q(author=user))
    return topics


def _visible_posts(user, moderator: bool):
    posts = Post.objects.all()
    if not moderator:
        posts = posts.filter(Q(is_held=False) | Q(author=user))
    return posts


def _topic(request, pk, moderator: bool) -> Topic:
    topics = _visible_topics(request.user, moderator).select_related("category")
    return get_object_or_404(topics, pk=pk)


def _post(request, pk, moderator: bool) -> Post:
    posts = _visible_posts(request.user, moderator).select_related("topic__category", "author")
    post = get_object_or_404(posts, pk=pk)
    if not moderator and post.topic.post_count == 0 and post.topic.author_id != request.user.pk:
        raise Http404
    return post


def _show_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# ---------------------------------------------------------------------------------------------
# Reading


@require_GET
def forum_index(request):
    categories = list(Category.objects.all())
    context = {"categories": categories, "is_moderator": is_forum_moderator(request.user)}
    return render(request, "community/forum/forum_index.html", context)


@require_GET
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    user = request.user
    moderator = is_forum_moderator(user)
    read = TopicReadState.objects.filter(topic=OuterRef("pk"), user=user).values("last_read_number")[:1]
    unread = (
        Post.objects.filter(topic=OuterRef("pk"), is_hidden=False, is_held=False)
        .filter(number__gt=Coalesce(OuterRef("last_read"), Value(0)))
        .order_by()
        .values("topic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    topics = (
        _visible_topics(user, moderator)
        .filter(category=category)
        .select_related("author", "last_post_author")
        .annotate(last_read=Subquery(read, output_field=IntegerField()))
        .annotate(unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))
        .order_by("-is_pinned", "-last_post_at", "-created_at")
    )
    page = Paginator(topics, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "category": category,
        "page": page,
        "topics": page.object_list,
        "can_post": can_post(user),
        "is_moderator": moderator,
    }
    return render(request, "community/forum/category_detail.html", context)


# The topic page's two queries, compiled once per process (participation.services.prepared):
# compiling the topic's subqueries and the posts' joins costs more CPU than Postgres takes to run
# them. The reader's id fills one placeholder for each place the SQL needs it; a moderator's
# queries have no visibility filter, so no place for it there.


def _topic_with_state_query(moderator: bool) -> PreparedQuery:
    def build(pk, read_by, subscribed_by, seen_by=None):
        read = TopicReadState.objects.filter(topic=OuterRef("pk"), user=read_by).values("last_read_number")[:1]
        mode = TopicSubscription.objects.filter(topic=OuterRef("pk"), user=subscribed_by).values("mode")[:1]
        last_number = Post.objects.filter(topic=OuterRef("pk")).order_by("-number").values("number")[:1]
        return (
            _visible_topics(seen_by, moderator)
            .filter(pk=pk)
            .select_related("category")
            .annotate(
                last_read=Subquery(read, output_field=IntegerField()),
                subscription_mode=Subquery(mode),
                last_number=Coalesce(Subquery(last_number, output_field=IntegerField()), Value(0)),
            )
        )

    readers = 2 if moderator else 3
    return PreparedQuery(build, uuid.uuid4(), *(uuid.uuid4() for _ in range(readers)))


def _page_posts_query(moderator: bool) -> PreparedQuery:
    def build(topic, first, last, flagged_by, seen_by=None):
        return (
            _visible_posts(seen_by, moderator)
            .filter(topic=topic, number__gte=first, number__lte=last)
            # quoted__topic: a quote links to its post, whose address needs the topic (else a query per quote).
            .select_related("author", "quoted__author", "quoted__topic")
            .annotate(was_flagged=Exists(Flag.objects.filter(post=OuterRef("pk"), reporter=flagged_by)))
            .order_by("number")
        )

    readers = 1 if moderator else 2
    # Post numbers in the range of a PositiveIntegerField: Django drops a lookup it knows is always true.
    return PreparedQuery(build, uuid.uuid4(), 2_000_000_001, 2_000_000_002, *(uuid.uuid4() for _ in range(readers)))


_TOPIC_WITH_STATE = {moderator: _topic_with_state_query(moderator) for moderator in (False, True)}
_PAGE_POSTS = {moderator: _page_posts_query(moderator) for moderator in (False, True)}


def _post_variant(post, *, moderator: bool) -> str:
    """Everything `_post.html` draws from: the post's and its quote's fields as shown, the
    language and time zone, and what this reader may do with the post."""
    quoted = post.quoted if post.quoted_id else None
    return repr(
        (
            get_language(),
            get_current_timezone_name(),
            settings.FORUM_POSTS_PER_PAGE,
            post.pk,
            post.topic_id,
            post.number,
            post.created_at,
            post.edited_at,
            post.body,
            post.author_id,
            post.author.display_name if post.author else None,
            post.is_held,
            post.is_hidden,
            post.hidden_reason,
            quoted
            and (
                quoted.pk,
                quoted.topic_id,
                quoted.number,
                quoted.is_held,
                quoted.is_hidden,
                quoted.body,
                quoted.author.display_name if quoted.author else None,
            ),
            moderator,
            post.is_by_reader,
            post.is_new,
            post.shows_body,
            post.can_quote,
            post.can_edit,
            post.can_flag,
            post.was_flagged,
        )
    )


def _render_post(post, *, moderator: bool) -> str:
    post.html = render_markdown(post.body) if post.shows_body else ""
    context = {"post": post, "topic": post.topic, "is_moderator": moderator}
    return render_to_string("community/forum/_post.html", context)


def _topic_with_state(user, pk, moderator: bool) -> Topic:
    seen_by = () if moderator else (user.pk,)
    found = _TOPIC_WITH_STATE[moderator].all(pk, user.pk, user.pk, *seen_by)
    if not found:
        raise Http404
    return found[0]


def _page_posts(user, topic: Topic, page, moderator: bool) -> list[Post]:
    """The page's posts, each with what the reader may do with it and its HTML (`post.article`)."""
    per_page = settings.FORUM_POSTS_PER_PAGE
    first, last = (page.number - 1) * per_page + 1, page.number * per_page
    seen_by = () if moderator else (user.pk,)
    posts = _PAGE_POSTS[moderator].all(topic.pk, first, last, user.pk, *seen_by)
    replying = can_reply(user, topic)
    last_read = topic.last_read or 0
    for post in posts:
        post.topic = topic
        post.is_by_reader = post.author_id == user.pk
        post.is_new = post.number > last_read and not post.is_by_reader
        post.shows_body = post.is_visible or moderator or (post.is_held and post.is_by_reader)
        post.can_quote = replying and post.is_visible
        post.can_edit = can_edit_post(user, post)
        post.can_flag = post.is_visible and not post.is_by_reader and not post.was_flagged
    articles = cached_each(
        "forum-post", posts, partial(_post_variant, moderator=moderator), partial(_render_post, moderator=moderator)
    )
    for post, article in zip(posts, articles, strict=True):
        post.article = article
    return posts


@require_GET
def topic_detail(request, pk):
    user = request.user
    moderator = is_forum_moderator(user)
    topic = _topic_with_state(user, pk, moderator)
    # Pages hold fixed ranges of post numbers, so a post's address (Post.get_absolute_url) never moves.
    page = Paginator(range(topic.last_number), settings.FORUM_POSTS_PER_PAGE).get_page(request.GET.get("page"))
    posts = _page_posts(user, topic, page, moderator)
    if posts:
        forum_service.mark_read(user=user, topic=topic, number=posts[-1].number, current=topic.last_read)
    context = {
        "topic": topic,
        "category": topic.category,
        "page": page,
        "posts": posts,
        "is_moderator": moderator,
        "can_reply": can_reply(user, topic),
        "reply_form": ReplyForm(),
        "subscribe_form": SubscribeForm(initial={"mode": topic.subscription_mode or "none"}),
    }
    return render(request, "community/forum/topic_detail.html", context)


@require_GET
def post_history(request, pk):
    moderator = is_forum_moderator(request.user)
    post = _post(request, pk, moderator)
    if post.is_hidden and not moderator:
        raise PermissionDenied
    revisions = list(post.revisions.select_related("edited_by"))
    for revision in revisions:
        revision.html = render_markdown(revision.body)
    context = {"post": post, "topic": post.topic, "revisions": revisions, "current_html": render_markdown(post.body)}
    return render(request, "community/forum/post_history.html", context)


@require_GET
def forum_search(request):
    user = request.user
    moderator = is_forum_moderator(user)
    form = SearchForm(request.GET or None)
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
    page = topics = None
    if query:
        visible_topics = _visible_topics(user, moderator)
        matching = search(
            visible_topics.select_related("category"), query, fallback_fields=("title",), tie_break="-created_at"
        )
        topics = list(matching[:10])
        # No topic filter: a post members may see is counted in its topic's post_count, so its topic
        # is visible to them, and moderators see every topic.
        posts = Post.objects.all() if moderator else Post.objects.filter(is_hidden=False, is_held=False)
        ranked = search_newest(posts, query, limit=SEARCH_COUNT_CAP + 1, fallback_fields=("body",))
        page = CappedPaginator(ranked, PAGE_SIZE, cap=SEARCH_COUNT_CAP).get_page(request.GET.get("page"))
        page.object_list = in_order(posts.select_related("topic", "author"), page.object_list)
        for post in page.object_list:
            post.excerpt = forum_service.excerpt(post.body, 240)
    context = {"form": form, "query": query, "topics": topics, "page": page}
    return render(request, "community/forum/search.html", context)


@require_POST
def markdown_preview(request):
    form = PreviewForm(request.POST)
    body = form.data.get("body", "") if form.is_valid() else ""
    context = {"html": render_markdown(body), "has_text": bool(body.strip())}
    return render(request, "community/forum/_preview.html", context)


# ---------------------------------------------------------------------------------------------
# Writing


@require_http_methods(["GET", "POST"])
def topic_create(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if not can_post(request.user):
        raise PermissionDenied
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = forum_service.start_topic(
                category=category, author=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            if topic.post_count == 0:
                messages.info(request, _("Your topic is waiting for a moderator. Others will see it once approved."))
            else:
                messages.success(request, _("Your topic has been posted"))
            return redirect(topic)
    return render(request, "community/forum/topic_form.html", {"category": category, "form": form})


@require_http_methods(["GET", "POST"])
def topic_reply(request, pk):
    moderator = is_forum_moderator(request.user)
    topic = _topic(request, pk, moderator)
    if not can_reply(request.user, topic):
        raise PermissionDenied
    form = ReplyForm(request.POST or None, initial={"quote": request.GET.get("quote")})
    quote_pk = form.data.get("quote") if request.method == "POST" else request.GET.get("quote")
    quoted = None
    if quote_pk:
        try:
            quoted = (
                Post.objects.filter(topic=topic, is_hidden=False, is_held=False)
                .select_related("author")
                .filter(pk=quote_pk)
                .first()
            )
        except ValidationError:
            quoted = None
    if request.method == "POST" and form.is_valid():
        try:
            post = forum_service.reply(topic=topic, author=request.user, body=form.cleaned_data["body"], quoted=quoted)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            if post.is_held:
                messages.info(request, _("Your reply is waiting for a moderator. Others will see it once approved."))
            else:
                messages.success(request, _("Your reply has been posted"))
            return redirect(post.get_absolute_url())
    if quoted is not None:
        quoted.html = render_markdown(quoted.body)
    context = {"topic": topic, "category": topic.category, "form": form, "quoted": quoted}
    return render(request, "community/forum/reply_form.html", context)


@require_POST
def topic_subscribe(request, pk):
    moderator = is_forum_moderator(request.user)
    topic = _topic(request, pk, moderator)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how you want to hear about replies"))
        return redirect(topic)
    mode = form.cleaned_data["mode"]
    if mode == "none":
        forum_service.unsubscribe(topic=topic, user=request.user)
        messages.success(request, _("You will not get emails about this topic"))
    else:
        forum_service.subscribe(topic=topic, user=request.user, mode=mode)
        if mode == SubscriptionMode.DAILY_DIGEST:
            messages.success(request, _("You will get a daily digest of new replies"))
        else:
            messages.success(request, _("You will get an email for each new reply"))
    return redirect(topic)


@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    moderator = is_forum_moderator(request.user)
    post = _post(request, pk, moderator)
    if not can_edit_post(request.user, post):
        raise PermissionDenied
    form = PostEditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            post = forum_service.edit_post(post=post, editor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved"))
            return redirect(post.get_absolute_url())
    return render(request, "community/forum/post_edit.html", {"post": post, "topic": post.topic, "form": form})


@require_http_methods(["GET", "POST"])
def post_flag(request, pk):
    post = _post(request, pk, is_forum_moderator(request.user))
    if not post.is_visible:
        raise Http404
    if post.author_id == request.user.pk:
        raise PermissionDenied
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            forum_service.flag_post(
                post=post,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at the post."))
            return redirect(post.get_absolute_url())
    return render(request, "community/forum/post_flag.html", {"post": post, "topic": post.topic, "form": form})


# ---------------------------------------------------------------------------------------------
# Moderation


def _require_moderator(request) -> None:
    if not is_forum_moderator(request.user):
        raise PermissionDenied


@require_POST
def topic_moderate(request, pk):
    _require_moderator(request)
    topic = _topic(request, pk, True)
    form = TopicModerationForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose what to do with the topic"))
    action = form.cleaned_data["action"]
    forum_service.moderate_topic(topic=topic, moderator=request.user, action=action)
    notices = {
        "lock": _("The topic is locked: only moderators can reply"),
        "unlock": _("The topic is open for replies again"),
        "pin": _("The topic is pinned to the top of its category"),
        "unpin": _("The topic is no longer pinned"),
    }
    messages.success(request, notices[action])
    return redirect(topic)


POST_ACTIONS = {"hide", "restore", "approve", "dismiss"}


@require_http_methods(["GET", "POST"])
def post_moderate(request, pk):
    """GET shows the post and what can be done (a confirmation page); POST does it."""
    _require_moderator(request)
    post = _post(request, pk, True)
    action = request.POST.get("action") if request.method == "POST" else request.GET.get("action")
    if action not in POST_ACTIONS:
        action = "approve" if post.is_held else "restore" if post.is_hidden else "hide"
    form = HideForm(request.POST or None) if action == "hide" else None
    if request.method == "POST":
        user = request.user
        if action == "hide":
            if form.is_valid():
                try:
                    forum_service.hide_post(post=post, moderator=user, reason=form.cleaned_data["reason"])
                except ValidationError as error:
                    _show_errors(form, error)
                else:
                    messages.success(request, _("The post is hidden and its author has been told"))
                    if request.POST.get("next") == "queue":
                        return redirect("community:moderation-queue")
                    return redirect(post.get_absolute_url())
        else:
            if action == "restore":
                forum_service.restore_post(post=post, moderator=user)
                messages.success(request, _("The post is shown again"))
            elif action == "approve":
                forum_service.approve_post(post=post, moderator=user)
                messages.success(request, _("The post is approved and everyone can see it"))
            else:
                forum_service.dismiss_flags(post=post, moderator=user)
                messages.success(request, _("The reports are closed and the post stays up"))
            if request.POST.get("next") == "queue":
                return redirect("community:moderation-queue")
            return redirect(post.get_absolute_url())
    flags = list(post.flags.filter(resolved_at__isnull=True).select_related("reporter"))
    context = {
        "post": post,
        "topic": post.topic,
        "action": action,
        "form": form,
        "flags": flags,
        "html": render_markdown(post.body),
        "next": request.GET.get("next", request.POST.get("next", "")),
    }
    return render(request, "community/forum/post_moderate.html", context)


@require_GET
def moderation_queue(request):
    _require_moderator(request)
    open_flags = Flag.objects.filter(resolved_at__isnull=True).select_related("reporter").order_by("created_at")
    flagged = (
        Post.objects.filter(Exists(Flag.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True)))
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .select_related("topic", "author")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flag_list"))
        .order_by("-open_flags", "created_at")
    )
    page = Paginator(flagged, PAGE_SIZE).get_page(request.GET.get("page"))
    for post in page.object_list:
        post.excerpt = forum_service.excerpt(post.body)
    held = Post.objects.filter(is_held=True).select_related("topic", "author").order_by("created_at")
    held_posts = list(held[:QUEUE_HELD_LIMIT])
    for post in held_posts:
        post.excerpt = forum_service.excerpt(post.body)
    context = {
        "page": page,
        "flagged_posts": page.object_list,
        "held_posts": held_posts,
        "held_total": held.count() if len(held_posts) == QUEUE_HELD_LIMIT else len(held_posts),
    }
    return render(request, "community/forum/moderation_queue.html", context)


@require_http_methods(["GET", "POST"])
def member_suspend(request, pk):
    _require_moderator(request)
    member = get_object_or_404(User.objects.filter(is_active=True), pk=pk)
    suspension = forum_service.current_suspension(member)
    lifting = request.method == "POST" and request.POST.get("action") == "lift"
    form = SuspendForm(None if lifting else request.POST or None)
    if lifting:
        forum_service.lift_suspension(user=member, moderator=request.user)
        messages.success(request, _("The suspension is lifted: they can post again"))
        return redirect("community:member-suspend", pk=member.pk)
    if request.method == "POST" and form.is_valid():
        try:
            until, reason = form.cleaned_data["until"], form.cleaned_data["reason"]
            forum_service.suspend_member(user=member, moderator=request.user, until=until, reason=reason)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The member is suspended from posting and has been told"))
            return redirect("community:moderation-queue")
    context = {"member": member, "suspension": suspension, "form": form}
    return render(request, "community/forum/member_suspend.html", context)
