"""URL name → (method, expected status per persona) for the community forum URLs; see
tests/participation/test_permissions.py, which checks that every route has a row somewhere.

The forum is for signed-in members; the moderators' tools are for forum moderators (and site
admins). The post and topic in the world belong to someone who is none of the personas."""

from tests.community.personas import LOGIN, PERSONAS

SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": LOGIN}
MODERATORS = {**dict.fromkeys(PERSONAS, 403), "anonymous": LOGIN, "moderator": 200, "site_admin": 200}
REDIRECT_SIGNED_IN = {**dict.fromkeys(PERSONAS, 302), "anonymous": LOGIN}
REDIRECT_MODERATORS = {**MODERATORS, "moderator": 302, "site_admin": 302}

MATRIX: dict = {
    "community:forum-index": ("get", SIGNED_IN),
    "community:forum-search": ("get", SIGNED_IN),
    "community:markdown-preview": ("post", SIGNED_IN),
    "community:moderation-queue": ("get", MODERATORS),
    "community:member-suspend": ("get", MODERATORS),
    "community:category-detail": ("get", SIGNED_IN),
    "community:topic-create": ("get", SIGNED_IN),
    "community:topic-detail": ("get", SIGNED_IN),
    "community:topic-reply": ("get", SIGNED_IN),
    "community:topic-subscribe": ("post", REDIRECT_SIGNED_IN),
    "community:topic-moderate": ("post", REDIRECT_MODERATORS),
    # Only the author edits (and moderators); none of the personas wrote the post.
    "community:post-edit": ("get", MODERATORS),
    "community:post-history": ("get", SIGNED_IN),
    "community:post-flag": ("get", SIGNED_IN),
    "community:post-moderate": ("get", MODERATORS),
}
