from django.urls import path

from guidance.views import manage, triage

app_name = "guidance_manage"
urlpatterns = [
    path("", manage.dashboard, name="dashboard"),
    path("documents/new/", manage.document_create, name="document-create"),
    path("documents/<slug:slug>/", manage.document_detail, name="document-detail"),
    path("documents/<slug:slug>/edit/", manage.document_edit, name="document-edit"),
    path("documents/<slug:slug>/versions/new/", manage.version_create, name="version-create"),
    path("versions/<uuid:pk>/", manage.version_detail, name="version-detail"),
    path("versions/<uuid:pk>/edit/", manage.version_edit, name="version-edit"),
    path("versions/<uuid:pk>/sections/new/", manage.section_add, name="section-add"),
    path("versions/<uuid:pk>/sections/<uuid:section_pk>/", manage.section_edit, name="section-edit"),
    path("versions/<uuid:pk>/sections/<uuid:section_pk>/delete/", manage.section_delete, name="section-delete"),
    path("versions/<uuid:pk>/sections/<uuid:section_pk>/move/", manage.section_move, name="section-move"),
    path("versions/<uuid:pk>/submit/", manage.version_submit, name="version-submit"),
    path("versions/<uuid:pk>/approve/", manage.version_approve, name="version-approve"),
    path("versions/<uuid:pk>/request-changes/", manage.version_request_changes, name="version-request-changes"),
    path("versions/<uuid:pk>/publish/", manage.version_publish, name="version-publish"),
    path("versions/<uuid:pk>/unschedule/", manage.version_unschedule, name="version-unschedule"),
    path("versions/<uuid:pk>/comments/", manage.version_comment, name="version-comment"),
    path("versions/<uuid:pk>/compare/", manage.version_compare, name="version-compare"),
    path("versions/<uuid:pk>/delete/", manage.version_delete, name="version-delete"),
    path("feedback/", triage.feedback_queue, name="feedback-queue"),
    path("feedback/<uuid:pk>/", triage.feedback_triage, name="feedback-triage"),
    path("glossary/", triage.glossary_list, name="glossary-list"),
    path("glossary/new/", triage.glossary_create, name="glossary-create"),
    path("glossary/<uuid:pk>/", triage.glossary_edit, name="glossary-edit"),
    path("glossary/<uuid:pk>/delete/", triage.glossary_delete, name="glossary-delete"),
]
