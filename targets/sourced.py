"""An achievement value that says where it comes from.

A Decimal, so evaluations, exports and templates use it as a number, that also carries its
source ("ssgi"), a label to print beside it ("SSGI 2024"), its publication, and whether it is a
generated demo figure. Apps that compute an achievement (stunting) return these through the
registry; a typed achievement with a stated source becomes one too.
"""

from __future__ import annotations

from decimal import Decimal


class SourcedValue(Decimal):
    source: str
    source_label: str
    publication: str
    is_illustrative: bool
    figure: object | None

    def __new__(
        cls,
        value,
        *,
        source: str,
        source_label: str,
        publication: str = "",
        is_illustrative: bool = False,
        figure: object | None = None,
    ) -> SourcedValue:
        instance = super().__new__(cls, value)
        instance.source = source
        instance.source_label = source_label
        instance.publication = publication
        instance.is_illustrative = is_illustrative
        instance.figure = figure
        return instance

    # Immutable like a Decimal; pickled (the page cache) with what it says of its source.
    def __reduce__(self):
        return (_rebuild, (str(self), dict(self.__dict__)))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _rebuild(value: str, attributes: dict) -> SourcedValue:
    return SourcedValue(value, **attributes)
