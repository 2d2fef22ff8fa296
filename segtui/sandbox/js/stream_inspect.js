// What console.log shows of a fetched response's body: in Node, node-fetch 2.6.0's body is the PassThrough stream the
// response was piped into, shown with Node 20's stream internals. segtui holds the body whole, so it shows a stand-in
// with the fields Node's has once the response has arrived (console.log's depth shows only their summary):
// before a read, after one (text(), json() … listen for data and end), and the original of a clone (whose copy is
// piped on).
(function (global) {
  "use strict";
  // Node's stream state bit fields as they stand in these states (Node 20's ReadableState and WritableState).
  const FRESH = { readable: 1049356, writable: 1091466508 };
  const READ = { readable: 194512764, writable: 1091466620 };
  const K_STATE = Symbol("kState");

  // Classes named as Node's, which util.inspect shows by their constructor's name.
  function PassThrough() {}
  function ReadableState() {}
  function WritableState() {}
  const listener = () => () => {};  // a function whose name is empty, as the listeners node-fetch adds
  function prefinish() {}
  function onwrite() {}

  function events(read, cloned) {
    const shown = {
      close: undefined,
      error: read ? [listener(), listener()] : listener(),
      prefinish,
      finish: undefined,
      drain: undefined,
      data: read ? listener() : undefined,
      end: read ? listener() : undefined,
      readable: undefined,
      unpipe: undefined,
    };
    if (cloned && !read) shown.error = undefined;
    return shown;
  }

  function readableState(bytes, read) {
    const state = new ReadableState();
    state.highWaterMark = 16384;
    state.buffer = read || bytes.length === 0 ? [] : [bytes];
    state.bufferIndex = 0;
    state.length = read ? 0 : bytes.length;
    state.pipes = [];
    state.awaitDrainWriters = null;
    state[K_STATE] = (read ? READ : FRESH).readable;
    return state;
  }

  function writableState(read) {
    const state = new WritableState();
    state.highWaterMark = 16384;
    state.length = 0;
    state.corked = 0;
    state.onwrite = onwrite.bind(null);
    state.writelen = 0;
    state.bufferedIndex = 0;
    state.pendingcb = 0;
    state[K_STATE] = (read ? READ : FRESH).writable;
    state[Symbol("kBufferedValue")] = null;
    state[Symbol("kWriteCbValue")] = null;
    return state;
  }

  // The stand-in for a body of `bytes` (a Buffer), read already or not, the original of a clone or not.
  function passThrough(bytes, read, cloned) {
    const stream = new PassThrough();
    stream._events = events(read, cloned);
    stream._readableState = readableState(bytes, read);
    stream._writableState = writableState(read);
    stream.allowHalfOpen = true;
    stream._maxListeners = undefined;
    stream._eventsCount = read ? 4 : cloned ? 1 : 2;
    stream[Symbol("shapeMode")] = true;
    stream[Symbol("kCapture")] = false;
    stream[Symbol("kCallback")] = null;
    return stream;
  }

  global.__segtui.streamShown = passThrough;
})(globalThis);
