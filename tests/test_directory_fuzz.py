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
    "near",
    "km",
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
    st.sampled_from(
        ["", "0", "1", "14", "all", "b", "wage", "distance", "%", "<script>", "\x00", "駅"]
    ),
    st.sampled_from(
        ["横浜駅", "府中", "府中駅（", "（）", "相模原市", "横浜市", "ﾖｺﾊﾏ", "5", "1e3"]
    ),
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


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lat=st.one_of(st.text(max_size=30), st.floats(allow_nan=True).map(str)),
    lon=st.one_of(st.text(max_size=30), st.floats(allow_nan=True).map(str)),
)
def test_any_position_posted_gives_a_page(directory, client, lat, lon):
    """The 現在地 button posts the browser's position; anything posted there is answered."""
    response = client.post("/facilities/?service=all", {"lat": lat, "lon": lon})
    assert response.status_code == 200
    assert 'id="results-title"' in response.text
