// A `^` in a URL's path as Node 20's URL (ada) keeps it: as it is, where core-js 3.51 writes %5E (the URL Standard
// added `^` to the path percent-encode set in 2024): `new URL("https://a.com/a^b").href` is https://a.com/a^b in Node.
// A URL made, or whose href or pathname is set, from text holding a `^` whose path core-js wrote with %5E is made
// again with a mark (a private-use character the text has not) in each `^`'s place: where that path holds the mark,
// Node's holds `^`. href, pathname, toString and toJSON show that path while core-js's is still the one it was kept
// for. Loaded before url_node.js, which wraps these accessors again and calls `keep` for each URL it constructs.
(function (global) {
  "use strict";
  const { apply, uncurry } = global.__segtui.intrinsics;
  const construct = Reflect.construct;
  const { defineProperty, getOwnPropertyDescriptor } = Object;
  const includes = uncurry(String.prototype.includes);
  const replaceAll = uncurry(String.prototype.replaceAll);
  const indexOf = uncurry(String.prototype.indexOf);
  const slice = uncurry(String.prototype.slice);
  const toUpperCase = uncurry(String.prototype.toUpperCase);
  const fromCharCode = String.fromCharCode;
  const weakGet = uncurry(WeakMap.prototype.get);
  const weakSet = uncurry(WeakMap.prototype.set);
  const weakDelete = uncurry(WeakMap.prototype.delete);
  const CoreURL = global.URL;
  const proto = CoreURL.prototype;
  const core = {};
  for (const name of ["href", "pathname", "protocol"]) core[name] = getOwnPropertyDescriptor(proto, name);
  const coreGet = (url, name) => apply(core[name].get, url, []);
  const paths = new WeakMap();  // url → [core-js's pathname, Node's]
  const ENCODED_MARK = ["%EE%80%80", "%EE%80%81", "%EE%80%82", "%EE%80%83"];

  function caretIn(texts) {
    for (let i = 0; i < texts.length; i++) if (includes(texts[i], "^")) return true;
    return false;
  }

  // A mark no text holds, as it is or percent-encoded.
  function markFor(texts) {
    outer: for (let i = 0; i < ENCODED_MARK.length; i++) {
      const mark = fromCharCode(0xE000 + i);
      for (let j = 0; j < texts.length; j++) {
        if (includes(texts[j], mark) || includes(toUpperCase(texts[j]), ENCODED_MARK[i])) continue outer;
      }
      return i;
    }
    return -1;
  }

  // Keep Node's path for `url`, made from `texts` by `build(marked texts)` (a core-js URL), when the two differ.
  function keepBuilt(url, texts, build) {
    weakDelete(paths, url);
    const corePath = coreGet(url, "pathname");
    if (!includes(corePath, "%5E") || !caretIn(texts)) return;
    const which = markFor(texts);
    if (which < 0) return;
    const mark = fromCharCode(0xE000 + which);
    const marked = texts.length > 1 ? [replaceAll(texts[0], "^", mark), replaceAll(texts[1], "^", mark)]
      : [replaceAll(texts[0], "^", mark)];
    let probe;
    try {
      probe = build(marked);
    } catch {
      return;
    }
    const markedPath = coreGet(probe, "pathname");
    if (replaceAll(markedPath, ENCODED_MARK[which], "%5E") !== corePath) return;
    weakSet(paths, url, [corePath, replaceAll(markedPath, ENCODED_MARK[which], "^")]);
  }

  function keep(url, texts) {
    keepBuilt(url, texts, (marked) => construct(CoreURL, marked));
  }

  function nodePath(url) {
    const corePath = coreGet(url, "pathname");
    const kept = weakGet(paths, url);
    return kept !== undefined && kept[0] === corePath ? kept[1] : corePath;
  }

  function nodeHref(url) {
    const href = coreGet(url, "href");
    const kept = weakGet(paths, url);
    if (kept === undefined) return href;
    const corePath = coreGet(url, "pathname");
    if (kept[0] !== corePath) return href;
    // The path starts at the first `/` after an authority's `//` (no userinfo or host holds one), or right after the
    // scheme (after `/.` for a path starting `//` with no host); where core-js's href has not its pathname there, its
    // href is shown.
    const scheme = coreGet(url, "protocol").length;
    let at = slice(href, scheme, scheme + 2) === "//" ? indexOf(href, "/", scheme + 2) : scheme;
    if (at === scheme && slice(href, at, at + 4) === "/.//") at += 2;
    if (at < 0 || slice(href, at, at + corePath.length) !== corePath) return href;
    return slice(href, 0, at) + kept[1] + slice(href, at + corePath.length);
  }

  const accessors = {
    get href() { return nodeHref(this); },
    set href(value) {
      const text = `${value}`;
      apply(core.href.set, this, [text]);
      keep(this, [text]);
    },
    get pathname() { return nodePath(this); },
    set pathname(value) {
      const text = `${value}`;
      apply(core.pathname.set, this, [text]);
      const now = coreGet(this, "href");
      keepBuilt(this, [text], (marked) => {
        const probe = construct(CoreURL, [now]);
        apply(core.pathname.set, probe, marked);
        return probe;
      });
    },
  };
  for (const name of ["href", "pathname"]) {
    const { get, set } = getOwnPropertyDescriptor(accessors, name);
    defineProperty(proto, name, { ...core[name], get, set });
  }
  for (const name of ["toString", "toJSON"]) {
    const method = { [name]() { return nodeHref(this); } }[name];
    defineProperty(proto, name, { ...getOwnPropertyDescriptor(proto, name), value: method });
  }

  global.__segtui.urlPath = Object.freeze({ keep });
})(globalThis);
