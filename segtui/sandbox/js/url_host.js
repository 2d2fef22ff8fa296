// A special URL's host name as Node 20's URL (ada) makes it, where core-js 3.51 only lower-cases a label and
// punycodes it when it is not ASCII. Node refuses a label written in punycode (`xn--…`) that does not decode, decodes
// to nothing, or decodes to text the IDNA mapping would change ("xn--a" is U+0080, a control): `new URL` and fetch
// throw `Invalid URL` where core-js kept the host and the request failed later, at the name lookup. A label that is not
// ASCII is mapped as Node maps it, to compatibility forms in lower case (`①` → `1`, `ﬀ` → `ff`) and composed
// (`a` + U+0301 → `á`), and refused when it starts with a combining mark or holds a code point no host may hold. The
// mapping is approximated by NFKC and case folding, which is UTS #46's for all but a few code points; the bidi and
// joiner rules (CheckBidi, CheckJoiners) are not applied.
(function (global) {
  "use strict";
  const { apply, uncurry } = global.__segtui.intrinsics;
  const proto = global.URL.prototype;
  const describe = (name) => Object.getOwnPropertyDescriptor(proto, name);
  const getProtocol = describe("protocol").get;
  const { get: getHostname, set: setHostname } = describe("hostname");
  const split = uncurry(String.prototype.split);
  const join = uncurry(Array.prototype.join);
  const startsWith = uncurry(String.prototype.startsWith);
  const includes = uncurry(String.prototype.includes);
  const normalize = uncurry(String.prototype.normalize);
  const toLowerCase = uncurry(String.prototype.toLowerCase);
  const toUpperCase = uncurry(String.prototype.toUpperCase);
  const codePointAt = uncurry(String.prototype.codePointAt);
  const charCodeAt = uncurry(String.prototype.charCodeAt);
  const replace = uncurry(String.prototype.replace);
  const slice = uncurry(String.prototype.slice);
  const lastIndexOf = uncurry(String.prototype.lastIndexOf);
  const splice = uncurry(Array.prototype.splice);
  const { floor, max } = Math;
  const regExpTest = uncurry(RegExp.prototype.test);
  const { fromCodePoint } = String;
  const SPECIAL = new Set(["http:", "https:", "ws:", "wss:", "ftp:", "file:"]);
  const setHas = uncurry(Set.prototype.has);
  const setAdd = uncurry(Set.prototype.add);
  const IGNORED = /(?![\u200c\u200d])\p{Default_Ignorable_Code_Point}/gu;  // mapped to nothing; the joiners stay
  const DISALLOWED = /[\p{Cc}\p{Cn}\p{Co}\p{Cs}\p{Z}\0-,./:-@[-^`{-\x7f]/u;
  const MARK_FIRST = /^\p{M}/u;
  const NON_ASCII = /[^\0-\x7f]/;
  // A text's authority: after its scheme and slashes, or after `//` without a scheme, to its path, query or fragment.
  const AUTHORITY = /^[\0- ]*(?:[a-z][a-z\d+.-]*:[\\/]*|[\\/]{2})([^\\/?#]*)/i;
  const LABEL_DOTS = /[.\u3002\uff0e\uff61]/;
  const regExpExec = uncurry(RegExp.prototype.exec);
  // RFC 3492's coder, here rather than vendor/node-core.js's npm punycode: that file (~485 KB) is evaluated only when
  // a handler first requires a Node module, and taking it for a host cost 59-160 ms at the first non-ASCII one, which
  // a non-ASCII secret meets at every load (secret_forms.js); core-js's own encoder is private to vendor/url.js.
  const BASE = 36;
  const T_MIN = 1;
  const T_MAX = 26;

  function adapt(delta, points, first) {
    let scaled = first ? floor(delta / 700) : delta >> 1;
    scaled += floor(scaled / points);
    let k = 0;
    for (; scaled > 455; k += BASE) scaled = floor(scaled / 35);
    return k + floor((36 * scaled) / (scaled + 38));
  }

  // RFC 3492's decoding of a label's text after `xn--`, as code points; null where it is not punycode.
  function decode(text) {
    const delimiter = lastIndexOf(text, "-");
    const points = [];
    for (let i = 0; i < max(delimiter, 0); i++) points[points.length] = charCodeAt(text, i);
    let n = 128;
    let bias = 72;
    let i = 0;
    for (let at = delimiter > 0 ? delimiter + 1 : 0; at < text.length;) {
      const old = i;
      for (let w = 1, k = BASE; ; k += BASE) {
        if (at >= text.length) return null;
        const code = charCodeAt(text, at++);
        const digit = code >= 48 && code <= 57 ? code - 22 : code >= 97 && code <= 122 ? code - 97 : BASE;
        if (digit >= BASE) return null;
        i += digit * w;
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (digit < t) break;
        w *= BASE - t;
        if (i > 0x10ffff * 4) return null;
      }
      bias = adapt(i - old, points.length + 1, old === 0);
      n += floor(i / (points.length + 1));
      i %= points.length + 1;
      if (n > 0x10ffff) return null;
      splice(points, i++, 0, n);
    }
    return points;
  }

  // RFC 3492's encoding of a label's code points, with its `xn--`.
  function encode(points) {
    let out = "";
    for (let at = 0; at < points.length; at++) if (points[at] < 128) out += fromCodePoint(points[at]);
    const basic = out.length;
    let handled = basic;
    if (basic > 0) out += "-";
    let n = 128;
    let delta = 0;
    let bias = 72;
    while (handled < points.length) {
      let next = 0x10ffff + 1;
      for (let at = 0; at < points.length; at++) if (points[at] >= n && points[at] < next) next = points[at];
      delta += (next - n) * (handled + 1);
      n = next;
      for (let at = 0; at < points.length; at++) {
        if (points[at] < n) delta++;
        if (points[at] !== n) continue;
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
          if (q < t) break;
          const digit = t + ((q - t) % (BASE - t));
          out += fromCodePoint(digit < 26 ? digit + 97 : digit + 22);
          q = floor((q - t) / (BASE - t));
        }
        out += fromCodePoint(q < 26 ? q + 97 : q + 22);
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
      delta++;
      n++;
    }
    return `xn--${out}`;
  }

  const codePoints = (text) => {
    const points = [];
    for (let i = 0; i < text.length; i += codePointAt(text, i) > 0xffff ? 2 : 1) points[points.length] = codePointAt(text, i);
    return points;
  };
  // UTS #46 folds case where lower-casing differs: `ẞ` is `ss`, Cherokee is folded to its capitals, U+0345 is `ι`.
  const SHARP_S = /\u1e9e/g;
  const CHEROKEE_SMALL = /[\u13f8-\u13fd\uab70-\uabbf]/g;
  const IOTA_BELOW = /\u0345/g;
  const folded = (text) => replace(replace(toLowerCase(replace(text, SHARP_S, "ss")), CHEROKEE_SMALL, toUpperCase), IOTA_BELOW, "\u03b9");
  const mapped = (label) => normalize(folded(replace(normalize(label, "NFKC"), IGNORED, "")), "NFKC");
  const valid = (label) => label !== "" && !startsWith(label, "xn--") &&
    (!regExpTest(NON_ASCII, label) || (!regExpTest(MARK_FIRST, label) && !regExpTest(DISALLOWED, label)));

  // The labels of the hosts `texts` write, lower-cased, as a text without its user name and port.
  function writtenLabels(texts) {
    const labels = new Set();
    for (let i = 0; i < texts.length; i++) {
      const authority = regExpExec(AUTHORITY, texts[i]);
      if (authority === null) continue;
      const host = toLowerCase(split(slice(authority[1], lastIndexOf(authority[1], "@") + 1), ":")[0]);
      const parts = split(host, LABEL_DOTS);
      for (let j = 0; j < parts.length; j++) setAdd(labels, parts[j]);
    }
    return labels;
  }

  // The host name Node 20 gives `url` (made by core-js from `texts`), or null where Node refuses it.
  function nodeHostname(url, texts) {
    const hostname = apply(getHostname, url, []);
    if (!includes(hostname, "xn--") || !setHas(SPECIAL, apply(getProtocol, url, []))) return hostname;
    const written = writtenLabels(texts);
    const labels = split(hostname, ".");
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i];
      if (!startsWith(label, "xn--")) continue;
      const points = decode(slice(label, 4));
      if (points === null) return null;
      const unicode = apply(fromCodePoint, String, points);
      const node = mapped(unicode);
      if (!valid(node)) return null;
      // A label the text gave in punycode must decode to its own mapping; one core-js punycoded is Node's mapping's.
      if (setHas(written, label)) {
        if (node !== unicode) return null;
      } else if (node !== unicode) {
        labels[i] = regExpTest(NON_ASCII, node) ? encode(codePoints(node)) : node;
      }
    }
    return join(labels, ".");
  }

  // Give `url` Node's host name; false where Node refuses it (the URL is then invalid).
  function nodeHost(url, texts) {
    const hostname = nodeHostname(url, texts);
    if (hostname === null) return false;
    if (hostname !== apply(getHostname, url, [])) apply(setHostname, url, [hostname]);
    return true;
  }

  global.__segtui.urlHost = Object.freeze({ nodeHost });
})(globalThis);
