"""The Python end of host.js's channel: JSON requests and replies in UTF-16 chunks through a shared buffer."""

from __future__ import annotations

import codecs
import json
import struct
import time
from collections.abc import Callable

from segtui import wire_json
from segtui.sandbox import thread_state
from segtui.sandbox.host_services import HostDeadlineError, HostMemoryError

_HEADER = 8
_COUNTS = struct.Struct("<II")
"""The header: a chunk's length in UTF-16 code units, and its flags."""
_STUCK_POLL_S = 0.01
_PARTIAL = 1
_CONTINUE = 2

Handler = Callable[[str, object], object]


class HostChannel:
    """Decodes each call from JS, passes it to `handler(op, payload)`, and writes back the reply."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        """Serves each call; a context built before its sandbox had a config gets the sandbox's host here."""
        self._incoming: list[str] = []
        self._held = b""
        """The high half of a character past U+FFFF that the last chunk of a call ended with, until the next one."""
        self._outgoing = ""
        """The reply's text not yet sent: each chunk is encoded as it goes, never the whole reply at once (a 20 MB
        reply took 40 MB more as UTF-16, and cutting the rest off after each chunk copied it once a chunk)."""
        self._sent = 0
        """How many characters of `_outgoing` have gone."""
        self.keep_thread_state = False
        """Set while a run lasts: V8's thread keeps its Python thread state between calls (segtui.sandbox.thread_state)."""
        self._serving: tuple[object, object] | None = None
        """The call in progress, as its op and payload (set and cleared per call: no lock, no text on the way)."""
        self._open_to: frozenset[str] | None = None
        """Once the run is stopped (`refuse_calls`), the only ops still served."""

    def refuse_calls(self, but: frozenset[str]) -> None:
        """The run is stopped: from now on serve only calls of the ops `but`, and stop JS at any other (as past a
        limit), so that a verdict of `stuck_in` that V8's thread is in no call holds while the context is freed."""
        self._open_to = but

    def stuck_in(self, grace_s: Callable[[object], float]) -> str | None:
        """The host call V8's thread is still inside once the one it is in has gone on `grace_s(op)` since this wait
        began (called from any thread), as a note names it: its op, and the JS function that made it when the payload
        says."""
        began = time.monotonic()
        serving = self._serving
        while serving is not None and time.monotonic() < began + grace_s(serving[0]):
            time.sleep(_STUCK_POLL_S)
            serving = self._serving
        if serving is None:
            return None
        op, payload = serving
        caller = payload.get("caller") if isinstance(payload, dict) else None
        return f"{op} ({caller})" if isinstance(caller, str) else str(op)

    def on_call(self, buffer: memoryview) -> None:
        """Serve one native call; runs on V8's thread while JS waits for it."""
        if self.keep_thread_state:
            thread_state.hold()
        length, flags = _COUNTS.unpack_from(buffer)
        if flags & _CONTINUE:
            self._send_chunk(buffer)
            return
        # The codec's own functions: through its name, each call looked it up and went through a Python wrapper. A
        # chunk may end between the halves of a character past U+FFFF: its high half is kept for the next chunk, as
        # each decoded alone they would be two lone surrogates (not the character) in the call's text.
        data: memoryview | bytes = buffer[_HEADER : _HEADER + 2 * length]
        if self._held:
            data, self._held = self._held + data, b""
        if flags & _PARTIAL:
            text, used = codecs.utf_16_le_decode(data, "surrogatepass", False)
            self._held = bytes(data[used:])
            self._incoming.append(text)
            return
        text = codecs.utf_16_le_decode(data, "surrogatepass", True)[0]
        if self._incoming:  # the last chunk of several (nearly every call is one chunk)
            self._incoming.append(text)
            text = self._take_incoming()
        try:
            reply = self._reply(text)
        except Exception as error:  # noqa: BLE001 - a bug in segtui's host code
            # Escaping here, it would leave JS reading its own call back as the reply: a wrong value, or a run
            # that waits past its time limit. It fails the call loudly instead.
            reply = json.dumps({"error": f"segtui's host failed to answer a call ({type(error).__name__}: {error}); "
                                         "this is a bug in segtui, not in the handler"})
        self._outgoing, self._sent = reply, 0
        self._send_chunk(buffer)

    def _take_incoming(self) -> str:
        text = "".join(self._incoming)
        self._incoming.clear()
        return text

    def _reply(self, text: str) -> str:
        request = wire_json.loads(text)
        del text  # read: a call of megabytes (a 20 MB URL) is not held while it is served
        payload = request.get("payload")
        self._serving = (request["op"], payload)  # before the refusal is looked at, as `refuse_calls` sets it first
        try:
            if self._open_to is not None and request["op"] not in self._open_to:
                return json.dumps({"error": "the run was stopped", "stop": True})
            result = self.handler(request["op"], payload)
        except (HostMemoryError, HostDeadlineError) as error:
            # The handler must not go on (it could catch an Error): runtime.js stops where it is, and the
            # sandbox ends the run with the memory or time limit's error.
            return json.dumps({"error": f"{type(error).__name__}: {error}", "stop": True})
        except Exception as error:  # noqa: BLE001 - any host failure becomes a JS Error, never a dead V8 thread
            return json.dumps({"error": f"{type(error).__name__}: {error}"})
        finally:
            self._serving = None
        return wire_json.dumps({"result": result})

    def _send_chunk(self, buffer: memoryview) -> None:
        # A character past U+FFFF takes two code units: a chunk of half the buffer's units in characters always fits
        # (all of them for ASCII text, which str.isascii knows at once). A lone surrogate goes as the one code unit it
        # is, which JS joins to its other half in the next chunk, if any.
        units = (len(buffer) - _HEADER) // 2
        start = self._sent
        self._sent = min(len(self._outgoing), start + (units if self._outgoing.isascii() else units // 2))
        data = codecs.utf_16_le_encode(self._outgoing[start : self._sent], "surrogatepass")[0]
        more = self._sent < len(self._outgoing)
        if not more:
            self._outgoing, self._sent = "", 0
        buffer[_HEADER : _HEADER + len(data)] = data
        _COUNTS.pack_into(buffer, 0, len(data) // 2, _PARTIAL if more else 0)
