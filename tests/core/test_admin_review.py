"""How ContentAdmin is put together, and the review state that an editor's save of a live
record leaves for the rest of the request."""

from django.test import RequestFactory
from reversion.admin import VersionAdmin

from core.admin import ContentAdmin
from core.admin.history import HistoryMixin
from core.admin.review import REQUEST_ATTRIBUTE, ReviewMixin, ReviewState, review_state


def test_nothing_held_by_default():
    state = ReviewState()
    assert not state.held
    assert not state.file_on_response


def test_a_held_change_is_filed_on_response():
    record = object()
    state = ReviewState()
    state.hold(record, {"themes": ["a"]})
    assert state.held
    assert state.file_on_response
    assert (state.record, state.m2m) == (record, {"themes": ["a"]})


def test_a_revert_defers_filing_to_revision_view():
    state = ReviewState()
    state.defer()
    assert not state.file_on_response  # nothing held yet
    state.hold(object(), {})
    assert state.held
    assert not state.file_on_response


def test_one_state_per_request_made_on_first_use():
    request = RequestFactory().post("/")
    assert not hasattr(request, REQUEST_ATTRIBUTE)
    state = review_state(request)
    assert isinstance(state, ReviewState)
    assert review_state(request) is state
    assert review_state(RequestFactory().post("/")) is not state


def test_content_admin_wraps_reversion_views():
    # The review and history mixins extend VersionAdmin's revision and history views: they
    # must come before it in the class order.
    mro = ContentAdmin.__mro__
    assert mro.index(ReviewMixin) < mro.index(VersionAdmin)
    assert mro.index(HistoryMixin) < mro.index(VersionAdmin)
    assert ContentAdmin.object_history_template == "admin/content_history.html"
