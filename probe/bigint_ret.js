function onTrack(event) {
  console.log(10n, Symbol("s"));
  if (event.event === "first") return { n: 10n };
  return [Symbol("x"), () => 1, 10n];
}
