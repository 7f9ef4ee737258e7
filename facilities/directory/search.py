"""Keyword search over facilities with Whoosh, n-grams over normalised Japanese text.

Japanese has no spaces between words, so the index holds overlapping character pairs
(bigrams) of normalised text: a query is found anywhere inside a longer word or sentence
(造花 in アーティフィシャルフラワー（造花）制作). Queries become phrase queries over those
bigrams, so the characters must be adjacent, as in a substring search. One-character queries
use a separate unigram field that covers only names and places, so 森 finds 森の家 without
matching every sentence that has the character somewhere.

The rest of the project uses `search(query)`, `update(documents)`, `remove(pks)` and
`rebuild(documents)`; nothing else here is public.
"""

import logging
import os
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.query import And, NullQuery, Term
from whoosh.reading import TermNotFound
from whoosh.writing import MERGE_SMALL

from django.conf import settings

from .text import ngrams, normalize

MAX_QUERY_LENGTH = 100
# Posting lists kept per searcher, counted in document numbers (4 bytes each): 32 MB.
MAX_POSTINGS = 8_000_000
# SEARCH_INDEX_DIR holds builds/<id>/ (each a whole index) and CURRENT, the id of the build
# being served. A rebuild fills a new build beside the live one and then replaces CURRENT in
# one rename, so no search ever meets an empty or half-written index; every process notices
# the new CURRENT at its next search.
CURRENT_FILE = "CURRENT"
BUILDS = "builds"
APPLIED_FILE = "APPLIED"
# Builds replaced longer ago than this are deleted (a process may still be reading one).
OLD_BUILD_SECONDS = 600
# Raise when what goes into a document changes (records.document): an index written by
# older code is not opened: `indexing.sync()` (or `rebuild_facility_index --if-stale`) rebuilds.
FORMAT_VERSION = "4"  # 4: the schema pickles facilities.directory.search (was facilities.search)
FORMAT_FILE = "FORMAT_VERSION"
logger = logging.getLogger(__name__)


class NgramTokenizer(Tokenizer):
    """Normalises text and emits its n-grams, never across white space.

    Module level, because Whoosh pickles the analyser into the index.
    """

    def __init__(self, size=2):
        self.size = size

    def __eq__(self, other):
        return type(other) is type(self) and other.size == self.size

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for word in normalize(value).split(" "):
            for gram in ngrams(word, self.size):
                token.text = gram
                token.boost = 1.0
                if keeporiginal:
                    token.original = gram
                if positions:
                    token.pos = position
                yield token
                position += 1
            # A gap in positions keeps a phrase from running across two words.
            position += 1


SCHEMA = Schema(
    pk=ID(stored=True, unique=True),
    pk_column=NUMERIC(bits=64, sortable=True),
    # Bigrams of all the text, without positions: a query is the AND of its bigrams.
    text=TEXT(analyzer=NgramTokenizer(2), phrase=False),
    # Names alone, to rank name matches first without looking at every result.
    name=TEXT(analyzer=NgramTokenizer(2), phrase=False),
    short=TEXT(analyzer=NgramTokenizer(1), phrase=False),
)


def _same_schema(schema):
    """Whether an index on disk has the fields (and field types) this code writes."""
    return {name: type(field) for name, field in schema.items()} == {
        name: type(field) for name, field in SCHEMA.items()
    }


@dataclass(frozen=True)
class Document:
    """What the index knows of one facility: its id and three kinds of text."""

    pk: int
    name: str  # the name, its kana and its reading: matches here rank first
    body: str  # everything else a person may search for
    short: str  # names and places, for one-character queries


@dataclass(frozen=True)
class Query:
    """A parsed keyword query: normalised terms, all of which must match."""

    terms: tuple

    @classmethod
    def parse(cls, text):
        text = normalize(text)[:MAX_QUERY_LENGTH]
        return cls(terms=tuple(term for term in text.split(" ") if term))

    def __bool__(self):
        return bool(self.terms)

    @property
    def has_single_characters(self):
        return any(len(term) == 1 for term in self.terms)

    def index_terms(self, field="text"):
        """The (field, text) pairs that must all be in a matching document."""
        pairs = []
        for term in self.terms:
            if len(term) == 1:
                pairs.append(("short", term))
            else:
                pairs.extend((field, gram) for gram in ngrams(term, 2))
        return list(dict.fromkeys(pairs))

    def whoosh_query(self, field="text"):
        clauses = [Term(name, text) for name, text in self.index_terms(field)]
        return And(clauses) if clauses else NullQuery


