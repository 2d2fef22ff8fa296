// esbuild entry for segtui/sandbox/vendor/buffer.js (built by scripts/refresh_vendor.py).
// Exposes the npm `buffer` package (Node-compatible Buffer) as the global `Buffer`.
import { Buffer } from 'buffer';

globalThis.Buffer = Buffer;
