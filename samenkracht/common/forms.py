from django import forms
from django.core.exceptions import ValidationError


def form_add_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form fields it names (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)
