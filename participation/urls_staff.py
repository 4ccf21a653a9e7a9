from django.urls import path

from participation.views import staff

app_name = "staff"
urlpatterns = [
    path("", staff.record_list, name="record-list"),
    path("projects/new/", staff.project_create, name="project-create"),
    path("projects/<slug:slug>/", staff.project_detail, name="project-detail"),
    path("projects/<slug:slug>/edit/", staff.project_edit, name="project-edit"),
    path("projects/<slug:slug>/publish/", staff.project_publish, name="project-publish"),
    path("projects/<slug:slug>/withdraw/", staff.project_withdraw, name="project-withdraw"),
    path("projects/<slug:slug>/activities/new/", staff.activity_create, name="activity-create"),
    path("activities/<slug:slug>/", staff.activity_tasks, name="activity-tasks"),
    path("activities/<slug:slug>/check/", staff.activity_check, name="activity-check"),
    path("activities/<slug:slug>/withdraw/", staff.activity_withdraw, name="activity-withdraw"),
    path("activities/<slug:slug>/groups/new/", staff.group_add, name="group-add"),
    path("activities/<slug:slug>/groups/<uuid:pk>/", staff.group_edit, name="group-edit"),
    path("activities/<slug:slug>/groups/<uuid:pk>/remove/", staff.group_delete, name="group-delete"),
    path("activities/<slug:slug>/recommendations/new/", staff.recommendation_add, name="recommendation-add"),
    path(
        "activities/<slug:slug>/recommendations/<uuid:pk>/response/",
        staff.recommendation_response,
        name="recommendation-response",
    ),
    path("activities/<slug:slug>/evidence/new/", staff.evidence_upload, name="evidence-upload"),
    path("activities/<slug:slug>/evidence/<uuid:pk>/delete/", staff.evidence_delete, name="evidence-delete"),
    path("activities/<slug:slug>/<slug:section>/", staff.activity_section, name="activity-section"),
    path("evidence/<uuid:pk>/", staff.evidence_download, name="evidence-download"),
]
