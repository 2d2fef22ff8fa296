// The npm packages Segment pre-loads that segtui does not provide (Segment's functions runtime
// documentation lists them with the global each is exposed as). Each global exists, so using it
// fails with an error that names the package instead of a bare ReferenceError; the first use
// (a property read, a call, `new`) throws. Every global stays writable and configurable, so a
// handler may assign or declare its own under the same name.
(function (global) {
  "use strict";
  const PACKAGES = [
    ["FormData", "form-data 2.4.0"],
    ["google.cloud.automl", "@google-cloud/automl 2.2.0"],
    ["google.cloud.bigquery", "@google-cloud/bigquery 5.3.0"],
    ["google.cloud.datastore", "@google-cloud/datastore 6.2.0"],
    ["google.cloud.firestore", "@google-cloud/firestore 4.4.0"],
    ["google.cloud.functions", "@google-cloud/functions 1.1.0"],
    ["google.cloud.pubsub", "@google-cloud/pubsub 2.6.0"],
    ["google.cloud.storage", "@google-cloud/storage 5.3.0"],
    ["google.cloud.tasks", "@google-cloud/tasks 2.6.0"],
    ["hubspotlib.hubspot", "@hubspot/api-client"],
    ["jsforce", "jsforce 1.11.0"],
    ["jsonwebtoken", "jsonwebtoken 8.5.1"],
    ["nodemailjet.nodemailjet", "node-mailjet"],
    ["moment", "moment-timezone 0.5.31"],
    ["OAuth", "oauth 0.9.15"],
    ["sendgrid.client", "@sendgrid/client 7.4.7"],
    ["sendgrid.mail", "@sendgrid/mail 7.4.7"],
    ["skyflowlib.skyflow", "skyflow-node"],
    ["stripe", "stripe 8.115.0"],
    ["twilio", "twilio 3.68.0"],
    ["uuidv5.uuidv5", "uuidv5 1.0.0"],
    ["winstonlib.winston", "winston 2.4.6"],
    ["xml", "xml 1.0.1"],
    ["xml2js", "xml2js 0.4.23"],
    ["zlib.zlib", "zlib 1.0.5"],
    ["https", "the Node.js module https"],
  ];

  function missing(path, what) {
    const message = `${path} is not available in segtui: Segment pre-loads ${what} as \`${path}\`, ` +
      "but segtui does not provide it";
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

  for (const [path, what] of PACKAGES) {
    const parts = path.split(".");
    let owner = global;
    for (const part of parts.slice(0, -1)) {
      if (owner[part] === undefined) owner[part] = {};
      owner = owner[part];
    }
    owner[parts[parts.length - 1]] = missing(path, what);
  }
})(globalThis);
