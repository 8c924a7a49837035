// The HTTP front emulators.js puts before s3rver 3.7: what S3 does and s3rver does not, so presigned upload URLs
// behave as they do against AWS.
//   - Presigned (query-string) SigV4 URLs: the signature is verified, so a signed header sent with another value
//     (Content-Length, If-None-Match, Content-Type) gets 403 SignatureDoesNotMatch. s3rver checks the parameters,
//     the expiry and the access key but never the signature itself.
//   - Conditional writes: a PutObject with "If-None-Match: *" to an existing key gets 412 PreconditionFailed and is
//     not written, which makes each upload URL single-use. s3rver ignores the header on PUT.
//   - x-amz-copy-source is handed to s3rver in the form it can read.
//   - A PUT cut off before its Content-Length (client gone, connection dropped) stores nothing, as in S3. s3rver
//     keeps the bytes that arrived (announced, or silently when its write never finishes), which would also make
//     the retry of a conditional PUT fail 412. The front removes what such a PUT left before the key's next
//     conditional PUT runs, and remembers each PUT's declared length so the object-created handler can ask
//     `isPartial` before announcing (emulators.js then removes the object).
'use strict';

const crypto = require('crypto');
const AWSAccount = require('s3rver/lib/models/account');

/** The request handler for http.createServer: fix-ups and checks, then s3rver's own handler. */
function createS3Front(s3Server, log) {
  const handle = s3Server.callback();
  const conditionalPuts = new ConditionalPuts(s3Server.store, log);
  const declared = new DeclaredLengths();
  const front = (request, response) => {
    normalizeCopySource(request);
    const url = new URL(request.url, 'http://s3.local');
    if (!presignedSignatureHolds(request, url, response)) return;
    declared.note(request, url, response);
    conditionalPuts.handle(request, url, response, handle).catch(err => {
      log(`conditional PUT ${url.pathname}: ${err.message}`);
      if (!response.headersSent) sendS3Error(request, response, 500, 'InternalError', 'We encountered an internal error. Please try again.');
      else response.destroy();
    });
  };
  /** Whether the object s3rver just stored under bucket/key holds fewer bytes than its PUT declared. */
  front.isPartial = (bucket, key, size) => declared.isPartial(bucket, key, size);
  return front;
}

// ---------------------------------------------------------------- partial PUTs

// The Content-Length of each PutObject in flight, per bucket/key, kept a minute after its response so the
// object-created event (emitted once s3rver stored the body) can be checked against it.
class DeclaredLengths {
  constructor() {
    this.lengths = new Map();
  }

  note(request, url, response) {
    const target = putTarget(request, url);
    const length = Number(request.headers['content-length']);
    if (!target || !Number.isSafeInteger(length)) return;
    const id = `${target.bucket}/${target.key}`;
    const entry = { length };
    this.lengths.set(id, entry);
    response.once('close', () => setTimeout(() => {
      if (this.lengths.get(id) === entry) this.lengths.delete(id);
    }, 60000).unref());
  }

  isPartial(bucket, key, size) {
    const entry = this.lengths.get(`${bucket}/${key}`);
    return entry !== undefined && Number.isSafeInteger(size) && size < entry.length;
  }
}

// The AWS SDKs send x-amz-copy-source fully URL-encoded ("bucket%2Fkey"); s3rver only applies decodeURI, which
// leaves %2F alone and then finds no bucket. Hand it the form it can read.
function normalizeCopySource(request) {
  const header = request.headers['x-amz-copy-source'];
  if (typeof header !== 'string') return;
  try {
    request.headers['x-amz-copy-source'] = encodeURI(decodeURIComponent(header));
  } catch {
    // Malformed escapes: let s3rver answer as it would.
  }
}

// ---------------------------------------------------------------- presigned SigV4

// False (and answered 403) when a presigned V4 request's signature does not match. Anything s3rver checks itself
// (missing parameters, expiry, unknown access key) or that is not presigned V4 passes on.
function presignedSignatureHolds(request, url, response) {
  const query = rawQuery(url);
  const provided = query.find(([name]) => name === 'X-Amz-Signature');
  const credential = query.find(([name]) => name === 'X-Amz-Credential');
  const signedHeaders = query.find(([name]) => name === 'X-Amz-SignedHeaders');
  const amzDate = query.find(([name]) => name === 'X-Amz-Date');
  if (!provided || !credential || !signedHeaders || !amzDate) return true;
  // A CORS preflight carries the URL but is answered from the bucket's CORS rules, not signed (as in S3).
  if (request.method === 'OPTIONS') return true;
  const [accessKeyId, ...scopeParts] = credential[1].split('/');
  const account = AWSAccount.registry.get(accessKeyId);
  if (!account || scopeParts.length !== 4) return true;

  const payloadHash = (query.find(([name]) => name === 'X-Amz-Content-Sha256') || [])[1] || 'UNSIGNED-PAYLOAD';
  const canonicalRequest = [
    request.method,
    canonicalUri(url.pathname),
    canonicalQuery(query.filter(([name]) => name !== 'X-Amz-Signature')),
    ...signedHeaders[1].split(';').map(name => `${name}:${headerValue(request, name)}`),
    '',
    signedHeaders[1],
    payloadHash,
  ].join('\n');
  const scope = scopeParts.join('/');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate[1], scope, sha256Hex(canonicalRequest)].join('\n');
  let key = `AWS4${account.accessKeys.get(accessKeyId)}`;
  for (const part of scopeParts) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const actual = Buffer.from(String(provided[1]));
  if (expected.length === actual.length && crypto.timingSafeEqual(expected, actual)) return true;

  afterBody(request, () => sendS3Error(request, response, 403, 'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    `<AWSAccessKeyId>${escapeXml(accessKeyId)}</AWSAccessKeyId><StringToSign>${escapeXml(stringToSign)}</StringToSign>` +
    `<CanonicalRequest>${escapeXml(canonicalRequest)}</CanonicalRequest>`));
  return false;
}

