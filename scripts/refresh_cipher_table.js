#!/usr/bin/env node
/*
 * Rebuild segtui/sandbox/cipher_table.json from the running Node 20's crypto.
 *
 * Usage:
 *     node scripts/refresh_cipher_table.js           # write the table
 *     node scripts/refresh_cipher_table.js --check   # compare a fresh table with the committed one
 *
 * Only this script needs node; the runtime and tests read the committed table.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const TABLE = path.join(__dirname, "..", "segtui", "sandbox", "cipher_table.json");
// Names EVP_get_cipherbyname takes that neither getCiphers() nor getCipherInfo(nid) gives: the long names and aliases
// OpenSSL registers for ciphers it does not list (the legacy ones, key wrap with padding, SM4's 128-bit feedback modes).
const ALIASES = [
  "aes-128-wrap", "aes-128-wrap-pad", "aes-192-wrap", "aes-192-wrap-pad", "aes-256-wrap", "aes-256-wrap-pad",
  "aes128-wrap-pad", "aes192-wrap-pad", "aes256-wrap-pad", "bf", "blowfish", "cast", "cast-cbc", "des", "desx", "idea",
  "rc2", "rc2-128", "rc2-40", "rc2-64", "seed", "sm4-cfb128", "sm4-ofb128",
];
const LAST_NID = 2000;

function runsInNode(name, info) {
  const iv = info.ivLength ? Buffer.alloc(info.ivLength) : null;
  try {
    crypto.createCipheriv(name, Buffer.alloc(info.keyLength), iv, { authTagLength: 16 });
  } catch (e) {
    if (e.code === "ERR_OSSL_EVP_UNSUPPORTED") return false;
  }
  return true;
}

function build() {
  const listed = crypto.getCiphers();
  const names = new Set(listed.map((n) => n.toLowerCase()).concat(ALIASES));
  for (let nid = 0; nid <= LAST_NID; nid++) {
    const info = crypto.getCipherInfo(nid);
    if (info) names.add(info.name.toLowerCase());
  }
  const rows = [];
  for (const name of [...names].sort()) {
    const i = crypto.getCipherInfo(name);
    if (!i) continue;
    const spelled = listed.find((n) => n.toLowerCase() === name) ?? null;
    const row = [i.name, i.nid, i.blockSize ?? null, i.ivLength ?? null, i.keyLength, i.mode, spelled, runsInNode(name, i)];
    rows.push(`${JSON.stringify(name)}: ${JSON.stringify(row)}`);
  }
  return `{\n${rows.join(",\n")}\n}\n`;
}

function main() {
  const fresh = build();
  if (process.argv.includes("--check")) {
    const same = fs.existsSync(TABLE) && fs.readFileSync(TABLE, "utf8") === fresh;
    console.error(same ? "cipher_table.json matches a fresh build" : "cipher_table.json differs from a fresh build");
    return same ? 0 : 1;
  }
  fs.writeFileSync(TABLE, fresh);
  console.error(`wrote ${TABLE} from Node ${process.versions.node} (OpenSSL ${process.versions.openssl})`);
  return 0;
}

process.exitCode = main();
