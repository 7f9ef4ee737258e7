"""The shortlist a visitor builds while browsing, kept in their session (no account needed),
and the office ids a comparison URL carries (?o=12&o=34), which anyone can open."""

from ..directory.filters import record_id

SESSION_KEY = "facility_shortlist"
MAX_SHORTLIST = 20
MIN_COMPARE, MAX_COMPARE = 2, 5


def ids(session):
    """The shortlisted facility ids, oldest first; anything malformed in the session is dropped."""
    stored = session.get(SESSION_KEY, [])
    if not isinstance(stored, list):
        return []
    return [pk for pk in stored if isinstance(pk, int)][:MAX_SHORTLIST]


def add(session, pk):
    """Add an id; False when the shortlist is already full."""
    current = ids(session)
    if pk in current:
        return True
    if len(current) >= MAX_SHORTLIST:
        return False
    session[SESSION_KEY] = [*current, pk]
    return True


def remove(session, pk):
    session[SESSION_KEY] = [p for p in ids(session) if p != pk]


def clear(session):
    session[SESSION_KEY] = []


def keep(session, live_ids):
    """Forget ids whose pages are no longer published."""
    current = ids(session)
    kept = [pk for pk in current if pk in live_ids]
    if kept != current:
        session[SESSION_KEY] = kept
    return kept


def parse_compare(values):
    """Ids from the `o` parameters of a comparison URL: (ids, whether any were dropped).

    Kept in the order given, without repeats, at most MAX_COMPARE.
    """
    found, dropped = [], False
    for value in values:
        pk = record_id(value)
        if pk is None or pk in found:
            dropped = True
            continue
        found.append(pk)
    if len(found) > MAX_COMPARE:
        found, dropped = found[:MAX_COMPARE], True
    return found, dropped
