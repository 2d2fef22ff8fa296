async function onTrack(event) {
  const cached = await cache.load("shared", 100000, async () => "value of b");
  await new Promise((r) => setTimeout(r, 20));
  return [cached, typeof leftover, JSON.stringify({ a: 1 }), [].push(1)];
}
