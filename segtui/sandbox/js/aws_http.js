// The AWS SDK's HTTP as Segment's Node SDK does it, not as its browser build (aws.js loads) does: a request goes
// through Node's http or https module (segtui's, node_http.js) with every header the SDK set, Content-Length and a
// Node User-Agent among them ("aws-sdk-nodejs/2.1693.0 linux/v20…", where the browser build sent X-Amz-User-Agent
// and fetch's Accept headers), and fails with the Node SDK's errors: "Connection timed out after 300ms" (the browser
// build's said "Timeout"), a reset as a TimeoutError, and a refused connection or an unknown host as UnknownEndpoint
// ("Inaccessible host: `…' at port `…'"), which the SDK makes of a system error that has an errno.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { node, nodeProcess: process } = internal;
  const { errnoName } = internal.systemErrors;
  const HUNG_UP = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT"]);

  // The Node SDK's user agent: the SDK's version, then the platform and Node version (and Lambda's environment).
  function userAgent(AWS) {
    const environment = process.env.AWS_EXECUTION_ENV;
    return `aws-sdk-nodejs/${AWS.VERSION} ${process.platform}/${process.version}${environment ? ` exec-env/${environment}` : ""}`;
  }

  // Sends `httpRequest` as the Node SDK's NodeHttpClient does; `callback` gets the response, `fail` the one error.
  function handleRequest(AWS, httpRequest, httpOptions, callback, fail) {
    const options = httpOptions || {};
    const endpoint = httpRequest.endpoint;
    const http = node.require(endpoint.protocol === "https:" ? "https" : "http");
    const request = http.request({
      host: endpoint.hostname, port: endpoint.port, method: httpRequest.method, headers: httpRequest.headers,
      path: httpRequest.path, agent: options.agent,
    }, (response) => {
      if (request.didCallback) return;
      callback(response);
      response.emit("headers", response.statusCode, response.headers, response.statusMessage);
    });
    httpRequest.stream = request;
    request.didCallback = false;
    const failOnce = (error) => {
      if (request.didCallback) return;
      request.didCallback = true;
      fail(error);
    };
    request.setTimeout(options.timeout || 0, () => {
      failOnce(AWS.util.error(new Error(`Connection timed out after ${options.timeout}ms`), { code: "TimeoutError" }));
      request.abort();
    });
    request.on("error", (error) => failOnce(HUNG_UP.has(error.code) ? AWS.util.error(error, { code: "TimeoutError" }) : error));
    const body = httpRequest.body;
    if (body !== undefined && body !== null && body !== "" && typeof body.pipe === "function") {
      body.pipe(request);
    } else if (body) {
      // A body at hand is sent at once and its progress told once it is written, in the bytes Content-Length counts
      // (an S3 upload's httpUploadProgress, a ManagedUpload's progress, come of it).
      const total = parseInt(httpRequest.headers["Content-Length"], 10);
      request.once("finish", () => request.emit("sendProgress", { loaded: total, total }));
      request.end(body);
    } else {
      request.end();
    }
    return request;
  }

  // Makes the browser build's HTTP the Node SDK's.
  internal.awsNodeHttp = function (AWS) {
    AWS.util.userAgent = () => userAgent(AWS);
    AWS.util.getSystemErrorName = errnoName;
    AWS.HttpRequest.prototype.getUserAgentHeaderName = () => "User-Agent";
    AWS.HttpClient.prototype.handleRequest = function (httpRequest, httpOptions, callback, fail) {
      return handleRequest(AWS, httpRequest, httpOptions, callback, fail);
    };
  };
})(globalThis);
