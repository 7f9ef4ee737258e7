"""Where a "next" parameter may send a visitor: back to a page of this site, nowhere else."""

from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request, target, fallback):
    """`target` when it is a path on this site, else `fallback`.

    A path only ("/…"): another host, a scheme (javascript:, //host) or a bare word is
    refused; redirect() would read a bare word as a view's name and fail.
    """
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback
