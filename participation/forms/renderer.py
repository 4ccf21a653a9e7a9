from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """Renders every form and field in the project with GOV.UK Design System markup."""

    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
