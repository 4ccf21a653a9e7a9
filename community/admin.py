"""The Django admin for the community: for site admins to look things up and fix data. Organisers
and moderators work in the community pages, which keep counters, notices and the audit log right."""

from django.contrib import admin

from community.models import (
    RSVP,
    Category,
    Flag,
    Interest,
    Meeting,
    MeetingSeries,
    Post,
    Profile,
    Suspension,
    Topic,
)


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title_en", "week_of_month", "weekday", "start_time", "is_active"]
    search_fields = ["title_en", "title_cy"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title_en", "starts_at", "status", "capacity", "going_count", "waitlist_count"]
    list_filter = ["status", "series"]
    search_fields = ["title_en", "title_cy", "slug"]
    date_hierarchy = "starts_at"
    readonly_fields = ["sequence", "going_count", "waitlist_count", "occurrence_date"]


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "status", "language", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "meeting__title_en"]
    raw_id_fields = ["meeting", "user"]
    list_select_related = ["meeting", "user"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_en", "position", "topic_count", "last_post_at"]
    search_fields = ["name_en", "name_cy"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "post_count", "is_pinned", "is_locked", "last_post_at"]
    list_filter = ["category", "is_pinned", "is_locked"]
    search_fields = ["title"]
    raw_id_fields = ["author", "last_post_author"]
    list_select_related = ["category"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "is_hidden", "is_held", "created_at"]
    list_filter = ["is_hidden", "is_held"]
    search_fields = ["body", "author__email"]
    raw_id_fields = ["topic", "author", "quoted"]
    list_select_related = ["topic", "author"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "reason", "reporter", "created_at", "resolved_at"]
    list_filter = ["reason"]
    raw_id_fields = ["post", "reporter", "resolved_by"]
    list_select_related = ["post__topic", "reporter"]


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ["user", "until", "created_by", "created_at", "lifted_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "created_by"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "is_listed", "role_title", "organisation"]
    list_filter = ["is_listed"]
    search_fields = ["user__email", "user__display_name", "role_title"]
    raw_id_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


admin.site.register(Interest, search_fields=["name"])
