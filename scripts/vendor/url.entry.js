// esbuild entry for segtui/sandbox/vendor/url.js (built by scripts/refresh_vendor.py).
// core-js's WHATWG URL and URLSearchParams; importing them installs the globals
// `URL` and `URLSearchParams` (bare V8 has neither).
import 'core-js/actual/url';
import 'core-js/actual/url-search-params';
