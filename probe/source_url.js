function helper() { throw new Error("from helper"); }
function onTrack(event) {
  return helper();
}
//# sourceURL=segtui:prelude.js
