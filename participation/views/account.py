from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from guidance.permissions import is_guidance_editor
from participation.forms.accounts import NotificationPreferencesForm, ProfileForm
from participation.models import NotificationKind, NotificationPreference, User
from participation.services.email import read_unsubscribe_token, set_notification_preference
from participation.services.organisations import update_profile


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
