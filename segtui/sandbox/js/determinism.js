// Deterministic mode (SandboxConfig.deterministic, the default of `segtui test`): a frozen
// clock and a seeded random stream, so a handler's output is the same run after run.
//
// Nothing changes until the sandbox calls `enable()` once per context, after the prelude
// and before the handler's top level: `Date` and `Math.random` are then replaced. The
// prelude's own scripts captured the real `Date` at load, so timers fire and log times
// stay real. The clock starts at FIXED_INSTANT with the seed "segtui" for the top level;
// `begin(event)` (called by runtime.js before each invocation) moves it to the event's
// `timestamp` (else `receivedAt`, else FIXED_INSTANT; a batch uses its first event) and
// reseeds from the event's `messageId` (else its JSON), so every event gets its own
// stable stream and the order of events does not matter. A timer's callback finds the clock where the timer was due
// on it (`reach`): a handler that waits on timers until a deadline gets there, as it would in time.
//
// Hook for other globals that need randomness (crypto.randomBytes, crypto.randomUUID):
// check `__segtui_determinism.active`; when true, take bytes from
// `__segtui_determinism.randomBytes(n)` (a Uint8Array) or a v4 UUID string from
// `__segtui_determinism.randomUUID()`. Math.random draws from the same stream.
(function (global) {
  "use strict";
  const FIXED_INSTANT = Date.UTC(2024, 0, 1);
  const RealDate = Date;
  // Taken now: `begin` runs before every event, after the handler's code may have replaced any built-in.
  const { json, uncurry, isArray } = global.__segtui.intrinsics;
  const construct = Reflect.construct;
  const imul = Math.imul;
  const floor = Math.floor;
  const charCodeAt = uncurry(String.prototype.charCodeAt);
  const isNaN = Number.isNaN;
  const parseDate = RealDate.parse;
  const INSTANT_FIELDS = ["timestamp", "receivedAt"];
  const HEX = [];
  for (let byte = 0; byte < 256; byte++) HEX[byte] = (byte < 16 ? "0" : "") + byte.toString(16);
  let active = false;
  let instant = FIXED_INSTANT;
  let origin = FIXED_INSTANT;
  let events = 0;  // how many events have begun: performance.js starts each one's user timing afresh
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;

  // cyrb128: a string to 128 bits of seed.
  function seed(text) {
    let h1 = 1779033703;
    let h2 = 3144134277;
    let h3 = 1013904242;
    let h4 = 2773480762;
    for (let i = 0; i < text.length; i++) {
      const k = charCodeAt(text, i);
      h1 = h2 ^ imul(h1 ^ k, 597399067);
      h2 = h3 ^ imul(h2 ^ k, 2869860233);
      h3 = h4 ^ imul(h3 ^ k, 951274213);
      h4 = h1 ^ imul(h4 ^ k, 2716044179);
    }
    h1 = imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = imul(h2 ^ (h4 >>> 19), 2716044179);
    a = (h1 ^ h2 ^ h3 ^ h4) >>> 0;
    b = (h2 ^ h1) >>> 0;
    c = (h3 ^ h1) >>> 0;
    d = (h4 ^ h1) >>> 0;
  }

  // sfc32: 32 random bits per call.
  function next32() {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }

  function random() {
    return (next32() * 2097152 + (next32() >>> 11)) / 9007199254740992;
  }

  function randomBytes(size) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i += 4) {
      const word = next32();
      for (let j = 0; j < 4 && i + j < size; j++) bytes[i + j] = (word >>> (8 * j)) & 255;
    }
    return bytes;
  }

  function randomUUID() {
    const bytes = randomBytes(16);
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    let uuid = "";
    for (let i = 0; i < 16; i++) uuid += (i === 4 || i === 6 || i === 8 || i === 10 ? "-" : "") + HEX[bytes[i]];
    return uuid;
  }

  function FrozenDate(...args) {
    if (new.target === undefined) return new RealDate(instant).toString();
    return construct(RealDate, args.length ? args : [instant], new.target);
  }
  Object.defineProperty(FrozenDate, "name", { value: "Date" });
  Object.defineProperty(FrozenDate, "length", { value: 7 });
  Object.defineProperty(FrozenDate, "prototype", { value: RealDate.prototype });
  const frozenNow = () => floor(instant);  // whole milliseconds, as Node's, though a timer's delay may be fractional
  FrozenDate.now = frozenNow;
  const realNow = RealDate.now;
  FrozenDate.parse = RealDate.parse;
  FrozenDate.UTC = RealDate.UTC;

  function instantOf(event) {
    for (let i = 0; i < INSTANT_FIELDS.length; i++) {
      const value = event !== null && typeof event === "object" ? event[INSTANT_FIELDS[i]] : undefined;
      const parsed = typeof value === "string" ? parseDate(value) : NaN;
      if (!isNaN(parsed)) return parsed;
    }
    return FIXED_INSTANT;
  }

  seed("segtui");
  global.__segtui.determinism = {
    get active() {
      return active;
    },
    // Date.now() as the handler's Date gives it (frozen or real), whatever the handler has done to Date since.
    now: () => (active ? frozenNow() : realNow()),
    enable() {
      active = true;
      seed("segtui");
      global.Date = FrozenDate;
      Object.defineProperty(RealDate.prototype, "constructor", { value: FrozenDate, writable: true, configurable: true });
      Math.random = random;
    },
    begin(event) {
      if (!active) return;
      const first = isArray(event) ? event[0] : event;
      instant = instantOf(first);
      origin = instant;
      events++;
      const id = first !== null && typeof first === "object" ? first.messageId : undefined;
      seed(typeof id === "string" && !isArray(event) ? id : json(event));
    },
    // The frozen clock moves as the handler's timers fire (timers.js): to when each was due on it, so a loop that
    // waits on timers until a deadline (a poll with back-off) reaches it, at the same times run after run.
    get instant() {
      return instant;
    },
    // Where the frozen clock stood when the event began (FIXED_INSTANT for the top level): performance.timeOrigin.
    get origin() {
      return origin;
    },
    get events() {
      return events;
    },
    reach(due) {
      if (active && due > instant) instant = due;
    },
    random,
    randomBytes,
    randomUUID,
  };
})(globalThis);
