"""CSV for Excel, as staff and social workers open it: UTF-8 with a BOM, and no cell that
Excel would run as a formula (=HYPERLINK(…) typed into a form stays text)."""

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as text, with a leading ' where Excel would read a formula."""
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text
