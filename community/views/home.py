"""The community of practice's front page: the next meetings, the latest forum talk, and the way in."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from community.models import Meeting, Topic

NEXT_MEETINGS = 3
LATEST_TOPICS = 5


@login_not_required
@require_GET
def home(request):
    meetings = Meeting.objects.upcoming(timezone.now()).exclude(status="cancelled")[:NEXT_MEETINGS]
    topics = []
    if request.user.is_authenticated:
        # The forum is for signed-in members: others see only the invitation to join in.
        topics = (
            Topic.objects.select_related("category", "last_post_author")
            .filter(post_count__gt=0)
            .order_by("-last_post_at")[:LATEST_TOPICS]
        )
    return render(request, "community/home.html", {"meetings": meetings, "topics": topics})
