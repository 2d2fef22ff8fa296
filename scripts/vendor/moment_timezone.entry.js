// esbuild entry for segtui/sandbox/vendor/moment-timezone.js (built by scripts/refresh_vendor.py).
// moment-timezone with moment's locales: in Node, moment loads a locale's file with require() the first time it is
// asked for one (`moment.locale('de')`); in a bundle that require finds nothing, so every locale is defined here
// (moment/min/locales sets the global locale back to English when it is done).
require('moment/min/locales');
module.exports = require('moment-timezone');
