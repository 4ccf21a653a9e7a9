"""The Django admin for Design Labs: for site admins to look things up and fix data. Facilitators
work in the lab pages, which keep dot counts, consent records and the audit log right. Participants'
personal data is not listed here (search by email still finds a row)."""

from django.contrib import admin

from designlabs.models import Impact, InformationSheet, Lab, Output, Participant, Session, Theme


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["title_en", "starts_at", "ends_at", "mode"]
    show_change_link = True


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["title_en", "department", "status", "intended_output", "retention_date", "write_up_published_at"]
    list_filter = ["status", "intended_output", "chatham_house", "invitation_only"]
    search_fields = ["title_en", "title_cy", "slug", "department__name_en"]
    list_select_related = ["department"]
    raw_id_fields = ["department", "created_by"]
    filter_horizontal = ["partners", "facilitators", "guidance_documents"]
    readonly_fields = ["personal_data_removed_at", "write_up_published_at", "activity"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [SessionInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    # The role, not the name or email: the list holds no personal data.
    list_display = ["role", "lab", "status", "payment_status", "anonymised_at"]
    list_filter = ["role", "status", "payment_status"]
    search_fields = ["email", "lab__title_en"]
    list_select_related = ["lab"]
    raw_id_fields = ["lab", "user", "invited_by"]
    readonly_fields = ["anonymised_at", "responded_at"]


@admin.register(Output)
class OutputAdmin(admin.ModelAdmin):
    list_display = ["__str__", "lab", "kind", "theme", "is_public", "dot_count"]
    list_filter = ["kind", "is_public"]
    search_fields = ["text", "lab__title_en"]
    list_select_related = ["lab", "theme"]
    raw_id_fields = ["lab", "session", "theme", "author", "guidance_feedback", "guidance_version"]
    readonly_fields = ["dot_count"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "lab", "position"]
    search_fields = ["title", "lab__title_en"]
    list_select_related = ["lab"]
    raw_id_fields = ["lab"]


@admin.register(Impact)
class ImpactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "lab", "happened_on", "guidance_version"]
    search_fields = ["description_en", "lab__title_en"]
    date_hierarchy = "happened_on"
    list_select_related = ["lab", "guidance_version__document"]
    raw_id_fields = ["lab", "guidance_version", "recorded_by"]


@admin.register(InformationSheet)
class InformationSheetAdmin(admin.ModelAdmin):
    list_display = ["lab", "version", "created_at"]
    search_fields = ["version", "lab__title_en"]
    list_select_related = ["lab"]
    raw_id_fields = ["lab"]
