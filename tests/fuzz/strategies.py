"""Hypothesis strategies shared by the fuzz tests: JSON values and mutations of valid documents."""

from __future__ import annotations

import copy

from hypothesis import strategies as st

#: Any decoded JSON value (no NaN: json.loads never yields one unless asked).
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)

#: Values that are close to valid ones: numbers as strings, fractions, edge integers.
tricky = (
    st.sampled_from(
        ["", "0", "-1", "1/0", "0/0", "50", "49.5", "1e309", "NaN", "1/2", "2/3", " ", "\u0000"]
    )
    | st.integers(min_value=-3, max_value=10**20)
    | json_values
)


def paths(document, prefix=()):
    """Every path to a value inside nested dicts and lists."""
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from paths(value, (*prefix, index))


DELETE = object()


def mutated(document):
    """A strategy: the document with one to three values replaced or deleted."""
    all_paths = [p for p in paths(document) if p]

    @st.composite
    def build(draw):
        result = copy.deepcopy(document)
        for _ in range(draw(st.integers(1, 3))):
            path = draw(st.sampled_from(all_paths))
            value = draw(st.just(DELETE) | tricky)
            parent = result
            try:
                for step in path[:-1]:
                    parent = parent[step]
                if value is DELETE:
                    del parent[path[-1]]
                else:
                    parent[path[-1]] = value
            except (KeyError, IndexError, TypeError):
                continue  # an earlier mutation removed this path
        return result

    return build()
