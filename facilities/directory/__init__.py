"""The directory engine: Japanese keyword search, conditions, counts and order over every office.

The rest of the site uses the names below; the modules are the engine's inside:

    text       normalising Japanese (width, kana, readings, legal forms) and word n-grams
    search     the keyword index (Whoosh), built beside the live one and swapped in whole
    records    the flat facts of every listed office, read from the database in a few queries
    catalog    those facts as arrays: conditions, counts and order without the database
    filters    the directory URL (Criteria) and its parsing; never raises on what is typed
    places     prefectures, cities and distances
    stations   the station list, walking minutes, the nearest stations to a point
    offers     conditions a keyword names (「送迎」 → 送迎あり)
    indexing   keeping the index and catalogue in step with the database, on every server
    query      what the directory page shows for a request

The index and the catalogue are caches of the database that any server can rebuild; see
`indexing` for how a change made on one server reaches the others.

The names are resolved on first use: `models` imports `stations` (below the models), while
`query`, `records` and `indexing` read the models (above them), so importing this package must
not import those modules eagerly.
"""

from importlib import import_module

_SURFACE = {
    "find": "query",
    "directory_context": "query",
    "Criteria": "filters",
    "parse": "filters",
    "record_id": "filters",
    "sync": "indexing",
    "record": "indexing",
    "changed": "indexing",
    "rebuild": "indexing",
    "prune": "indexing",
}
__all__ = sorted(_SURFACE)


def __getattr__(name):
    if name in _SURFACE:
        return getattr(import_module(f".{_SURFACE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
