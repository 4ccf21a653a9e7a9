"""Named permission checks for the community of practice. Views scope first (404 outside reach),
then ask one of these."""

from django.utils import timezone

from participation.models import PlatformRole
from participation.permissions import is_site_admin


def is_meeting_organiser(user) -> bool:
    return user.is_authenticated and (user.has_platform_role(PlatformRole.MEETING_ORGANISER) or is_site_admin(user))


def is_forum_moderator(user) -> bool:
    return user.is_authenticated and (user.has_platform_role(PlatformRole.FORUM_MODERATOR) or is_site_admin(user))


def can_rsvp(user, meeting) -> bool:
    """Any signed-in member, for a meeting that is still to come and not cancelled."""
    return user.is_authenticated and not meeting.is_cancelled and meeting.ends_at > timezone.now()


def can_see_joining_details(user, meeting, rsvp=None) -> bool:
    """The online link goes only to people who are going (and organisers)."""
    if is_meeting_organiser(user):
        return True
    return rsvp is not None and rsvp.user_id == user.pk and rsvp.status == "going"


def can_read_notes(user, meeting) -> bool:
    return meeting.notes_public or user.is_authenticated


def is_suspended(user) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_forum_suspended", None)
    if cache is None:
        cache = user.forum_suspensions.filter(until__gt=timezone.now(), lifted_at__isnull=True).exists()
        user._forum_suspended = cache
    return cache


def can_post(user) -> bool:
    return user.is_authenticated and not is_suspended(user)


def can_reply(user, topic) -> bool:
    """Locked topics take replies from moderators only."""
    return can_post(user) and (not topic.is_locked or is_forum_moderator(user))


def can_edit_post(user, post) -> bool:
    if is_forum_moderator(user):
        return True
    return can_post(user) and post.author_id == user.pk and not post.is_hidden and not post.topic.is_locked


def can_propose(user, unconference, now) -> bool:
    return user.is_authenticated and unconference.proposals_open_at <= now < unconference.proposals_close_at


def can_vote(user, unconference, now) -> bool:
    return user.is_authenticated and unconference.voting_open_at <= now < unconference.voting_close_at


def can_edit_proposal(user, proposal, now) -> bool:
    """Facilitators edit their proposal until voting opens; organisers at any time."""
    if is_meeting_organiser(user):
        return True
    return proposal.facilitator_id == user.pk and now < proposal.unconference.voting_open_at


def can_write_session_notes(user, proposal) -> bool:
    """Facilitators, co-facilitators (checked by the caller with the prefetched list) and organisers."""
    return is_meeting_organiser(user) or proposal.facilitator_id == user.pk
