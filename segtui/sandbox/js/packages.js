// The npm packages Segment pre-loads besides fetch, lodash, crypto and AWS, under the globals
// Segment's functions runtime exposes them as. Those segtui provides are vendored files loaded on
// first use (node_require.js); the others exist as globals whose first use (a property read, a
// call, `new`) throws an error naming the package and why segtui cannot provide it, instead of a
// bare ReferenceError. Every global stays writable and configurable, so a handler may assign or
// declare its own under the same name.
(function (global) {
  "use strict";
  const { define } = global.__segtui.lazy;
  const { Proxy } = global.__segtui.intrinsics;
  const { load, require } = global.__segtui.node;
  const PROVIDED = [
    ["FormData", () => load("form-data.js")],
    ["jsonwebtoken", () => load("jsonwebtoken.js")],
    ["moment", () => load("moment-timezone.js")],
    ["OAuth", () => load("oauth.js")],
    ["uuidv5.uuidv5", () => load("uuidv5.js")],
    ["winstonlib.winston", () => load("winston.js")],
    ["xml", () => load("xml.js")],
    ["xml2js", () => load("xml2js.js")],
    ["https", () => require("https")],
    ["zlib.zlib", () => require("zlib")],
    ["libphonenumberjslib.libphonenumberjs", () => load("libphonenumber-js.js")],
    ["mailchimplib.mailchimp", () => load("mailchimp-marketing.js")],
    ["nodemailjet.nodemailjet", () => load("node-mailjet.js")],
    ["skyflowlib.skyflow", () => load("skyflow-node.js")],
    ["jsforce", () => load("jsforce.js")],
    ["hubspotlib.hubspot", () => load("hubspot-api-client.js")],
    ["sendgrid.client", () => load("sendgrid-client.js")],
    ["sendgrid.mail", () => load("sendgrid-mail.js")],
    ["stripe", () => load("stripe.js")],
    ["twilio", () => load("twilio.js")],
  ];
  const GRPC = "it talks to Google Cloud over gRPC (HTTP/2 with its own transport), which segtui cannot record, " +
    "mock or replay";
  const UNAVAILABLE = [
    ["google.cloud.automl", "@google-cloud/automl 2.2.0", GRPC],
    ["google.cloud.bigquery", "@google-cloud/bigquery 5.3.0", GRPC],
    ["google.cloud.datastore", "@google-cloud/datastore 6.2.0", GRPC],
    ["google.cloud.firestore", "@google-cloud/firestore 4.4.0", GRPC],
    ["google.cloud.functions", "@google-cloud/functions 1.1.0", GRPC],
    ["google.cloud.pubsub", "@google-cloud/pubsub 2.6.0", GRPC],
    ["google.cloud.storage", "@google-cloud/storage 5.3.0", GRPC],
    ["google.cloud.tasks", "@google-cloud/tasks 2.6.0", GRPC],
  ];

  function missing(path, what, why) {
    const message = `${path} is not available in segtui: Segment pre-loads ${what} as \`${path}\`, but ${why}`;
    const fail = () => {
      throw new Error(message);
    };
    // Symbol-keyed reads and `then` answer undefined, so console.log and await do not throw.
    return new Proxy(function () {}, {
      get: (target, key) => (typeof key === "symbol" || key === "then" ? undefined : fail()),
      set: fail,
      apply: fail,
      construct: fail,
    });
  }

  // The object that holds the last part of a dotted path, made as plain objects where missing.
  function owner(parts) {
    let at = global;
    for (const part of parts.slice(0, -1)) {
      if (at[part] === undefined) at[part] = {};
      at = at[part];
    }
    return at;
  }

  for (const [path, loader] of PROVIDED) {
    const parts = path.split(".");
    define(owner(parts), parts[parts.length - 1], loader);
  }
  for (const [path, what, why] of UNAVAILABLE) {
    const parts = path.split(".");
    owner(parts)[parts[parts.length - 1]] = missing(path, what, why);
  }
})(globalThis);
