"""The admin's password-reset form. It lives here, not in `home` with the rest of sign-in,
because its mail goes through this app's outbox."""

from django.conf import settings
from django.template.loader import render_to_string

from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from home.signin import may_send_reset

from . import outbox
from .models import OutboxMessage


class PasswordResetForm(WagtailPasswordResetForm):
    """Wagtail's reset form, with its mail stored in the outbox (so an SMTP outage delays it
    rather than losing it) and a limit on how many are sent (`home.signin.may_send_reset`)."""

    def save(self, *args, request=None, **kwargs):
        if request is not None and not may_send_reset(request, self.cleaned_data["email"]):
            return
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "site_title": settings.WAGTAIL_SITE_NAME,
        }
        super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail = OutboxMessage.objects.create(
            purpose=outbox.PASSWORD_RESET, to=to_email, subject=subject, body=body
        )
        outbox.send_soon([mail.pk])
