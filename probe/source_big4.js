async function onRequest(request, settings) {
  console.log("mode big");
  for (let i = 0; i < 400; i++) Segment.track({ event: "big", userId: "u", properties: { blob: "x".repeat(1e3) + i } });
  const keep = [];
  for (let i = 0; i < 400; i++) keep.push(JSON.parse(JSON.stringify({ blob: "x".repeat(1e6) + i })));
  return "done";
}
