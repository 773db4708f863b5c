/**
 * One webhook POST through undici (an injectable Dispatcher/Agent), with an
 * overall timeout and an abort signal for shutdown. Never throws: the outcome
 * is a status, or an error string such as "connection refused".
 */
import { request, type Dispatcher } from 'undici';

export interface PostOutcome {
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  /** Why the attempt failed without a response (timeout, refused, …). */
  error: string | null;
  durationMs: number;
  /** The start of the response body (for the delivery log). */
  responseBody: string | null;
}

const KEPT_BODY_CHARS = 2000;

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { dispatcher: Dispatcher; timeoutMs: number; signal: AbortSignal },
): Promise<PostOutcome> {
  const started = performance.now();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  timer.unref();
  const onAbort = () => controller.abort();
  opts.signal.addEventListener('abort', onAbort, { once: true });
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const res = await request(url, {
      method: 'POST',
      headers,
      body,
      dispatcher: opts.dispatcher,
      signal: controller.signal,
    });
    const responseBody = await readStart(res.body);
    return { status: res.statusCode, error: null, durationMs: elapsed(), responseBody };
  } catch (error) {
    const why = timedOut ? `timed out after ${opts.timeoutMs}ms` : describe(error);
    return { status: null, error: why, durationMs: elapsed(), responseBody: null };
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onAbort);
  }
}

async function readStart(stream: Dispatcher.ResponseData['body']): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
    if (text.length >= KEPT_BODY_CHARS) {
      stream.destroy();
      break;
    }
  }
  return text.slice(0, KEPT_BODY_CHARS);
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (code === 'ENOTFOUND') return 'host not found (ENOTFOUND)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `connection closed by the endpoint (${code})`;
  const message = e?.message ?? String(error);
  return code ? `${message} (${code})` : message;
}
