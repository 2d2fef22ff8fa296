"""The sandbox's own work a fetch does while it waits (writing the results taken before it): once its requests are on
the wire, and again, as late, should their answer not have begun within LATE_S."""

from __future__ import annotations

from collections.abc import Callable

LATE_S = 0.005
"""A wait whose answer has not begun within this is late: the sandbox then writes every result taken before it, as it
may last (a slow server, a sandbox killed meanwhile) while a quick one's wait leaves a few for the next line."""


class Meanwhile:
    """The sandbox's work a fetch does while it waits, as `work(late)`: once with late False, once with late True at
    most; what it raises is raised again when the fetch is done, so that it is never taken for the request's own
    failure."""

    def __init__(self, work: Callable[[bool], None]) -> None:
        self._work = work
        self._done: bool | None = None  # with late False or True, once done
        self._error: BaseException | None = None

    def __call__(self, late: bool = False) -> None:
        """Do the work, unless it was done already as late as this, or failed."""
        if self._error is not None or self._done is True or (self._done is False and not late):
            return
        self._done = late
        try:
            self._work(late)
        except BaseException as error:  # noqa: BLE001 - raised again by `finish`, on the fetch's own terms
            self._error = error

    def finish(self) -> None:
        """Do the work if no wait did it, and raise what it raised."""
        self()
        if self._error is not None:
            raise self._error


def nothing(late: bool = False) -> None:
    """No work while a fetch waits: a pooled request's (the calling thread does the fetch's own), or a caller's with none."""
