from django.urls import path

from guidance.views import manage, manage_publications, review, triage


def review_urls(prefix: str, reviewed: str) -> list:
    """The shared review actions for one kind of reviewed item, named "<reviewed>-<action>"."""
    kwargs = {"reviewed": reviewed}
    return [
        path(f"{prefix}<uuid:pk>/{action}/", view, kwargs, name=f"{reviewed}-{name}")
        for action, view, name in (
            ("submit", review.submit, "submit"),
            ("approve", review.approve, "approve"),
            ("request-changes", review.request_changes, "request-changes"),
            ("publish", review.publish, "publish"),
            ("unschedule", review.unschedule, "unschedule"),
            ("comments", review.comment, "comment"),
        )
    ]


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
    *review_urls("versions/", "version"),
    path("versions/<uuid:pk>/compare/", manage.version_compare, name="version-compare"),
    path("versions/<uuid:pk>/delete/", manage.version_delete, name="version-delete"),
    path("publications/", manage_publications.publication_list, name="publication-list"),
    path("publications/new/", manage_publications.publication_create, name="publication-create"),
    path(
        "publications/from-activity/<uuid:activity_pk>/",
        manage_publications.publication_from_activity,
        name="publication-from-activity",
    ),
    path("publications/<uuid:pk>/", manage_publications.publication_detail, name="publication-detail"),
    path("publications/<uuid:pk>/edit/", manage_publications.publication_edit, name="publication-edit"),
    path("publications/<uuid:pk>/authors/", manage_publications.publication_authors, name="publication-authors"),
    path("publications/<uuid:pk>/naming/", manage_publications.publication_naming, name="publication-naming"),
    path("publications/<uuid:pk>/delete/", manage_publications.publication_delete, name="publication-delete"),
    path("publications/<uuid:pk>/unpublish/", manage_publications.publication_unpublish, name="publication-unpublish"),
    *review_urls("publications/", "publication"),
    path("events/", manage_publications.event_list, name="event-list"),
    path("events/new/", manage_publications.event_create, name="event-create"),
    path("events/<uuid:pk>/", manage_publications.event_edit, name="event-edit"),
    path("events/<uuid:pk>/delete/", manage_publications.event_delete, name="event-delete"),
    path("feedback/", triage.feedback_queue, name="feedback-queue"),
    path("feedback/<uuid:pk>/", triage.feedback_triage, name="feedback-triage"),
    path("glossary/", triage.glossary_list, name="glossary-list"),
    path("glossary/new/", triage.glossary_create, name="glossary-create"),
    path("glossary/<uuid:pk>/", triage.glossary_edit, name="glossary-edit"),
    path("glossary/<uuid:pk>/delete/", triage.glossary_delete, name="glossary-delete"),
]
