"""The Django admin for guidance: for site admins to look things up and fix data. Editors work in
the guidance pages, which enforce the review workflow; here published versions are read-only."""

from django.contrib import admin

from guidance.models import (
    Adoption,
    GlossaryTerm,
    GuidanceDocument,
    GuidanceSection,
    GuidanceVersion,
    OutreachEvent,
    Pilot,
    PilotFeedback,
    Publication,
    PublicationAuthor,
    PublicationComment,
    Subscription,
    VersionComment,
)


@admin.register(GuidanceDocument)
class GuidanceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title_en", "topic", "phase", "organisation", "current_version", "published_at", "review_due"]
    list_filter = ["topic", "phase", "is_withdrawn"]
    search_fields = ["title_en", "title_cy", "slug"]
    autocomplete_fields = ["organisation", "partners"]
    readonly_fields = ["current_version", "published_at", "created_by"]
    list_select_related = ["organisation", "current_version"]


class SectionInline(admin.StackedInline):
    model = GuidanceSection
    extra = 0
    fields = ["position", "anchor", "heading_en", "heading_cy", "body_en", "body_cy"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    has_add_permission = has_delete_permission = has_change_permission


class CommentInline(admin.TabularInline):
    model = VersionComment
    extra = 0
    readonly_fields = ["author", "body", "created_at"]
    can_delete = False


@admin.register(GuidanceVersion)
class GuidanceVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "change_type", "welsh_status", "published_at", "publish_at"]
    list_filter = ["status", "change_type", "welsh_status"]
    search_fields = ["document__title_en"]
    list_select_related = ["document"]
    readonly_fields = ["document", "based_on", "created_by", "approved_by", "approved_at", "published_by"]
    inlines = [SectionInline, CommentInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or not obj.is_published)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_published)


@admin.register(Pilot)
class PilotAdmin(admin.ModelAdmin):
    list_display = ["organisation", "version", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["version", "projects", "created_by"]
    list_select_related = ["organisation", "version__document"]


@admin.register(PilotFeedback)
class PilotFeedbackAdmin(admin.ModelAdmin):
    list_display = ["__str__", "section_anchor", "feedback_type", "status", "created_at"]
    list_filter = ["status", "feedback_type"]
    search_fields = ["text", "response"]
    raw_id_fields = ["pilot", "version", "addressed_in", "activity", "submitted_by", "triaged_by"]
    list_select_related = ["version__document"]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "document", "version", "adopted_on"]
    raw_id_fields = ["document", "version", "organisation", "declared_by"]
    list_select_related = ["organisation", "document", "version__document"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "document", "topic", "created_at"]
    raw_id_fields = ["user", "document"]
    list_select_related = ["user", "document"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term_en", "term_cy", "slug"]
    search_fields = ["term_en", "term_cy"]
    prepopulated_fields = {"slug": ["term_en"]}


class PublicationAuthorInline(admin.TabularInline):
    model = PublicationAuthor
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "position", "is_named"]


class PublicationCommentInline(admin.TabularInline):
    model = PublicationComment
    extra = 0
    readonly_fields = ["author", "body", "created_at"]
    can_delete = False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Publications are written and reviewed on the editors' pages; a published one is read-only
    here, like a published guidance version."""

    list_display = ["title_en", "kind", "status", "publication_date", "published_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title_en", "title_cy", "summary_en", "slug", "authors__user__email"]
    readonly_fields = [
        "status",
        "created_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "publish_at",
        "published_at",
        "published_by",
    ]
    raw_id_fields = ["activities", "projects", "related_guidance"]
    inlines = [PublicationAuthorInline, PublicationCommentInline]
    date_hierarchy = "publication_date"

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or not obj.is_published)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not obj.is_published)


@admin.register(OutreachEvent)
class OutreachEventAdmin(admin.ModelAdmin):
    list_display = ["title_en", "starts_on", "host", "role", "is_listed"]
    list_filter = ["role", "is_listed"]
    search_fields = ["title_en", "title_cy", "host", "slug"]
    raw_id_fields = ["write_up", "created_by"]
    date_hierarchy = "starts_on"
    list_select_related = ["write_up"]
