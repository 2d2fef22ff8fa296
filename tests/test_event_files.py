"""Event files are read once and then only when they change: the cache keeps a file's events while its stat says it
is unchanged, and reads again a file changed in any way, even to the same size, or written just now."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.settled_files import write_settled

from segtui.errors import SegtuiInputError
from segtui.event_files import EventFileCache
from segtui.events import discover_events


def events_of(sources) -> dict[str, object]:
    return {source.name: source.payload for source in sources}


def test_a_folder_listed_again_reads_only_the_file_that_changed(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    for index in range(5):
        write_settled(folder / f"e{index}.json", {"type": "track", "event": f"E{index}"})
    cache = EventFileCache()
    assert events_of(discover_events([folder], cache.load))["e3.json"] == {"type": "track", "event": "E3"}
    assert sum(cache.reads.values()) == 5
    write_settled(folder / "e3.json", {"type": "track", "event": "X3"})  # the same size, its time set back as before
    listed = events_of(discover_events([folder], cache.load))
    assert listed["e3.json"] == {"type": "track", "event": "X3"}
    assert {path.name: count for path, count in cache.reads.items()} == {
        "e0.json": 1, "e1.json": 1, "e2.json": 1, "e3.json": 2, "e4.json": 1}
    assert listed == events_of(discover_events([folder]))


def test_a_file_written_just_now_is_read_every_time_and_a_broken_one_keeps_its_error(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.json"
    fresh.write_text(json.dumps({"type": "track", "event": "A"}))
    broken = write_settled(tmp_path / "broken.json", '{"type": "track",')
    cache = EventFileCache()
    for _ in range(2):
        assert cache.load(fresh)[0].payload == {"type": "track", "event": "A"}
        with pytest.raises(SegtuiInputError, match="broken.json"):
            cache.load(broken)
    assert cache.reads == {fresh: 2, broken: 1}
    broken.unlink()
    with pytest.raises(SegtuiInputError, match="broken.json"):
        cache.load(broken)
    cache.forget_untouched()  # the listing loaded them both since the cache was made
    cache.forget_untouched()  # none since the last call: both forgotten
    assert cache.load(fresh)[0].payload == {"type": "track", "event": "A"}
    assert cache.reads[fresh] == 3
