"""The places a social worker picks on the list for one printed sheet.

The selection lives in the address, `?sel=3,8,12` (the places' ids, in the order they were
picked), so that it survives paging and new filters without JavaScript and can be shared: the
list's links and its filter form carry it, and the page cache keys on it (settings
PAGE_CACHE_QUERY_PARAMETERS).
"""

from django.http import QueryDict

PARAMETER = "sel"
MAX_SELECTED = 10
# An id is a positive whole number written in ASCII digits, and fits a bigint.
MAX_ID_DIGITS = 18


class Selection:
    """The ids of `?sel=`, read leniently: what is not an id is set aside in `unreadable`,
    a repeated id counts once, and only the first MAX_SELECTED are kept (`too_many`)."""

    def __init__(self, raw=""):
        ids, unreadable = [], []
        for token in raw.replace(" ", ",").split(","):
            if not token:
                continue
            if token.isascii() and token.isdigit() and len(token) <= MAX_ID_DIGITS and int(token):
                if int(token) not in ids:
                    ids.append(int(token))
            elif token not in unreadable:
                unreadable.append(token)
        self.too_many = len(ids) > MAX_SELECTED
        self.ids = ids[:MAX_SELECTED]
        self.unreadable = unreadable

    @classmethod
    def from_request(cls, request):
        return cls(",".join(request.GET.getlist(PARAMETER)))

    def keep_only(self, ids):
        """Forget the ids not in `ids` (places not found or no longer published); return them."""
        gone = [pk for pk in self.ids if pk not in ids]
        self.ids = [pk for pk in self.ids if pk in ids]
        return gone

    @property
    def full(self):
        return len(self.ids) >= MAX_SELECTED

    def value(self, ids=None):
        return ",".join(str(pk) for pk in (self.ids if ids is None else ids))

    def query(self, data, ids=None):
        """The query string `data` (a QueryDict) with this selection, or `ids`, in it."""
        query = data.copy() if data is not None else QueryDict(mutable=True)
        value = self.value(ids)
        if value:
            query[PARAMETER] = value
        else:
            query.pop(PARAMETER, None)
        return query.urlencode(safe=",")

    def toggle(self, data, pk):
        """The query that adds the place to the selection or takes it out; None when it is
        not in it and the selection is full."""
        if pk in self.ids:
            return self.query(data, [i for i in self.ids if i != pk])
        if self.full:
            return None
        return self.query(data, [*self.ids, pk])
