// Outages on command for emulators.js: the reliability suite takes a stand-in down mid-flight, as a crash would, and
// brings it back on the same port, to check that nothing the product does is lost or stuck.
//   stdin (JSON lines): {"command":"outage","service":"dynamodb"|"s3","downMs":N[,"id":ANY]}
//   stdout: {"event":"restored","service":...[,"pid":N][,"id":ANY]} once it listens again, or
//           {"event":"command-error","message":...[,"id":ANY]} for a command it cannot run (nothing is touched).
// The id, when given, is echoed so the parent can match replies to commands.
'use strict';

const MAX_DOWN_MS = 10 * 60 * 1000;

/** Calls onLine for every complete line on a readable stream (stdin). */
function readLines(stream, onLine) {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', chunk => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trimEnd(); // keeps the indentation of java stack traces
      buffered = buffered.slice(newline + 1);
      if (line) onLine(line);
    }
  });
}

/**
 * Runs outage commands. services maps a name to async downMs => extra reply fields; it must leave the service
 * listening again or throw (fatal: the service is gone for good).
 */
class OutageCommands {
  constructor({ emit, log, onFatal }) {
    this.emit = emit;
    this.log = log;
    this.onFatal = onFatal;
    this.services = new Map();
    this.running = new Set();
  }

  register(name, takeDown) {
    this.services.set(name, takeDown);
  }

  handleLine(line) {
    let command;
    try {
      command = JSON.parse(line);
    } catch {
      return this.refuse(undefined, `not a JSON command: ${line.slice(0, 200)}`);
    }
    const id = command && command.id;
    if (!command || command.command !== 'outage') return this.refuse(id, `unknown command ${JSON.stringify(command && command.command)}`);
    const takeDown = this.services.get(command.service);
    if (!takeDown) {
      const known = this.services.size ? [...this.services.keys()].join(', ') : 'none until ready';
      return this.refuse(id, `unknown service ${JSON.stringify(command.service)} (known: ${known})`);
    }
    const downMs = command.downMs === undefined ? 0 : command.downMs;
    if (!Number.isInteger(downMs) || downMs < 0 || downMs > MAX_DOWN_MS) {
      return this.refuse(id, `downMs must be a whole number of milliseconds from 0 to ${MAX_DOWN_MS}`);
    }
    // One at a time per service: a second kill would find nothing to kill.
    if (this.running.has(command.service)) return this.refuse(id, `an outage of ${command.service} is already running`);
    this.run(command.service, takeDown, downMs, id);
  }

  async run(service, takeDown, downMs, id) {
    this.running.add(service);
    this.log(`outage of ${service} for ${downMs} ms`);
    try {
      const extra = await takeDown(downMs);
      this.log(`${service} restored`);
      this.emit({ event: 'restored', service, ...extra, ...(id === undefined ? {} : { id }) });
    } catch (err) {
      this.onFatal(`${service} could not be restored after an outage: ${err && err.message || err}`);
    } finally {
      this.running.delete(service);
    }
  }

  refuse(id, message) {
    this.log(`command refused: ${message}`);
    this.emit({ event: 'command-error', message, ...(id === undefined ? {} : { id }) });
  }
}

/**
 * An http.Server that can go away as if its process died: it stops listening and drops every open connection
 * (clients see refused or reset connections), then listens again on the same address.
 */
class ServerOutage {
  constructor(server) {
    this.server = server;
    this.sockets = new Set();
    server.on('connection', socket => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  async run(downMs, isShuttingDown) {
    const { address, port } = this.server.address();
    await new Promise(resolve => {
      this.server.close(() => resolve()); // called once the dropped connections are gone
      for (const socket of this.sockets) socket.destroy();
    });
    await delay(downMs);
    if (isShuttingDown()) throw new Error('shutting down');
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, address, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return {};
  }
}

/** SIGKILL (a crash, no clean-up) and wait until the child is gone. */
function killAndWait(child) {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try { child.kill('SIGKILL'); } catch { resolve(); }
  });
}

function delay(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

module.exports = { readLines, OutageCommands, ServerOutage, killAndWait };
