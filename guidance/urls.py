from django.urls import path, register_converter

from guidance.feeds import DocumentFeed
from guidance.views import pilots, public


class VersionNumberConverter:
    regex = r"[0-9]{1,4}\.[0-9]{1,4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(VersionNumberConverter, "number")

app_name = "guidance"
urlpatterns = [
    path("", public.document_list, name="document-list"),
    path("glossary/", public.glossary, name="glossary"),
    path("subscriptions/", public.subscriptions, name="subscriptions"),
    path("subscriptions/<int:pk>/delete/", public.subscription_delete, name="subscription-delete"),
    path("topics/<slug:topic>/subscribe/", public.topic_subscribe, name="topic-subscribe"),
    path("pilots/<uuid:pk>/", pilots.pilot_detail, name="pilot-detail"),
    path("pilots/<uuid:pk>/feedback/", pilots.feedback_create, name="feedback-create"),
    path("adoptions/<uuid:pk>/withdraw/", pilots.adoption_withdraw, name="adoption-withdraw"),
    path("<slug:slug>/", public.document_detail, name="document-detail"),
    path("<slug:slug>/history/", public.document_history, name="document-history"),
    path("<slug:slug>/compare/", public.document_compare, name="document-compare"),
    path("<slug:slug>/feed/", DocumentFeed(), name="document-feed"),
    path("<slug:slug>/subscribe/", public.document_subscribe, name="document-subscribe"),
    path("<slug:slug>/versions/<number:number>/", public.version_detail, name="version-detail"),
    path("<slug:slug>/versions/<number:number>/pdf/", public.version_pdf, name="version-pdf"),
    path("<slug:slug>/pilot/", pilots.pilot_signup, name="pilot-signup"),
    path("<slug:slug>/adopt/", pilots.adoption_declare, name="adoption-declare"),
]
