// esbuild entry for segtui/sandbox/vendor/node-core.js (built by scripts/refresh_vendor.py).
// The Node core modules segtui has no implementation of, from their browser ports (zlib: pako); the
// sandbox's require() (segtui/sandbox/js/node_require.js) answers the vendored packages'
// require('events'), require('stream'), ... with these.
module.exports = {
  assert: require('assert/'),
  events: require('events/'),
  os: require('os-browserify/browser.js'),
  path: require('path-browserify'),
  punycode: require('punycode/'),
  querystring: require('querystring-es3'),
  stream: require('stream-browserify'),
  string_decoder: require('string_decoder/'),
  url: require('url/'),
  util: require('util/'),
  zlib: require('browserify-zlib'),
};
