// `node --require ./loopback-only.cjs`: keeps a process (FDM Monster in the tests) on loopback.
// FDM Monster listens on 0.0.0.0 (hard-coded) and at boot reaches for Sentry and api.github.com; tests
// talk only to 127.0.0.1. So: every TCP listen() is bound to 127.0.0.1, every TCP connect to anything
// but a loopback address (or the name "localhost") fails at once, and so does every DNS query for any
// other name. Each refusal is written to stderr once per target, so a test can see what was tried.
'use strict';
const net = require('node:net');
const dns = require('node:dns');

const LOCAL_NAMES = new Set(['localhost', 'localhost.']);

function isLoopback(host) {
  if (typeof host !== 'string' || host === '') return true; // Node's default for connect is localhost
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOCAL_NAMES.has(h)) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

const told = new Set();
function refusal(what) {
  if (!told.has(what)) {
    told.add(what);
    process.stderr.write(`[loopback-only] refused ${what}\n`);
  }
  const error = new Error(`loopback-only: refused ${what} (tests stay on 127.0.0.1)`);
  error.code = 'ECONNREFUSED';
  return error;
}

// listen(port[, host][, backlog][, cb]) or listen({port, host}[, cb]); a path or handle stays as it is.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [first] = args;
  if (first !== null && typeof first === 'object' && !Array.isArray(first) && 'port' in first) {
    args[0] = { ...first, host: '127.0.0.1' };
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] === 'string' || args[1] === undefined || args[1] === null) args[1] = '127.0.0.1';
    else args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};

// connect(options[, cb]), connect(port[, host][, cb]), connect(path[, cb]) and net's internal
// normalized [options, cb] array (what net.connect and tls.connect hand over).
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  let options = args[0];
  if (Array.isArray(options)) options = options[0];
  if (typeof options === 'number' || (typeof options === 'string' && /^\d+$/.test(options))) options = { port: options, host: args[1] };
  if (options && typeof options === 'object' && options.path === undefined && !isLoopback(options.host)) {
    const error = refusal(`a connection to ${options.host}:${options.port}`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};

function guard(target, name, promised) {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function (hostname, ...rest) {
    if (isLoopback(hostname)) return original.call(this, hostname, ...rest);
    const error = refusal(`a DNS lookup of ${hostname}`);
    if (promised) return Promise.reject(error);
    const callback = rest.findLast((arg) => typeof arg === 'function');
    if (callback) process.nextTick(() => callback(error));
    return undefined;
  };
}
const QUERIES = Object.keys(dns).filter((name) => name === 'lookup' || name.startsWith('resolve'));
for (const name of QUERIES) guard(dns, name, false);
for (const name of Object.keys(dns.promises).filter((n) => n === 'lookup' || n.startsWith('resolve'))) guard(dns.promises, name, true);
for (const name of Object.getOwnPropertyNames(dns.Resolver.prototype).filter((n) => n.startsWith('resolve'))) guard(dns.Resolver.prototype, name, false);
for (const name of Object.getOwnPropertyNames(dns.promises.Resolver.prototype).filter((n) => n.startsWith('resolve'))) guard(dns.promises.Resolver.prototype, name, true);
