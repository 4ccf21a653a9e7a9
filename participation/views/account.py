from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from guidance.permissions import is_guidance_editor
from participation.forms.accounts import EraseAccountForm, NotificationPreferencesForm, ProfileForm
from participation.models import NotificationKind, NotificationPreference, User
from participation.services import personal_data
from participation.services.email import read_unsubscribe_token, set_notification_preference
from participation.services.organisations import update_profile
from participation.services.personal_data import PERSONAL_DATA_EXPORT
from participation.services.reports import request_report


def overview(request):
    memberships = request.user.memberships.select_related("organisation")
    context = {"memberships": memberships, "is_guidance_editor": is_guidance_editor(request.user)}
    return render(request, "participation/account_overview.html", context)


@require_http_methods(["GET", "POST"])
def profile_edit(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"display_name": user.display_name, "preferred_language": user.preferred_language},
    )
    if request.method == "POST" and form.is_valid():
        update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your details have been saved"))
        return redirect("account-overview")
    return render(request, "participation/account_profile.html", {"form": form})


@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    disabled = set(
        NotificationPreference.objects.filter(user=request.user, is_enabled=False).values_list("kind", flat=True)
    )
    enabled = [kind for kind in NotificationKind.values if kind not in disabled]
    form = NotificationPreferencesForm(request.POST or None, initial={"kinds": enabled})
    if request.method == "POST" and form.is_valid():
        for kind in NotificationKind.values:
            set_notification_preference(user=request.user, kind=kind, is_enabled=kind in form.cleaned_data["kinds"])
        messages.success(request, _("Your email preferences have been saved"))
        return redirect("account-notifications")
    return render(request, "participation/account_notifications.html", {"form": form})


@login_not_required
@csrf_exempt  # The signed token authenticates the request; mail clients post here with no session (RFC 8058).
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user_id, kind = read_unsubscribe_token(token) or (None, None)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or kind not in NotificationKind.values:
        return render(request, "participation/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        set_notification_preference(user=user, kind=kind, is_enabled=False)
        return render(request, "participation/unsubscribe_done.html", {"kind_label": NotificationKind(kind).label})
    return render(request, "participation/unsubscribe_confirm.html", {"kind_label": NotificationKind(kind).label})


@require_http_methods(["GET", "POST"])
def your_data(request):
    """Download everything we hold about you: a worker builds the ZIP file and emails you."""
    if request.method == "POST":
        report = request_report(
            kind=PERSONAL_DATA_EXPORT,
            subject_id=str(request.user.pk),
            title=_("Your data"),
            requested_by=request.user,
        )
        return redirect(report.get_absolute_url())
    return render(request, "participation/account_data.html")


@require_http_methods(["GET", "POST"])
def erase_account(request):
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        personal_data.erase_account(user=request.user, erased_by=request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted"))
        return redirect("home")
    return render(request, "participation/account_erase.html", {"form": form})
