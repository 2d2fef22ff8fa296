function onTrack(event) {
  console.log("before");
  const mems = [];
  for (let i = 0; i < 40; i++) mems.push(new WebAssembly.Memory({ initial: 16384 }));
  for (const m of mems) new Uint8Array(m.buffer).fill(1);
  return mems.length;
}
