from django.urls import path

from community.views import directory, forum, home, meetings

app_name = "community"
urlpatterns = [
    path("", home.home, name="home"),
    # Meetings
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/past/", meetings.meeting_archive, name="meeting-archive"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/series/", meetings.series_list, name="series-list"),
    path("meetings/series/new/", meetings.series_create, name="series-create"),
    path("meetings/series/<uuid:pk>/", meetings.series_edit, name="series-edit"),
    path("meetings/<slug:slug>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<slug:slug>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<slug:slug>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<slug:slug>/notes/", meetings.meeting_notes, name="meeting-notes"),
    path("meetings/<slug:slug>/rsvp/", meetings.meeting_rsvp, name="meeting-rsvp"),
    path("meetings/<slug:slug>/attendees/", meetings.meeting_attendees, name="meeting-attendees"),
    path("meetings/<slug:slug>/calendar.ics", meetings.meeting_ics, name="meeting-ics"),
    path("calendar/", meetings.calendar_settings, name="calendar-settings"),
    path("calendar/<str:token>.ics", meetings.calendar_feed, name="calendar-feed"),
    # Forum
    path("forum/", forum.forum_index, name="forum-index"),
    path("forum/search/", forum.forum_search, name="forum-search"),
    path("forum/preview/", forum.markdown_preview, name="markdown-preview"),
    path("forum/moderation/", forum.moderation_queue, name="moderation-queue"),
    path("forum/members/<uuid:pk>/suspend/", forum.member_suspend, name="member-suspend"),
    path("forum/c/<slug:slug>/", forum.category_detail, name="category-detail"),
    path("forum/c/<slug:slug>/new/", forum.topic_create, name="topic-create"),
    path("forum/t/<uuid:pk>/", forum.topic_detail, name="topic-detail"),
    path("forum/t/<uuid:pk>/reply/", forum.topic_reply, name="topic-reply"),
    path("forum/t/<uuid:pk>/subscribe/", forum.topic_subscribe, name="topic-subscribe"),
    path("forum/t/<uuid:pk>/moderate/", forum.topic_moderate, name="topic-moderate"),
    path("forum/p/<uuid:pk>/edit/", forum.post_edit, name="post-edit"),
    path("forum/p/<uuid:pk>/history/", forum.post_history, name="post-history"),
    path("forum/p/<uuid:pk>/flag/", forum.post_flag, name="post-flag"),
    path("forum/p/<uuid:pk>/moderate/", forum.post_moderate, name="post-moderate"),
    # Directory
    path("members/", directory.member_directory, name="member-directory"),
    path("members/<uuid:pk>/", directory.member_profile, name="member-profile"),
    path("profile/", directory.profile_edit, name="profile-edit"),
]
