/**
 * Authentication: `Authorization: Bearer sk_test_…` or Basic with the key as
 * user name. Each secret key is its own account.
 */
import { authenticationError } from '../errors.js';

/** Authorization headers already read (a client sends the same one on every request); bounded. */
const known = new Map<string, string>();
const MAX_KNOWN = 1000;

export function accountKeyFrom(header: string | undefined | null): string {
  const cached = header ? known.get(header) : undefined;
  if (cached !== undefined) return cached;
  const key = readAuthorization(header);
  if (known.size >= MAX_KNOWN) known.clear();
  known.set(header!, key);
  return key;
}

function readAuthorization(header: string | undefined | null): string {
  if (!header || header.trim() === '') {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const credential = rest.join(' ');
  let key: string;
  if (/^bearer$/i.test(scheme)) {
    key = credential;
  } else if (/^basic$/i.test(scheme)) {
    let decoded: string;
    try {
      decoded = Buffer.from(credential, 'base64').toString('utf8');
    } catch {
      decoded = '';
    }
    key = decoded.split(':')[0] ?? '';
  } else {
    throw authenticationError('Invalid authorization header. Use Bearer auth with your secret key.');
  }
  return checkKey(key);
}

export function checkKey(key: string): string {
  if (/^(sk|rk)_live_/.test(key)) {
    throw authenticationError(
      'This emulator only accepts test mode keys (sk_test_…). Never send live mode keys to it.',
    );
  }
  if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key)) {
    throw authenticationError(`Invalid API Key provided: ${redact(key)}`);
  }
  return key;
}

export function redact(key: string): string {
  if (key.length <= 12) return key.replace(/./g, '*');
  return `${key.slice(0, 8)}${'*'.repeat(Math.max(4, key.length - 12))}${key.slice(-4)}`;
}
