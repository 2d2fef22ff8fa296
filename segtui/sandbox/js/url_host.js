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
  const internal = global.__segtui;
  const { apply, uncurry } = internal.intrinsics;
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
  const replace = uncurry(String.prototype.replace);
  const slice = uncurry(String.prototype.slice);
  const lastIndexOf = uncurry(String.prototype.lastIndexOf);
  const regExpTest = uncurry(RegExp.prototype.test);
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

  // npm punycode's decode and encode (vendor/node-core.js, evaluated the first time a host needs them): core-js's
  // encoder in vendor/url.js is inside its bundle, lower-cases a label first (UTS #46 folds Cherokee to capitals)
  // and has no decoder.
  let coder = null;
  function punycode() {
    if (coder === null) {
      const { decode, encode } = internal.node.require("punycode");
      coder = { decode, encode };
    }
    return coder;
  }

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
      const { decode, encode } = punycode();
      const text = slice(label, 4);
      let unicode;
      try {
        unicode = decode(text);
      } catch (error) {
        return null;  // not punycode
      }
      // This decoder gives a code point past U+10FFFF as another one, where Node refuses it: its encoding differs.
      if (encode(unicode) !== text) return null;
      const node = mapped(unicode);
      if (!valid(node)) return null;
      // A label the text gave in punycode must decode to its own mapping; one core-js punycoded is Node's mapping's.
      if (setHas(written, label)) {
        if (node !== unicode) return null;
      } else if (node !== unicode) {
        labels[i] = regExpTest(NON_ASCII, node) ? `xn--${encode(node)}` : node;
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
