"""The admin account's own pages outside Wagtail's: the first password an invited staff
member sets ("パスワードを決める", not a reset), and a confirmed change of email address.

The first-password pages are under /admin/ (site/urls.py puts them before Wagtail's admin
URLs, as they open to people who are not signed in); AdminSignInMiddleware lets them through.
"""

from django.contrib.auth import views as auth_views
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache

from . import lockouts

# URL names (not passwords).
FIRST_PASSWORD = "first_password"  # noqa: S105
FIRST_PASSWORD_DONE = "first_password_done"  # noqa: S105


class FirstPasswordView(auth_views.PasswordResetConfirmView):
    """Django's reset-confirm view (the same uidb64 and token as a reset link, one day,
    used once) worded for a first password. Works for an account without a usable
    password, as an invitation makes; a used or expired link gets a page that offers a new
    one. A completed first password lifts every sign-in lock on the account."""

    template_name = "wagtailadmin/account/first_password/confirm.html"
    success_url = reverse_lazy(FIRST_PASSWORD_DONE)
    reset_url_token = "set-password"  # noqa: S105 (Django's placeholder for the token in the URL)

    def form_valid(self, form):
        response = super().form_valid(form)
        lockouts.lift(username=form.user.get_username())
        return response


first_password = FirstPasswordView.as_view()


@never_cache
def first_password_done(request):
    return TemplateResponse(request, "wagtailadmin/account/first_password/done.html")
