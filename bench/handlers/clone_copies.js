// structuredClone at volume: each event copied 50 times, as a handler copies an event (or each of a batch) before it
// changes it; bench/clone_speed.py counts the copies per second.
const COPIES = 50;

async function onTrack(event) {
  let products = 0;
  for (let i = 0; i < COPIES; i++) products += structuredClone(event).properties.products.length;
  return products;
}
