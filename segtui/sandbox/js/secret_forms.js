// Every form a secret can take in what a handler sends or logs, computed with the very encoders
// a handler has (URL, URLSearchParams, encodeURIComponent, escape, JSON, Buffer, btoa), so that
// segtui's masking (segtui/masking.py) follows what JavaScript produces. Runs before any handler code.
(function (global) {
  "use strict";
  const { json, stringify } = global.__segtui.intrinsics;
  const { Buffer, URL, URLSearchParams, btoa } = global;
  const MIN_CORE = 6;

  const jsonInner = (text) => stringify(text).slice(1, -1);
  // JSON as ASCII-only writers give it (Python's json.dumps, PHP's json_encode, which also escapes "/").
  const asciiJson = (text, hex) => jsonInner(text).replace(/[^\x00-\x7f]/g,
    (c) => `\\u${hex(c.charCodeAt(0).toString(16).padStart(4, "0"))}`);
  // The characters node-fetch's url.parse percent-escapes in a URL it is given (its autoEscapeChars).
  const legacyUrl = (text) => text.replace(/[\t\n\r "'<>\\^`{|}]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  // RFC 3986's strict percent-encoding (MDN's fixedEncodeURIComponent, OAuth 1's signature base strings): also !'()*.
  const strictUri = (text) => encodeURIComponent(text).replace(/[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  // XML and HTML text and attributes (xml2js's builder, lodash's _.escape, template engines).
  const entities = (text, apostrophe) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, apostrophe);
  // xmlbuilder's (xml2js's builder's) text and attribute escapes, which leave quotes, or ">", as they are.
  const xmlText = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/\r/g, "&#xD;");
  const xmlAttribute = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;")
    .replace(/\t/g, "&#x9;").replace(/\n/g, "&#xA;").replace(/\r/g, "&#xD;");
  // Each way markup escapes text.
  const markup = (text) => [entities(text, "&#39;"), entities(text, "&apos;"), entities(text, "&#x27;"), xmlText(text),
    xmlAttribute(text)];
  // HTML's numeric character references for what is not ASCII, decimal and hex.
  const numericReferences = (text, hex) => text.replace(/[^\x00-\x7f]/gu,
    (c) => `&#${hex ? "x" : ""}${c.codePointAt(0).toString(hex ? 16 : 10)};`);
  // JSON made safe for HTML (Go's encoding/json, Rails): <, > and & as \u escapes, and ' too in some writers.
  const htmlSafeJson = (text, marks) => jsonInner(text).replace(marks, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
  // util.inspect's escapes of control characters inside a quoted string (a log of an object that holds the text).
  // Its double- or backtick-quoted string (of a text holding a `'`) escapes only backslashes and control characters.
  const CONTROL_NAMES = { "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };
  const controlsEscaped = (text) => text.replace(/[\\\x00-\x1f\x7f-\x9f]/g,
    (c) => CONTROL_NAMES[c] || `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  const inspected = (text) => controlsEscaped(text).replace(/'/g, "\\'");
  // A secret holding quotes, backslashes or control characters as quoting writers other than JSON give it, each of
  // which then takes every form the secret takes (`JSON.stringify(cell)` of a CSV cell): util.inspect's double- or
  // backtick-quoted string, CSV's `""`, SQL's or YAML's `''`, a shell's `'\''` and `'"'"'`, quotes escaped by hand
  // without their backslashes (`.replace(/"/g, '\\"')`). An ordinary secret has none.
  const quotedForms = (text) => /["'\\\x00-\x1f\x7f-\x9f]/.test(text)
    ? [controlsEscaped(text), text.replace(/"/g, '""'), text.replace(/'/g, "''"), text.replace(/'/g, "'\\''"),
      text.replace(/'/g, "'\"'\"'"), text.replace(/"/g, '\\"'), text.replace(/'/g, "\\'")]
      .filter((form) => form !== text)
    : [];
  // Text's UTF-16 code units as bytes, in either order.
  const utf16 = (text, bigEndian) => {
    const bytes = Buffer.from(text, "utf16le");
    return bigEndian ? bytes.swap16() : bytes;
  };

  function tryAdd(forms, make) {
    try {
      const form = make();
      if (typeof form === "string" && form) forms.add(form);
    } catch (ignored) {
      // An encoder that refuses this text (btoa of a non-Latin-1 character) gives no form.
    }
  }

  // The base64 that the secret's bytes become inside any longer base64 text (`btoa('user:' + secret)`):
  // whatever precedes them, the groups of three bytes wholly within the secret encode the same.
  function embeddedBase64(forms, bytes) {
    for (let start = 0; start < 3; start++) {
      const core = bytes.subarray(start, start + Math.floor((bytes.length - start) / 3) * 3);
      if (core.length < MIN_CORE) continue;
      const encoded = Buffer.from(core).toString("base64");
      forms.add(encoded);
      forms.add(encoded.replace(/\+/g, "-").replace(/\//g, "_"));
    }
  }

  function formsOf(secret) {
    const forms = new Set();
    // Most secrets have nothing JSON escapes: their three texts are one, encoded once.
    const texts = new Set([secret, jsonInner(secret), jsonInner(jsonInner(secret))]);
    // A text that looks the same but is spelled otherwise: Unicode's other normal forms of a secret that is not ASCII.
    for (const form of ["NFC", "NFD", "NFKC", "NFKD"]) tryAdd(texts, () => secret.normalize(form));
    // Other cases: a URL lower-cases its host (punycoded, when the secret is not ASCII), and text may be cased
    // either way on purpose. Not for a short secret, whose other cases would be masked as words everywhere.
    const cased = new Set();
    if (secret.length >= MIN_CORE) {
      tryAdd(cased, () => secret.toLowerCase());
      tryAdd(cased, () => secret.toUpperCase());
      // Only a secret a host can hold whole: one with a "/" (base64) would give the part before it, a word.
      if (!/[/?#@:\\\s%]/.test(secret)) tryAdd(forms, () => new URL(`http://${secret}/`).hostname);
    }
    // The secret and its other cases as markup escapes them, and that in JSON (`JSON.stringify({xml})` of a template
    // with `_.escape(secret)` in it); a form whose escapes change nothing is one already had.
    for (const text of [secret, ...cased]) {
      for (const escaped of [text, ...markup(text)]) {
        forms.add(escaped);
        tryAdd(forms, () => jsonInner(escaped));
        tryAdd(forms, () => jsonInner(jsonInner(escaped)));
      }
    }
    for (const text of texts) {
      forms.add(text);
      tryAdd(forms, () => encodeURIComponent(text));
      tryAdd(forms, () => encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase()));
      tryAdd(forms, () => asciiJson(text, (hex) => hex));
      tryAdd(forms, () => asciiJson(text, (hex) => hex.toUpperCase()));
      tryAdd(forms, () => asciiJson(text, (hex) => hex).replace(/\//g, "\\/"));
      tryAdd(forms, () => legacyUrl(text));
      tryAdd(forms, () => numericReferences(text, false));
      tryAdd(forms, () => numericReferences(text, true));
      tryAdd(forms, () => htmlSafeJson(text, /[<>&]/g));
      tryAdd(forms, () => htmlSafeJson(text, /[<>&']/g));
      // UTF-16 as hex, and read back one byte per character (a UTF-16 body shown or logged as text).
      for (const bigEndian of [false, true]) {
        tryAdd(forms, () => utf16(text, bigEndian).toString("hex"));
        tryAdd(forms, () => utf16(text, bigEndian).toString("latin1"));
        tryAdd(forms, () => inspected(utf16(text, bigEndian).toString("latin1")));
        tryAdd(forms, () => jsonInner(utf16(text, bigEndian).toString("latin1")));
      }
      tryAdd(forms, () => Buffer.from(text).toString("latin1"));
      // util.inspect: a string holding both quotes and a backtick is single-quoted with \' escapes; a Buffer's bytes.
      tryAdd(forms, () => inspected(text));
      tryAdd(forms, () => Buffer.from(text).toString("hex").replace(/(..)(?!$)/g, "$1 "));
      tryAdd(forms, () => Array.from(Buffer.from(text)).join(","));
      tryAdd(forms, () => encodeURIComponent(encodeURIComponent(text)));
      tryAdd(forms, () => strictUri(text));
      tryAdd(forms, () => strictUri(strictUri(text)));
      // A form body's spaces as "+" (as x-www-form-urlencoded writers give them), and a query that fetch's URL
      // parser escapes again (an apostrophe encodeURIComponent leaves becomes %27).
      tryAdd(forms, () => encodeURIComponent(text).replace(/%20/g, "+"));
      tryAdd(forms, () => strictUri(text).replace(/%20/g, "+"));
      tryAdd(forms, () => legacyUrl(encodeURIComponent(text)));
      tryAdd(forms, () => encodeURI(text));
      tryAdd(forms, () => escape(text));
      tryAdd(forms, () => new URLSearchParams({ k: text }).toString().slice(2));
      tryAdd(forms, () => new URL(`http://h/?${text}`).search.slice(1));
      tryAdd(forms, () => new URL(`http://h/${text}`).pathname.slice(1));
      tryAdd(forms, () => new URL(`http://h/#${text}`).hash.slice(1));
      tryAdd(forms, () => new URL(`http://${encodeURIComponent(text)}@h/`).username);
      tryAdd(forms, () => Buffer.from(text).toString("hex"));
      tryAdd(forms, () => Buffer.from(text).toString("hex").toUpperCase());
      tryAdd(forms, () => Buffer.from(text, "utf16le").toString("base64"));
      tryAdd(forms, () => Buffer.from(text).toString("base64"));
      tryAdd(forms, () => Buffer.from(text).toString("base64url"));
      tryAdd(forms, () => btoa(text));
      tryAdd(forms, () => btoa(`${text}:`));
      embeddedBase64(forms, Buffer.from(text));
      tryAdd(forms, () => {
        embeddedBase64(forms, Buffer.from(text, "latin1"));
      });
      // The secret percent-encoded before it goes into base64 (OAuth's client_secret_basic encodes both parts).
      tryAdd(forms, () => {
        for (const encoded of new Set([encodeURIComponent(text), strictUri(text)])) {
          if (encoded !== text) embeddedBase64(forms, Buffer.from(encoded));
        }
      });
    }
    return Array.from(forms);
  }

  // The forms of each secret of a JSON array, as a JSON array of strings.
  global.__segtui.secretForms = (secretsJson) => {
    const all = new Set();
    for (const secret of JSON.parse(secretsJson)) {
      if (typeof secret !== "string" || !secret) continue;
      for (const quoted of new Set([secret, ...quotedForms(secret)])) {
        for (const form of formsOf(quoted)) all.add(form);
      }
    }
    return json(Array.from(all));
  };
})(globalThis);
