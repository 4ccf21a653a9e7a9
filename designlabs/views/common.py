"""What every lab view does first: find the lab (404 if there is none), work out who the person is
to it once, and refuse (403) unless the named check allows it."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from designlabs.models import Lab
from designlabs.permissions import LabAccess, lab_access


def lab_for(request, slug: str, allowed: Callable[[LabAccess], bool]) -> tuple[Lab, LabAccess]:
    lab = get_object_or_404(Lab.objects.select_related("department").with_access(request.user), slug=slug)
    access = lab_access(request.user, lab)
    if not allowed(access):
        raise PermissionDenied
    return lab, access
