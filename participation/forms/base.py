from django import forms


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that only validates: its cleaned data goes to a service, which writes the
    fields it allows and records what changed against the stored values."""

    def _post_clean(self):
        # ModelForm would copy the cleaned values onto the instance here, so the service could no
        # longer see what changed. The services validate the model themselves.
        pass
