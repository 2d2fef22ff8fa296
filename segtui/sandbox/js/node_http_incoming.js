// The parts of Node's http module on the receiving side, for node_http.js: the socket a request is given (it
// "connects" just after, as a fresh one would) and IncomingMessage, a Readable holding the response the host gave.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { microtask, append } = internal.intrinsics;  // as Node's nextTick, whatever the handler did to Promise

  function create(require) {
    const { EventEmitter } = require("events");
    const { Readable } = require("stream");

    // Bytes go when the request ends, whatever is written to the socket before.
    class Socket extends EventEmitter {
      constructor(req) {
        super();
        this.connecting = true;
        this.encrypted = req.protocol === "https:";
        this.remoteAddress = req.host;
        this.remotePort = req.port;
        this.destroyed = false;
        microtask(() => {
          this.connecting = false;
          this.emit("connect");
          if (this.encrypted) this.emit("secureConnect");
        });
      }

      setTimeout(msecs, callback) {
        if (callback) this.once("timeout", callback);
        return this;
      }

      setNoDelay() { return this; }

      setKeepAlive() { return this; }

      ref() { return this; }

      unref() { return this; }

      destroy() {
        this.destroyed = true;
        return this;
      }
    }

    class IncomingMessage extends Readable {
      constructor(result, req) {
        super({ read() {} });
        this.req = req;
        this.statusCode = result.status;
        this.statusMessage = result.status_text;
        this.httpVersion = "1.1";
        this.httpVersionMajor = 1;
        this.httpVersionMinor = 1;
        this.headers = {};
        this.rawHeaders = [];
        for (let i = 0; i < result.headers.length; i++) {  // by index, as fetch_headers.js's fromNode reads them
          const name = result.headers[i][0];
          const values = result.headers[i][1];
          this.headers[name] = name === "set-cookie" ? values.slice() : values.join(", ");
          for (let v = 0; v < values.length; v++) {
            append(this.rawHeaders, name);
            append(this.rawHeaders, values[v]);
          }
        }
        this.trailers = {};
        this.rawTrailers = [];
        this.complete = false;
        this.aborted = false;
        this.url = "";
        this.method = null;
        this.socket = this.connection = null;
        this.on("end", () => {
          this.complete = true;
        });
      }

      setTimeout(msecs, callback) {
        if (callback) this.once("timeout", callback);
        return this;
      }
    }

    return { Socket, IncomingMessage };
  }

  internal.nodeHttpIncoming = create;
})(globalThis);
