"""Public views of the home app that are not Wagtail pages."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .models import GlossaryTerm


@require_safe
def glossary_page(request):
    """用語集: every term with its reading and plain explanation, in あいうえお order."""
    return TemplateResponse(
        request, "home/glossary.html", {"terms": GlossaryTerm.objects.order_by("reading")}
    )
