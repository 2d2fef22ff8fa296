function onTrack(event) {
  return [typeof TextDecoder, typeof TextEncoder, typeof globalThis.TextDecoder, Object.getOwnPropertyNames(globalThis).filter((n) => /Text|URL|Abort|Event|Blob|Headers|fetch|structured|crypto|performance|Broadcast|Message|Readable|Writable|Transform|Compression|WebSocket|navigator|FormData|File/.test(n)).sort()];
}
