"""The admin's password-reset form. It lives here, not in `home` with the rest of sign-in,
because its mail goes through this app's outbox."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

from home.signin import may_send_reset

from . import outbox
from .models import ClaimStatus, OfficeClaim, OutboxMessage

FIRST_PASSWORD_SUBJECT = "wagtailadmin/account/first_password/email_subject.txt"  # noqa: S105
FIRST_PASSWORD_BODY = "wagtailadmin/account/first_password/email.txt"  # noqa: S105


def invitees(email):
    """Active accounts for `email` that never set a password and were made by an approved
    office claim: invited staff who missed the invitation's window. Django's reset skips
    accounts without a usable password; these get a link to set their first one."""
    users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
    approved = OfficeClaim.objects.filter(status=ClaimStatus.APPROVED).values("account")
    return [u for u in users.filter(pk__in=approved) if not u.has_usable_password()]


class PasswordResetForm(WagtailPasswordResetForm):
    """Wagtail's reset form, with its mail stored in the outbox (so an SMTP outage delays it
    rather than losing it), a limit on how many are sent (`home.signin.may_send_reset`),
    and a first-password link for invited staff who have none yet."""

    def get_users(self, email):
        yield from super().get_users(email)
        yield from invitees(email)

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
        if not context["user"].has_usable_password():
            subject_template_name, email_template_name = FIRST_PASSWORD_SUBJECT, FIRST_PASSWORD_BODY
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail = OutboxMessage.objects.create(
            purpose=outbox.PASSWORD_RESET, to=to_email, subject=subject, body=body
        )
        outbox.send_soon([mail.pk])


def account_mail(purpose, to, subject, body):
    """Store a mail about the admin account itself (an email change's confirmation or
    notice) in the outbox and try it soon; used by home.accounts, whose mail goes through
    this app's outbox like the reset's."""
    mail = OutboxMessage.objects.create(
        purpose=purpose,
        to=to,
        subject=f"[{settings.WAGTAIL_SITE_NAME}] {subject}",  # as inquiry mails' subjects
        body=body,
    )
    outbox.send_soon([mail.pk])
    return mail
