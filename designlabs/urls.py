from django.urls import path

from designlabs.views import manage, materials, outputs, participants, public, writeup

app_name = "designlabs"
urlpatterns = [
    # Public pages
    path("", public.lab_list, name="lab-list"),
    path("yours/", participants.my_labs, name="my-labs"),
    path("new/", manage.lab_create, name="lab-create"),
    path("invitations/<str:token>/", participants.invitation, name="invitation"),
    path("<slug:slug>/", public.lab_detail, name="lab-detail"),
    path("<slug:slug>/write-up.pdf", public.write_up_pdf, name="write-up-pdf"),
    path("<slug:slug>/materials/<uuid:pk>/download/", materials.material_download, name="material-download"),
    # Facilitators: setting the lab up
    path("<slug:slug>/edit/", manage.lab_edit, name="lab-edit"),
    path("<slug:slug>/sessions/new/", manage.session_create, name="session-create"),
    path("<slug:slug>/sessions/<uuid:pk>/edit/", manage.session_edit, name="session-edit"),
    path("<slug:slug>/materials/add/", materials.material_add, name="material-add"),
    path("<slug:slug>/materials/<uuid:pk>/delete/", materials.material_delete, name="material-delete"),
    path("<slug:slug>/information-sheets/new/", manage.sheet_create, name="sheet-create"),
    path("<slug:slug>/participants/", manage.participant_list, name="participant-list"),
    path("<slug:slug>/participants/invite/", manage.participant_invite, name="participant-invite"),
    path("<slug:slug>/participants/<uuid:pk>/", manage.participant_edit, name="participant-edit"),
    path("<slug:slug>/sessions/<uuid:pk>/attendance/", manage.attendance, name="attendance"),
    path(
        "<slug:slug>/sessions/<uuid:pk>/attendance/<uuid:participant>/",
        manage.attendance_mark,
        name="attendance-mark",
    ),
    # Participants
    path("<slug:slug>/my-details/", participants.my_details, name="my-details"),
    # The workspace: sessions, outputs, prioritisation
    path("<slug:slug>/workspace/", outputs.workspace, name="lab-workspace"),
    path("<slug:slug>/sessions/<uuid:pk>/", outputs.session_detail, name="session-detail"),
    path("<slug:slug>/sessions/<uuid:pk>/outputs/add/", outputs.output_add, name="output-add"),
    path("<slug:slug>/outputs/", outputs.output_board, name="output-board"),
    path("<slug:slug>/outputs/<uuid:pk>/edit/", outputs.output_edit, name="output-edit"),
    path("<slug:slug>/outputs/<uuid:pk>/dot/", outputs.output_dot, name="output-dot"),
    path("<slug:slug>/outputs/<uuid:pk>/undot/", outputs.output_undot, name="output-undot"),
    path("<slug:slug>/themes/", outputs.theme_list, name="theme-list"),
    path("<slug:slug>/priorities/", outputs.priorities, name="priorities"),
    # The write-up and what came of the lab
    path("<slug:slug>/write-up/", writeup.write_up_edit, name="write-up-edit"),
    path("<slug:slug>/record-activity/", writeup.record_activity, name="record-activity"),
    path("<slug:slug>/impact/add/", writeup.impact_add, name="impact-add"),
]
