/**
 * Reading a request's form parameters: the query string for GET/DELETE, the
 * body for POST, never more than `limit` bytes. Under the Node server the body
 * is read straight from the IncomingMessage (no web-stream Request is built);
 * elsewhere (app.request in tests) from the Request's stream.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { invalidRequest, type StripeError } from '../errors.js';
import { incomingOf, requestHeader } from './respond.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export function tooLarge(limit = MAX_BODY_BYTES): StripeError {
  return invalidRequest(`Request body too large: at most ${limit} bytes are accepted.`);
}

export async function readFormText(c: Context, limit = MAX_BODY_BYTES): Promise<string> {
  if (c.req.method === 'GET' || c.req.method === 'DELETE') {
    // under the Node server the request line's target (`/v1/customers?limit=3`) avoids building the full URL
    const url = incomingOf(c)?.url ?? c.req.url;
    const q = url.indexOf('?');
    return q === -1 ? '' : url.slice(q + 1);
  }
  const declared = requestHeader(c, 'content-length');
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
  const body = await readBodyText(c, limit);
  const type = requestHeader(c, 'content-type') ?? '';
  if (type.includes('application/json') && body.trimStart().startsWith('{')) {
    throw invalidRequest('Invalid request: v1 endpoints take application/x-www-form-urlencoded bodies, not JSON.');
  }
  return body;
}

/** The raw request body as text, at most `limit` bytes (else `tooLarge`), from the Node request when there is one. */
export async function readBodyText(c: Context, limit: number): Promise<string> {
  const incoming = incomingOf(c);
  return incoming && typeof incoming.on === 'function' && !incoming.readableDidRead
    ? readIncoming(incoming, limit)
    : readStream(c.req.raw.body, limit);
}

/**
 * Reads a Node request body; past `limit` it stops keeping data (the rest is drained, the connection stays usable).
 * The request handler runs while Node's parser is still inside the packet that carried the headers, and a small
 * body usually came in that same packet: one microtask later the parser has buffered it. When all the declared
 * bytes are there, they are taken in one `read()` instead of through stream events; the stream is then let flow
 * so that it ends as usual.
 */
async function readIncoming(incoming: IncomingMessage, limit: number): Promise<string> {
  if (incoming.readableEnded) return '';
  const declared = incoming.headers['content-length'];
  if (declared !== undefined && incoming.headers['transfer-encoding'] === undefined) {
    const length = Number(declared);
    if (incoming.readableLength < length) await undefined;
    if (incoming.readableLength >= length && length <= limit && !incoming.readableDidRead && !incoming.destroyed) {
      const all = incoming.read() as Buffer | null;
      incoming.resume();
      return all === null ? '' : all.toString('utf8');
    }
  }
  return readIncomingEvents(incoming, limit);
}

function readIncomingEvents(incoming: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        incoming.resume(); // discard the rest
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, total).toString('utf8'));
    };
    // a client that goes away mid-body, or sends a body Node cannot parse, gets a 400 (if it is still there to
    // read it): its request is refused like any other bad input, not logged as the emulator's fault
    const onError = (error: Error) => {
      cleanup();
      reject(invalidRequest(`Could not read the request body: ${error.message}`));
    };
    const onAborted = () => onError(new Error('the client closed the connection before sending all of it.'));
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onAborted);
  });
}

/** Reads a web stream, refusing it (without buffering the rest) once it exceeds `limit` bytes. */
async function readStream(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (stream === null) return '';
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      reader.releaseLock();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
