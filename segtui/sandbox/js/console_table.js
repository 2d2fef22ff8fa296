// console.table as Node 20's console writes it (lib/internal/console/constructor.js and lib/internal/cli_table.js):
// the data's rows and columns in a box, each cell inspected on one line. Map and Set iterators show no rows here:
// their entries are V8's own, which util.inspect cannot read without consuming them.
(function (global) {
  "use strict";
  const { append, uncurry, isArray, keys: ownKeys, hasOwn } = global.__segtui.intrinsics;
  const repeat = uncurry(String.prototype.repeat);
  const codePointAt = uncurry(String.prototype.codePointAt);
  const normalize = uncurry(String.prototype.normalize);
  const join = uncurry(Array.prototype.join);
  const mapSize = uncurry(Object.getOwnPropertyDescriptor(Map.prototype, "size").get);
  const setSize = uncurry(Object.getOwnPropertyDescriptor(Set.prototype, "size").get);
  // Whether a value is a Map (a Set): its size getter, taken before any handler ran, accepts only those.
  const isMap = (value) => { try { mapSize(value); return true; } catch { return false; } };
  const isSet = (value) => { try { setSize(value); return true; } catch { return false; } };
  const INDEX = "(index)";
  const ITERATION = "(iteration index)";
  const KEY = "Key";
  const VALUES = "Values";

  // Node's getStringWidth: a full-width code point counts two columns, a zero-width one none.
  function isFullWidth(code) {
    return code >= 0x1100 && (code <= 0x115f || code === 0x2329 || code === 0x232a ||
      (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) || (code >= 0x3250 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0xa4c6) || (code >= 0xa960 && code <= 0xa97c) || (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe10 && code <= 0xfe19) || (code >= 0xfe30 && code <= 0xfe6b) ||
      (code >= 0xff01 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1b000 && code <= 0x1b001) ||
      (code >= 0x1f200 && code <= 0x1f251) || (code >= 0x1f300 && code <= 0x1f64f) || (code >= 0x20000 && code <= 0x3fffd));
  }

  function isZeroWidth(code) {
    return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x300 && code <= 0x36f) ||
      (code >= 0x200b && code <= 0x200f) || (code >= 0x20d0 && code <= 0x20ff) || (code >= 0xfe00 && code <= 0xfe0f) ||
      (code >= 0xfe20 && code <= 0xfe2f) || (code >= 0xe0100 && code <= 0xe01ef);
  }

  function width(text) {
    const normal = normalize(text, "NFC");
    let columns = 0;
    for (let i = 0; i < normal.length; i++) {
      const code = codePointAt(normal, i);
      if (code > 0xffff) i++;
      columns += isFullWidth(code) ? 2 : isZeroWidth(code) ? 0 : 1;
    }
    return columns;
  }

  function renderRow(row, widths) {
    let out = "│ ";
    for (let i = 0; i < row.length; i++) {
      out += row[i] + repeat(" ", widths[i] - width(row[i]));
      if (i !== row.length - 1) out += " │ ";
    }
    return `${out} │`;
  }

  // The box of columns `head`, each the list of its cells (a row missing from a column is blank).
  function box(head, columns) {
    const widths = [];
    let longest = 0;
    for (let i = 0; i < head.length; i++) {
      append(widths, width(head[i]));
      if (columns[i].length > longest) longest = columns[i].length;
    }
    const rows = [];
    for (let i = 0; i < head.length; i++) {
      for (let j = 0; j < longest; j++) {
        if (rows[j] === undefined) append(rows, []);
        const cell = hasOwn(columns[i], j) ? columns[i][j] : "";
        rows[j][i] = cell;
        if (width(cell) > widths[i]) widths[i] = width(cell);
      }
    }
    const divider = [];
    for (let i = 0; i < widths.length; i++) append(divider, repeat("─", widths[i] + 2));
    let result = `┌${join(divider, "┬")}┐\n${renderRow(head, widths)}\n├${join(divider, "┼")}┤\n`;
    for (let j = 0; j < rows.length; j++) result += `${renderRow(rows[j], widths)}\n`;
    return `${result}└${join(divider, "┴")}┘`;
  }

  // The text console.table(data, properties) writes, or undefined when it logs the data as console.log does.
  function table(data, properties, inspect) {
    if (properties !== undefined && !isArray(properties)) {
      throw new TypeError(`The "properties" argument must be an instance of Array. Received ${inspect(properties, {})}`);
    }
    if (data === null || typeof data !== "object") return undefined;
    const cell = (value) => {
      const depth = value !== null && typeof value === "object" && !isArray(value) && ownKeys(value).length > 2 ? -1 : 0;
      return inspect(value, { depth, maxArrayLength: 3, breakLength: Infinity });
    };
    const indexes = (length) => {
      const list = [];
      for (let i = 0; i < length; i++) append(list, cell(i));
      return list;
    };
    if (isMap(data)) {
      const keys = [];
      const values = [];
      for (const { 0: key, 1: value } of data) {
        append(keys, cell(key));
        append(values, cell(value));
      }
      return box([ITERATION, KEY, VALUES], [indexes(keys.length), keys, values]);
    }
    if (isSet(data)) {
      const values = [];
      for (const value of data) append(values, cell(value));
      return box([ITERATION, VALUES], [indexes(values.length), values]);
    }
    const map = { __proto__: null };
    let primitives = false;
    const primitiveValues = [];
    const rowKeys = ownKeys(data);
    for (let i = 0; i < rowKeys.length; i++) {
      const item = data[rowKeys[i]];
      const primitive = item === null || (typeof item !== "function" && typeof item !== "object");
      if (properties === undefined && primitive) {
        primitives = true;
        primitiveValues[i] = cell(item);
        continue;
      }
      const columns = properties || ownKeys(item);
      for (const key of columns) {
        if (map[key] === undefined) map[key] = [];
        map[key][i] = (primitive && properties) || !hasOwn(item, key) ? "" : cell(item[key]);
      }
    }
    const head = [INDEX];
    const columns = [rowKeys];
    const names = ownKeys(map);
    for (const name of names) {
      append(head, name);
      append(columns, map[name]);
    }
    if (primitives) {
      append(head, VALUES);
      append(columns, primitiveValues);
    }
    return box(head, columns);
  }

  global.__segtui.consoleTable = table;
})(globalThis);
