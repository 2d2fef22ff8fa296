// esbuild entry for segtui/sandbox/vendor/xmldom.js (built by scripts/refresh_vendor.py).
// Exposes @xmldom/xmldom's DOMParser and XMLSerializer as globals; aws-sdk v2's browser
// build looks for `window.DOMParser` to parse XML responses (S3, SNS, STS, ...).
import {
  CharacterData,
  DOMParser,
  Document,
  DocumentFragment,
  Element,
  XMLSerializer,
} from '@xmldom/xmldom';

// xmldom 0.9 lacks the DOM "element traversal" getters (xmldom/xmldom#328), which
// aws-sdk's browser XML parser walks lists, maps and unknown structures with
// (firstElementChild / nextElementSibling); without them lists come back empty and
// error codes are lost. Add them where missing, as browsers define them.
const ELEMENT_NODE = 1;

function define(proto, name, get) {
  if (!Object.prototype.hasOwnProperty.call(proto, name) && !(name in proto)) {
    Object.defineProperty(proto, name, { configurable: true, enumerable: true, get });
  }
}

function sibling(node, key) {
  let n = node[key];
  while (n && n.nodeType !== ELEMENT_NODE) n = n[key];
  return n || null;
}

for (const proto of [Element.prototype, Document.prototype, DocumentFragment.prototype]) {
  define(proto, 'firstElementChild', function () {
    const first = this.firstChild;
    return first && first.nodeType === ELEMENT_NODE ? first : sibling({ nextSibling: first }, 'nextSibling');
  });
  define(proto, 'lastElementChild', function () {
    const last = this.lastChild;
    return last && last.nodeType === ELEMENT_NODE ? last : sibling({ previousSibling: last }, 'previousSibling');
  });
  define(proto, 'childElementCount', function () {
    let count = 0;
    for (let n = this.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) count++;
    return count;
  });
}

for (const proto of [Element.prototype, CharacterData.prototype]) {
  define(proto, 'nextElementSibling', function () {
    return sibling(this, 'nextSibling');
  });
  define(proto, 'previousElementSibling', function () {
    return sibling(this, 'previousSibling');
  });
}

globalThis.DOMParser = DOMParser;
globalThis.XMLSerializer = XMLSerializer;
