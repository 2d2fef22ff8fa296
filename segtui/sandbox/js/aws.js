// The AWS global: aws-sdk v2 (its browser build, pinned in vendor/), loaded on first use so
// reloads stay fast. The SDK's HTTP is the Node SDK's over segtui's http and https modules (aws_http.js), so
// AWS calls are recorded, mocked and replayed like any request; XML responses are read as the Node
// SDK reads them (aws_xml.js), not with the browser build's DOMParser reader. The SDK sees its own
// `window`/`self`, so it leaks no global that Node does not have.
(function (global) {
  "use strict";
  const { evaluate, define } = global.__segtui.lazy;
  const internal = global.__segtui;
  const { awsXml, awsUnavailable, awsNodeNames, node } = internal;

  function load() {
    const window = Object.create(global);
    evaluate("aws-sdk.min.js", ["window", "self"], [window, window]);
    return likeNode(window.AWS);
  }

  // Where the browser build changes what is sent or read, take the Node SDK's path: its HTTP (aws_http.js), S3 adds
  // "; charset=UTF-8" to a string body's Content-Type only in browsers, and responses' XML is read as
  // Node reads it (aws_xml.js). The Node SDK's services the browser build lacks say so (aws_services.js).
  function likeNode(AWS) {
    // The Node SDK's Buffer is Node's: the Buffers it gives (an S3 object's Body, a blob) are the handler's Buffers,
    // not the browser build's own class ("s", which no `instanceof Buffer` holds and console.log shows as s(7) [Uint8Array]).
    AWS.util.Buffer = node.require("buffer").Buffer;
    // Node's stream module, which the browser build has none of: a request's createReadStream makes its stream of it.
    AWS.util.stream = node.require("stream");
    internal.awsNodeHttp(AWS);
    AWS.XML.Parser = awsXml.nodeXmlParser(AWS, () => node.load("xml2js.js"));
    const addContentType = AWS.S3.prototype.addContentType;
    AWS.S3.prototype.addContentType = function (request) {
      const isBrowser = AWS.util.isBrowser;
      AWS.util.isBrowser = () => false;
      try {
        return addContentType.call(this, request);
      } finally {
        AWS.util.isBrowser = isBrowser;
      }
    };
    // The region as the Node SDK's loader defaults it: AWS_REGION or AMAZON_REGION, else undefined (the browser
    // build's default is null, which a handler's `AWS.config.region === undefined` tells apart).
    AWS.Config.prototype.keys.region = () => global.process.env.AWS_REGION || global.process.env.AMAZON_REGION;
    AWS.config.region = AWS.Config.prototype.keys.region();
    return awsNodeNames(awsUnavailable(AWS));
  }

  define(global, "AWS", load);
})(globalThis);
