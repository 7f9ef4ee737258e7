"""Whatever a visitor puts in the directory's URL, the answer is a page, never an error."""

from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

KNOWN = [
    "q",
    "pref",
    "city",
    "station",
    "line",
    "work",
    "support",
    "target",
    "pickup",
    "wage",
    "visit",
    "trial",
    "openings",
    "service",
    "sort",
    "page",
]
names = st.one_of(st.sampled_from(KNOWN), st.text(max_size=10))
values = st.one_of(
    st.text(max_size=50),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", "0", "1", "14", "all", "b", "wage", "%", "<script>", "\x00", "駅"]),
    st.text(min_size=200, max_size=400),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs=st.lists(st.tuples(names, values), max_size=12))
def test_any_query_string_gives_a_page(directory, client, pairs):
    response = client.get("/facilities/?" + urlencode(pairs))
    assert response.status_code == 200
    assert 'id="results-title"' in response.text
