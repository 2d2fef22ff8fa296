async function onRequest(request, settings) {
  console.log("mode big");
  for (let i = 0; i < 400; i++) Segment.track({ event: "big", userId: "u", properties: { blob: "x".repeat(1e6) + i } });
  return "done";
}
