// Preloaded into the Agents Playground child (node --require): it listens on every interface by default and would
// relay anything it receives to the bot, which runs with authentication off in local mode. This makes every server
// in that process that does not name a host listen on 127.0.0.1 only.
"use strict";
const net = require("node:net");
const HOST = "127.0.0.1";
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function patchedListen(...args) {
  const first = args[0];
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    if (args[1] === undefined || args[1] === null) args[1] = HOST;
    else if (typeof args[1] !== "string") args.splice(1, 0, HOST);
  } else if (first === undefined || typeof first === "function") {
    args.splice(0, first === undefined ? 1 : 0, 0, HOST);
  } else if (typeof first === "object" && first !== null && first.path === undefined && first.fd === undefined && first.handle === undefined && !("_handle" in first)) {
    if (first.host === undefined) args[0] = Object.assign({}, first, { host: HOST });
  }
  return listen.apply(this, args);
};
