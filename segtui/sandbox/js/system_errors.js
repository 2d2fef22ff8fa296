// Node 20's system errors for a request that failed below HTTP, made from the reason segtui's network gives
// ("connect ECONNREFUSED 127.0.0.1:9", "getaddrinfo ENOTFOUND example.invalid", "write EPROTO …" for a failed TLS
// handshake): the errno Node puts on them (libuv's, negative), the system call, and the address and port or the host
// name, which SDKs read (the AWS SDK turns an error with an errno into UnknownEndpoint).
(function (global) {
  "use strict";
  // Linux's numbers for the errors a connection meets, and libuv's for the resolver's.
  const ERRNO = {
    EPERM: -1, EACCES: -13, EPIPE: -32, EPROTO: -71, EADDRINUSE: -98, EADDRNOTAVAIL: -99, ENETDOWN: -100,
    ENETUNREACH: -101, ECONNABORTED: -103, ECONNRESET: -104, ETIMEDOUT: -110, ECONNREFUSED: -111, EHOSTDOWN: -112,
    EHOSTUNREACH: -113, EAI_AGAIN: -3001, ENOTFOUND: -3008,
  };
  const NAMES = Object.fromEntries(Object.entries(ERRNO).map(([name, number]) => [number, name]));
  const CONNECT = /^connect (\S+) (.+?)(?::(\d+))?$/;
  const LOOKUP = /^getaddrinfo (\S+) (.+)$/;
  const WRITE = /^write (\S+) /;

  // The error Node's http module emits for `reason` (the text after node-fetch's "reason: ") with `code`.
  function systemError(reason, code) {
    const error = new Error(reason);
    const connect = CONNECT.exec(reason);
    const lookup = connect ? null : LOOKUP.exec(reason);
    const write = connect || lookup ? null : WRITE.exec(reason);
    if ((connect || lookup || write) && code in ERRNO) error.errno = ERRNO[code];
    error.code = code;
    if (connect) {
      Object.assign(error, { syscall: "connect", address: connect[2] });
      if (connect[3] !== undefined) error.port = Number(connect[3]);
    } else if (lookup) {
      Object.assign(error, { syscall: "getaddrinfo", hostname: lookup[2] });
    } else if (write) {
      error.syscall = "write";
    }
    return error;
  }

  // util.getSystemErrorName for the errors above.
  function errnoName(errno) {
    return NAMES[errno] || `Unknown system error ${errno}`;
  }

  global.__segtui.systemErrors = { systemError, errnoName };
})(globalThis);
