async function onRequest(request, settings) {
  console.log("mode big");
  const keep = [];
  for (let i = 0; i < 400; i++) keep.push(JSON.parse(JSON.stringify({ blob: "x".repeat(1e6) + i })));
  return keep.length;
}
