from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form with translated labels.

    Wagtail leaves the password and "remember me" labels to Django's defaults, which are
    built from the field names and so stay in English on a Japanese admin.
    """

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
    remember = forms.BooleanField(label=_("Remember me"), required=False)
