"""Public views of the home app that are not Wagtail pages."""

from django.shortcuts import render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .models import GlossaryTerm


@require_safe
def glossary_page(request):
    """用語集: every term with its reading and plain explanation, in あいうえお order."""
    return TemplateResponse(
        request, "home/glossary.html", {"terms": GlossaryTerm.objects.order_by("reading")}
    )


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (an old page, cookies blocked): say in plain
    Japanese that nothing was sent and how to send it again, instead of Django's English
    page. The reason stays in the log; it means nothing to the person."""
    return render(request, "403_csrf.html", status=403)
