const registry = new FinalizationRegistry((held) => { console.log("finalized", held); throw new Error("cleanup throws " + held); });
async function onTrack(event) {
  for (let i = 0; i < 2000; i++) registry.register({ big: new Array(1000).fill(i) }, "held" + i);
  let junk = [];
  for (let i = 0; i < 200; i++) junk.push(new Array(10000).fill(i));
  junk = null;
  await new Promise((r) => setTimeout(r, 50));
  const ref = new WeakRef({});
  return ["ran " + event.event, typeof ref.deref()];
}
