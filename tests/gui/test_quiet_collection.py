"""While replies stream, what existed before them is set aside from full collections, and handed
back when the last one ends (gui/quiet_collection.py)."""

from __future__ import annotations

import gc

from parley.gui.quiet_collection import quiet_collection


def test_what_existed_before_a_reply_is_set_aside_until_the_last_reply_ends():
    assert gc.get_freeze_count() == 0
    with quiet_collection():
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # the app's (here: the test run's) objects
        with quiet_collection():  # a second reply (compare columns) at the same time
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen  # the first still streams
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # what a reply makes is still collected
    assert gc.get_freeze_count() == 0


def test_a_reply_that_fails_hands_everything_back():
    try:
        with quiet_collection():
            raise RuntimeError("the stream broke")
    except RuntimeError:
        pass
    assert gc.get_freeze_count() == 0