class _Postings:
    """One searcher's posting lists as sorted arrays of document numbers, least recently used
    dropped first once they hold MAX_POSTINGS numbers."""

    def __init__(self):
        self._lock = threading.Lock()
        self._lists = OrderedDict()
        self._size = 0

    def get(self, searcher, field, text):
        key = (field, text)
        with self._lock:
            cached = self._lists.get(key)
            if cached is not None:
                self._lists.move_to_end(key)
                return cached
        try:
            ids = searcher.reader().postings(field, text).all_ids()
            docnums = np.fromiter(ids, dtype=np.int32)
        except TermNotFound:
            docnums = np.empty(0, dtype=np.int32)
        with self._lock:
            if key not in self._lists:
                self._lists[key] = docnums
                self._size += docnums.size
            while self._size > MAX_POSTINGS and len(self._lists) > 1:
                _, dropped = self._lists.popitem(last=False)
                self._size -= dropped.size
        return docnums


class _Index:
    """The on-disk index and a searcher kept open between requests of one process."""

    def __init__(self, path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._index = None
        self._searcher = None
        self._pks = None
        self._postings = _Postings()

    def open(self):
        if self._index is None:
            self.path.mkdir(parents=True, exist_ok=True)
            if self._format() == FORMAT_VERSION and index.exists_in(self.path):
                self._index = index.open_dir(self.path)
                if not _same_schema(self._index.schema):
                    logger.warning(
                        "The facility keyword index at %s was built by an older version and "
                        "has been emptied: run `manage.py rebuild_facility_index`.",
                        self.path,
                    )
                    self._create()
            else:
                self._create()
        return self._index

    def _create(self):
        self._index = index.create_in(self.path, SCHEMA)
        (self.path / FORMAT_FILE).write_text(FORMAT_VERSION)

    def _format(self):
        try:
            return (self.path / FORMAT_FILE).read_text()
        except FileNotFoundError:
            return ""

    def identity(self):
        """(build, generation): changes whenever the index does. Every full rebuild is a new
        build in a folder of its own, so a generation number is never reused for it."""
        return self.path.name, self.open().latest_generation()

    def applied(self):
        """The last change (FacilityChange id) this build has taken in."""
        try:
            return int((self.path / APPLIED_FILE).read_text())
        except (FileNotFoundError, ValueError):
            return 0

    def set_applied(self, change_id):
        with self._lock:
            if change_id > self.applied():
                _write_atomically(self.path / APPLIED_FILE, str(change_id))

    def document_count(self):
        searcher, _ = self.searcher()
        return searcher.doc_count()

    def searcher(self):
        """An up-to-date searcher and the array mapping its document numbers to page ids."""
        searcher, pks, _ = self._state()
        return searcher, pks

    def _state(self):
        with self._lock:
            if self._searcher is not None and not self._searcher.up_to_date():
                # Not Searcher.refresh(): it reuses segment readers, and a segment that only
                # gained deletions keeps its old deletion set, so removed pages stay found.
                self._searcher.close()
                self._searcher = None
            if self._searcher is None:
                self._searcher = self.open().searcher()
                self._pks = None
                self._postings = _Postings()
            if self._pks is None:
                reader = self._searcher.reader()
                if reader.doc_count_all() == 0:
                    # An index with no segments yet has no columns to read.
                    self._pks = np.empty(0, dtype=np.int64)
                    return self._searcher, self._pks, self._postings
                column = reader.column_reader("pk_column")
                pks = np.fromiter(column, dtype=np.int64, count=reader.doc_count_all())
                # Query.docs() does not skip deleted documents (only collectors do):
                # they map to -1 here and are dropped from every result.
                alive = np.zeros(pks.size, dtype=bool)
                alive[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
                pks[~alive] = -1
                self._pks = pks
            return self._searcher, self._pks, self._postings

    def write(self, documents=(), remove=()):
        ix = self.open()
        # Another process may be writing (two editors publishing at once): wait for it.
        writer = ix.writer(limitmb=128, timeout=30, delay=0.1)
        try:
            for pk in remove:
                writer.delete_by_term("pk", str(pk))
            for doc in documents:
                writer.update_document(
                    pk=str(doc.pk),
                    pk_column=doc.pk,
                    text=f"{doc.name} {doc.body}",
                    name=doc.name,
                    short=doc.short,
                )
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=MERGE_SMALL)

    def docnums(self, query, field):
        """Document numbers having every term of `query`. Whoosh walks posting lists in
        Python, so each term's list is read once per searcher and kept as an array; the
        arrays are intersected in numpy, shortest first."""
        searcher, pks, postings = self._state()
        lists = sorted(
            (postings.get(searcher, *pair) for pair in query.index_terms(field)), key=len
        )
        if not lists:
            return np.empty(0, dtype=np.int64), pks
        found = lists[0]
        for other in lists[1:]:
            if not found.size:
                break
            found = np.intersect1d(found, other, assume_unique=True)
        return found.astype(np.int64), pks

    def forget_postings(self):
        with self._lock:
            self._postings = _Postings()

    def close(self):
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._index = self._searcher = self._pks = None


_indexes = {}
_indexes_lock = threading.Lock()


def root():
    return Path(settings.SEARCH_INDEX_DIR)


def _current_build():
    """The id of the build being served, or None before the first one."""
    try:
        return (root() / CURRENT_FILE).read_text().strip() or None
    except FileNotFoundError:
        return None


def _new_build():
    build = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
    path = root() / BUILDS / build
    path.mkdir(parents=True)
    return build, path


def _write_atomically(path, text):
    """Readers in any process see the old text or the new one, never a half-written file."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
    temporary.write_text(text)
    os.replace(temporary, path)


def _serve(build):
    """Make `build` the one every process searches: one atomic rename."""
    _write_atomically(root() / CURRENT_FILE, build)


def _current():
    """The live build's index, opened once per process; a new CURRENT is followed at once."""
    build = _current_build()
    if build is None:
        # No index yet: an empty build, so that searching works (and finds nothing) until
        # the first rebuild; `indexing.sync()` builds one before the directory searches.
        build, _ = _new_build()
        _serve(build)
        build = _current_build()
    path = os.fspath(root() / BUILDS / build)
    with _indexes_lock:
        if path not in _indexes:
            # Not closed: another thread may be searching it still; it closes when dropped.
            for old in [p for p in _indexes if os.path.dirname(p) == os.path.dirname(path)]:
                _indexes.pop(old)
            _indexes[path] = _Index(path)
        return _indexes[path]


def _remove_old_builds(keep):
    cutoff = time.time() - OLD_BUILD_SECONDS
    for path in (root() / BUILDS).iterdir():
        if path.name != keep and path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)


