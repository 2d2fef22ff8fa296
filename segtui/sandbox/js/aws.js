// The AWS global: aws-sdk v2 (its browser build, pinned in vendor/), loaded on first use so
// reloads stay fast. The SDK's HTTP goes through an XMLHttpRequest shim over segtui's fetch, so
// AWS calls are recorded, mocked and replayed like any request; XML responses are read as the Node
// SDK reads them (aws_xml.js), not with the browser build's DOMParser reader. The SDK sees its own
// `window`/`self`, so it leaks no global (XMLHttpRequest) that Node does not have.
(function (global) {
  "use strict";
  const { evaluate, define } = global.__segtui.lazy;
  const { awsXml, awsUnavailable, node } = global.__segtui;
  const Buffer = global.Buffer;
  const segtuiFetch = global.fetch;
  const STATES = { UNSENT: 0, OPENED: 1, HEADERS_RECEIVED: 2, LOADING: 3, DONE: 4 };

  class XMLHttpRequest {
    constructor() {
      Object.assign(this, STATES);
      this.readyState = STATES.UNSENT;
      this.status = 0;
      this.statusText = "";
      this.response = null;
      this.responseText = "";
      this.responseType = "";
      this.timeout = 0;
      this.withCredentials = false;
      this.upload = { addEventListener() {} };
      this._listeners = {};
      this._requestHeaders = {};
      this._responseHeaders = [];
      this._aborted = false;
    }

    addEventListener(type, listener) {
      (this._listeners[type] = this._listeners[type] || []).push(listener);
    }

    open(method, url) {
      this._method = method;
      this._url = url;
      this._state(STATES.OPENED);
    }

    setRequestHeader(name, value) {
      this._requestHeaders[name] = String(value);
    }

    getAllResponseHeaders() {
      return this._responseHeaders.map(([name, value]) => `${name}: ${value}\r\n`).join("");
    }

    abort() {
      this._aborted = true;
      this._emit("abort");
    }

    send(body) {
      const init = { method: this._method, headers: this._requestHeaders, redirect: "manual" };
      if (body !== undefined && body !== null) {
        init.body = ArrayBuffer.isView(body) ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : body;
      }
      if (this.timeout) init.timeout = this.timeout;
      if (typeof segtuiFetch !== "function") {
        throw new Error("AWS: segtui's fetch is not available, so AWS requests cannot be sent");
      }
      segtuiFetch(this._url, init).then((response) => this._receive(response)).catch((error) => {
        if (this._aborted) return;
        this._emit(error && error.type === "request-timeout" ? "timeout" : "error", error);
      });
    }

    _receive(response) {
      if (this._aborted) return undefined;
      this.status = response.status;
      this.statusText = response.statusText;
      this._responseHeaders = [...response.headers.entries()];
      this._state(STATES.HEADERS_RECEIVED);
      return response.arrayBuffer().then((body) => {
        if (this._aborted) return;
        if (this.responseType === "arraybuffer") this.response = body;
        else this.responseText = this.response = Buffer.from(body).toString("utf8");
        this._state(STATES.DONE);
        this._emit("load");
        this._emit("loadend");
      });
    }

    _state(state) {
      this.readyState = state;
      this._emit("readystatechange");
    }

    _emit(type, detail) {
      for (const listener of this._listeners[type] || []) listener.call(this, { type, target: this, detail });
    }
  }
  Object.assign(XMLHttpRequest, STATES);

  function load() {
    const window = Object.create(global);
    window.XMLHttpRequest = XMLHttpRequest;
    evaluate("aws-sdk.min.js", ["window", "self", "XMLHttpRequest"], [window, window, XMLHttpRequest]);
    return likeNode(window.AWS);
  }

  // Where the browser build changes what is sent or read, take the Node SDK's path: S3 adds
  // "; charset=UTF-8" to a string body's Content-Type only in browsers, and responses' XML is read as
  // Node reads it (aws_xml.js). The Node SDK's services the browser build lacks say so (aws_services.js).
  function likeNode(AWS) {
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
    return awsUnavailable(AWS);
  }

  define(global, "AWS", load);
})(globalThis);