// The query's parameters, decoded, in order ('+' is a literal plus: SigV4 clients encode spaces as %20).
function rawQuery(url) {
  const text = url.search.replace(/^\?/, '');
  if (!text) return [];
  return text.split('&').filter(Boolean).map(pair => {
    const equals = pair.indexOf('=');
    const [name, value] = equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    return [safeDecode(name), safeDecode(value)];
  });
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// S3 signs the key's segments encoded once, '/' kept.
function canonicalUri(pathname) {
  return pathname.split('/').map(segment => encodeRfc3986(safeDecode(segment))).join('/');
}

function canonicalQuery(pairs) {
  return pairs
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function headerValue(request, name) {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value.join(',') : value === undefined ? '' : String(value);
  return text.trim().replace(/\s+/g, ' ');
}

function encodeRfc3986(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(text) {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key, text) {
  return crypto.createHmac('sha256', key).update(text, 'utf8').digest();
}

// ---------------------------------------------------------------- conditional PUT

// Conditional PUTs to one key run one after another (each until its response finished), so of two racing PUTs to a
// new key only the first is written.
class ConditionalPuts {
  constructor(store, log) {
    this.store = store;
    this.log = log;
    this.tails = new Map(); // bucket/key -> promise settled when the last queued conditional PUT finished
  }

  // Removes what s3rver kept of a PUT whose body was cut off (nothing when it kept nothing).
  removeCutOff(target) {
    this.log(`a PUT of ${target.key} was cut off before its Content-Length: what arrived is removed`);
    return this.store.deleteObject(target.bucket, target.key).catch(() => {});
  }

  async handle(request, url, response, next) {
    const target = conditionalPutTarget(request, url);
    if (!target) {
      const plain = putTarget(request, url);
      if (plain) response.once('close', () => {
        if (!request.complete) this.removeCutOff(plain);
      });
      return next(request, response);
    }
    const id = `${target.bucket}/${target.key}`;
    const previous = this.tails.get(id) || Promise.resolve();
    let release;
    const mine = new Promise(resolve => { release = resolve; });
    const tail = previous.then(() => mine);
    this.tails.set(id, tail);
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      // A body cut off: what s3rver kept goes before the next PUT to this key looks for it.
      const cleanup = request.complete ? Promise.resolve() : this.removeCutOff(target);
      cleanup.then(() => {
        release();
        if (this.tails.get(id) === tail) this.tails.delete(id);
      });
    };
    response.once('finish', done);
    response.once('close', done);
    try {
      await previous;
      if (await this.store.existsObject(target.bucket, target.key)) {
        afterBody(request, () => sendS3Error(request, response, 412, 'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold', '<Condition>If-None-Match</Condition>'));
        return;
      }
      next(request, response);
    } catch (err) {
      done();
      throw err;
    }
  }
}

// {bucket, key} of a PutObject carrying "If-None-Match: *"; else null.
function conditionalPutTarget(request, url) {
  const condition = request.headers['if-none-match'];
  if (typeof condition !== 'string' || condition.trim() !== '*') return null;
  return putTarget(request, url);
}

// {bucket, key} of a PutObject (not a copy, not a multipart part); else null.
// Path-style addressing only: the stack's clients all use it (ForcePathStyle), and s3rver listens on an IP.
function putTarget(request, url) {
  if (request.method !== 'PUT') return null;
  if (request.headers['x-amz-copy-source'] !== undefined) return null;
  if (url.searchParams.has('partNumber') || url.searchParams.has('uploadId')) return null;
  const match = /^\/([^/]+)\/(.+)$/.exec(url.pathname);
  if (!match) return null;
  try {
    // s3rver's router decodes its :bucket and :key parameters the same way.
    return { bucket: decodeURIComponent(match[1]), key: decodeURIComponent(match[2]) };
  } catch {
    return null; // malformed escapes: s3rver answers
  }
}

// ---------------------------------------------------------------- errors

// Reads (and drops) the request body first, so the client sees the answer rather than a reset connection.
function afterBody(request, answer) {
  if (request.complete) return answer();
  request.once('end', answer);
  request.resume();
}

function sendS3Error(request, response, status, code, message, extra = '') {
  const requestId = crypto.randomBytes(8).toString('hex').toUpperCase();
  const body = '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${extra}` +
    `<RequestId>${requestId}</RequestId><HostId>${crypto.randomBytes(24).toString('base64')}</HostId></Error>`;
  response.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function escapeXml(text) {
  return String(text).replace(/[<>&"']/g, c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' }[c]));
}

module.exports = { createS3Front };
