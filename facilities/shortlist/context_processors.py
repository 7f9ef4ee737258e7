from functools import cached_property

from . import selection as shortlist_ids


class Shortlist:
    """The visitor's shortlist for the header link and the add/remove buttons (read lazily)."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def ids(self):
        session = getattr(self.request, "session", None)
        return shortlist_ids.ids(session) if session is not None else []

    @property
    def count(self):
        return len(self.ids)

    @cached_property
    def url(self):
        from ..models import DirectoryPage

        directory = DirectoryPage.objects.live().only("url_path").first()
        if directory is None:
            return ""
        return f"{directory.get_url(self.request)}shortlist/"


def shortlist(request):
    return {"shortlist": Shortlist(request)}
