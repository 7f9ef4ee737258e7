"""schema.org JSON-LD: writing it safely into a page, and the FAQ page's data."""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

# Inside <script>, these must not appear literally (they could end the element early).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def as_script(data):
    """The JSON to put between <script type="application/ld+json"> tags."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308


def faq_data(questions):
    """FAQPage data from (question, answer HTML) pairs."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": strip_tags(answer).strip()},
            }
            for question, answer in questions
        ],
    }
