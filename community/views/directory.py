"""The member directory: signed-in members find each other through opt-in profiles.

Nothing about a person appears here unless they have ticked "show me in the member directory";
their email address only if they have also ticked "show my email address". Sign-in is enforced by
LoginRequiredMiddleware on every view."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from community.forms.directory import DirectoryFilterForm, ProfileForm
from community.models import Interest, Profile
from community.services import profiles as profile_service
from participation.models import Organisation

PAGE_SIZE = 25


def _posted(request):
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, so the error summary shows it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _listed_profiles():
    return Profile.objects.filter(is_listed=True, user__is_active=True)


@require_GET
def member_directory(request):
    listed = _listed_profiles()
    organisations = list(
        Organisation.objects.filter(pk__in=listed.values("organisation_id"))
        .order_by("name_en")
        .values_list("slug", "name_en", "name_cy")
    )
    interests = list(
        Interest.objects.filter(profiles__in=listed).distinct().order_by("name").values_list("slug", "name")
    )
    welsh = get_language() == "cy"
    form = DirectoryFilterForm(
        request.GET or None,
        organisations=[(slug, (name_cy if welsh and name_cy else name_en)) for slug, name_en, name_cy in organisations],
        interests=interests,
    )
    filters = {}
    if form.is_bound:
        form.is_valid()  # invalid values are reported on the form and left out of the filters
        filters = form.cleaned_data
    profiles = listed.select_related("user", "organisation")
    if filters.get("organisation"):
        profiles = profiles.filter(organisation__slug=filters["organisation"])
    if filters.get("interest"):
        profiles = profiles.filter(interests__slug=filters["interest"])
    if filters.get("q"):
        # A small table: one query over the joined names, made distinct because of the interests join.
        text = filters["q"]
        profiles = profiles.filter(
            Q(user__display_name__icontains=text)
            | Q(role_title__icontains=text)
            | Q(organisation__name_en__icontains=text)
            | Q(organisation__name_cy__icontains=text)
            | Q(interests__name__icontains=text)
        )
    profiles = profiles.distinct().order_by("user__display_name", "pk").prefetch_related("interests")
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    own_profile = Profile.objects.filter(user=request.user).only("pk", "is_listed").first()
    context = {
        "form": form,
        "page": page,
        "profiles": page.object_list,
        "is_filtered": any(filters.get(name) for name in ("q", "organisation", "interest")),
        "own_profile": own_profile,
    }
    return render(request, "community/directory/member_directory.html", context)


@require_GET
def member_profile(request, pk):
    """A listed member's profile, by their user id. An unlisted profile does not exist for anyone
    but its owner, who sees it with a note that nobody else can."""
    profile = get_object_or_404(
        Profile.objects.select_related("user", "organisation").prefetch_related("interests"),
        user_id=pk,
        user__is_active=True,
    )
    is_own = profile.user_id == request.user.pk
    if not profile.is_listed and not is_own:
        raise Http404
    return render(
        request,
        "community/directory/member_profile.html",
        {"profile": profile, "member": profile.user, "is_own": is_own},
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request):
    user = request.user
    profile = Profile.objects.filter(user=user).select_related("organisation").first()
    organisations = list(profile_service.member_organisations(user))
    initial = {}
    if profile is not None:
        initial = {
            "is_listed": profile.is_listed,
            "role_title": profile.role_title,
            "organisation": profile.organisation_id,
            "interests": profile_service.interests_text(profile),
            "bio": profile.bio,
            "contact": profile.contact,
            "show_email": profile.show_email,
        }
    form = ProfileForm(_posted(request), organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile = profile_service.save_profile(
                user=user,
                is_listed=data["is_listed"],
                role_title=data["role_title"],
                organisation=data.get("organisation"),
                interests=data["interests"],
                bio=data["bio"],
                contact=data["contact"],
                show_email=data["show_email"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if profile.is_listed:
                messages.success(request, _("Your profile has been saved and is shown in the member directory"))
            else:
                messages.success(request, _("Your profile has been saved. It is not shown in the member directory"))
            return redirect("community:member-profile", pk=user.pk)
    return render(
        request,
        "community/directory/profile_form.html",
        {"form": form, "profile": profile, "has_organisations": bool(organisations)},
    )
