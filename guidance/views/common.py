"""Small helpers every guidance page uses: bound forms, a service's errors on a form, and the error
for an action the item's state does not allow."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def posted(request):
    """The submitted data on POST (even when empty, so the form is bound and validated), else None."""
    return request.POST if request.method == "POST" else None


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, so the error summary shows it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def state_error(item) -> ValidationError:
    # The same words guidance.services.review uses when the item's state does not allow the action.
    return ValidationError(
        _("That cannot be done now: its status is %(status)s.") % {"status": item.get_status_display().lower()},
        code="wrong_status",
    )


def is_state_error(error: ValidationError) -> bool:
    """Refused because of the item's state or the two-person rule, not because of what was typed."""
    return not hasattr(error, "error_dict") and getattr(error, "code", None) in {"wrong_status", "two_person"}
