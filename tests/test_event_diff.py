"""The change an insert function made to an event, field by field, and the checks Segment applies to emitted messages."""

import pytest

from segtui.emitted import EmittedMessage, problems, rejection
from segtui.event_diff import change_summary, event_changes


def test_changes_are_listed_by_path_with_what_was_there_before_and_after():
    before = {"type": "track", "properties": {"total": 10, "items": [1, 2]}, "context": {"ip": "1.2.3.4"}}
    after = {"type": "track", "properties": {"total": 12, "items": [1], "tier": "gold"}, "odd key": True}
    lines = [change.line() for change in event_changes(before, after)]
    assert lines == ['~ properties.total: 10 → 12', '- properties.items[1]: 2', '+ properties.tier: "gold"',
                     '- context: {"ip": "1.2.3.4"}', '+ ["odd key"]: true']
    assert change_summary(event_changes(before, after)) == "2 added, 2 removed, 1 changed"


def test_equal_json_numbers_are_no_change_but_a_boolean_is_not_a_number():
    assert event_changes({"a": 60.0}, {"a": 60}) == []
    assert [change.kind for change in event_changes({"a": 1}, {"a": True})] == ["changed"]
    assert change_summary([]) == "unchanged"


def test_a_long_value_is_cut_to_the_width():
    (change,) = event_changes({}, {"blob": "x" * 500})
    assert len(change.line(60)) < 80 and change.line(60).endswith("…")


@pytest.mark.parametrize("width", [24, 56, 57, 100])
def test_a_changed_values_before_and_after_fit_the_width_together_with_the_arrow(width):
    # A new user's trial at 200x50: an insert function's `~ traits.email: "…" → "…"` took three columns more than the
    # pane had, so the after value wrapped onto a line of its own.
    (change,) = event_changes({"traits": {"email": "x" * 200}}, {"traits": {"email": "y" * 200}})
    shown = change.line(width).removeprefix("~ traits.email: ")
    assert len(shown) == width and " → " in shown


@pytest.mark.parametrize(("before", "after", "shown"), [
    ("a", "y" * 40, '"a" → "' + "y" * 23 + "…"),
    ("x" * 40, "b", '"' + "x" * 23 + '… → "b"'),
    ("x" * 40, "y" * 40, '"' + "x" * 12 + '… → "' + "y" * 12 + "…"),
])
def test_a_short_value_leaves_the_room_it_does_not_use_to_the_other(before, after, shown):
    # A user's day: `"a" → "abcdefghijkl…` cut the after to half the room while the before used three columns of it.
    (change,) = event_changes({"p": before}, {"p": after})
    assert change.values(31) == shown and len(shown) <= 31


@pytest.mark.parametrize(("message", "found"), [
    ({"type": "track", "event": "A", "userId": "u"}, []),
    ({"type": "track", "userId": "u"}, ["track needs an event name (event)"]),
    ({"type": "identify", "traits": {}}, ["identify needs a userId or an anonymousId"]),
    ({"type": "page", "anonymousId": "a", "properties": []}, ["properties must be an object"]),
    ({"type": "group", "userId": "u"}, ["group needs a groupId (groupId)"]),
    ({"type": "alias", "userId": "u"}, ["alias needs a previousId (previousId)"]),
    ({"type": "set", "collection": "Orders", "id": "o"}, ["the collection name must be lowercase"]),
    ({"type": "set", "collection": "orders"}, ["set needs an id (id)"]),
    ({"type": "screen", "userId": "u", "name": "Home"}, []),
])
def test_messages_are_checked_as_segment_checks_them(message, found):
    assert problems(message) == found


def test_the_rejection_names_each_bad_message_by_its_place():
    emitted = [EmittedMessage.from_json({"seq": 0, "message": message})
               for message in ({"type": "track", "event": "A", "userId": "u"}, {"type": "track"})]
    assert rejection(emitted) == "message 2 (track): track needs an event name (event), track needs a userId or an anonymousId"
    assert emitted[0].headline() == 'Segment.track("A") userId=u'
