%s
async function onTrack(event) {
  const out = [];
  const tryIt = (label, f) => { try { const v = f(); out[out.length] = label + ":" + (typeof v); } catch (e) { out[out.length] = label + " threw " + (e && e.message); } };
  tryIt("lodash", () => _.get({ a: { b: 1 } }, "a.b"));
  tryIt("moment", () => moment.utc(0).format("YYYY"));
  tryIt("xml2js", () => xml2js.Parser);
  tryIt("jwt", () => jsonwebtoken.sign({ a: 1 }, "k"));
  tryIt("uuidv5", () => uuidv5.uuidv5("a", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"));
  tryIt("AWS", () => new AWS.S3({ region: "us-east-1" }));
  tryIt("xml", () => xml({ a: 1 }));
  tryIt("FormData", () => new FormData());
  return out;
}