def search(query, field="text"):
    """Ids of the facilities matching every term of `query` (a Query or a string).

    `field="name"` looks in the names only. Terms of three or more characters are matched
    as bigrams that need not be adjacent: the catalogue checks the words themselves.
    """
    if isinstance(query, str):
        query = Query.parse(query)
    if not query:
        return np.empty(0, dtype=np.int64)
    docnums, pks = _current().docnums(query, field)
    found = pks[docnums]
    return found[found >= 0]


def search_names(query):
    """Ids of the facilities whose name (with its kana and reading) has every term.

    None where that cannot be told from the name bigrams (one-character terms)."""
    if isinstance(query, str):
        query = Query.parse(query)
    if not query or query.has_single_characters:
        return None
    return search(query, field="name")


def update(documents):
    """Add or replace the given documents."""
    _current().write(documents=list(documents))


def remove(pks):
    _current().write(remove=list(pks))


def rebuild(documents, applied=0):
    """Replace the whole index with `documents`, built beside the live one and swapped in.

    `applied` is the last FacilityChange the documents reflect (read before they were)."""
    build, path = _new_build()
    fresh = _Index(path)
    try:
        fresh.open()
        fresh.write(documents=documents)
        fresh.set_applied(applied)
    finally:
        fresh.close()
    _serve(build)
    _remove_old_builds(keep=build)


def applied():
    return _current().applied()


def set_applied(change_id):
    _current().set_applied(change_id)


def exists():
    """Whether a build this code can read is being served (an empty folder has none, and a
    build by an older version, whose pickled schema may name modules that have moved, is
    rebuilt by `indexing.sync()` rather than opened)."""
    build = _current_build()
    if build is None:
        return False
    try:
        return (root() / BUILDS / build / FORMAT_FILE).read_text() == FORMAT_VERSION
    except FileNotFoundError:
        return False


def document_count():
    return _current().document_count()


def generation():
    """(index folder, build, generation number): changes whenever the index changes, for
    what is built from the same facilities beside it (the directory's catalogue)."""
    current = _current()
    return (str(root()), *current.identity())


def forget_postings():
    """Drop the posting lists kept in memory (a benchmark's cold requests)."""
    with _indexes_lock:
        for ix in _indexes.values():
            ix.forget_postings()


def reset():
    """Forget open indexes (tests point SEARCH_INDEX_DIR somewhere new)."""
    with _indexes_lock:
        for ix in _indexes.values():
            ix.close()
        _indexes.clear()
