"""The logs of a run that finished while it was being stopped: those taken from its console while it was stopped come
first, then its result's (which no longer holds them), numbered on; without any taken, its result's alone."""

from segtui.sandbox.stopped_run import late_logs


def entry(seq: int, message: str) -> dict:
    return {"level": "log", "message": message, "time": "2026-12-05T00:00:00.000Z", "seq": seq}


def test_logs_taken_while_the_run_was_stopped_come_before_its_late_results_numbered_on():
    salvaged = {"entries": [entry(1, "calling"), entry(2, "waiting")], "dropped": 1, "emitted": [{"seq": 2}]}
    late = {"logs": [entry(1, "late said 200")], "logs_dropped": 2, "emitted": [{"seq": 1}]}
    logs = late_logs(salvaged, late)
    assert [(item["seq"], item["message"]) for item in logs["entries"]] == [(1, "calling"), (2, "waiting"),
                                                                            (3, "late said 200")]
    assert (logs["dropped"], logs["emitted"]) == (3, [{"seq": 2}, {"seq": 1}])


def test_without_logs_taken_the_late_results_logs_are_the_runs():
    late = {"logs": [entry(1, "calling"), entry(2, "late said 200")], "logs_dropped": 0}
    assert late_logs(None, late) == {"entries": late["logs"], "dropped": 0, "emitted": []}
