// The ad platforms' credentials at rest: AES-256-GCM under a key derived from BUDGET_SECRET_KEY, so
// a copy of the database (a backup, a dump) holds no usable token. The sealed form is
// version (1 byte) | iv (12 bytes) | tag (16 bytes) | ciphertext of the credentials' JSON; the
// version byte says how the rest was made, so a new scheme can be read beside the old one.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import type { Credentials } from './types.ts';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/**
 * The AES-256 key of a BUDGET_SECRET_KEY (config.ts checks its length): HKDF-SHA256 of its text,
 * bound to this use, so the same setting could key something else without the two meeting.
 */
export function secretKeyOf(setting: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(setting, 'utf8'), Buffer.alloc(0), 'budget-control ad-platform credentials v1', 32));
}

export function sealCredentials(credentials: Credentials, key: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/** Thrown when sealed credentials cannot be opened: the message names the likely cause, never the bytes. */
export class CredentialsUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsUnreadable';
  }
}

export function openCredentials(sealed: Uint8Array, key: Buffer): Credentials {
  const buf = Buffer.from(sealed);
  if (buf.length < HEADER_BYTES || buf[0] !== VERSION) {
    throw new CredentialsUnreadable(`the stored credentials are not in a form this version reads (version byte ${buf[0] ?? 'missing'})`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(1, 1 + IV_BYTES));
  decipher.setAuthTag(buf.subarray(1 + IV_BYTES, HEADER_BYTES));
  let text: string;
  try {
    text = Buffer.concat([decipher.update(buf.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new CredentialsUnreadable(
      'the stored credentials cannot be decrypted with this BUDGET_SECRET_KEY: it differs from the one they were stored with (restore that one, or give the account new credentials with updateAdAccountCredentials)',
    );
  }
  return JSON.parse(text) as Credentials;
}

/** Storing credentials needs BUDGET_SECRET_KEY: without it they are refused (NOT_CONFIGURED), and nothing is written. */
export function requireSecretKey(key: Buffer | null, field = 'credentials'): Buffer {
  if (!key) {
    throw new DomainError(
      'NOT_CONFIGURED',
      'this service has no BUDGET_SECRET_KEY, which encrypts ad-platform credentials at rest: set it (32 characters or more, e.g. `openssl rand -base64 32`) and restart, then connect the account',
      field,
    );
  }
  return key;
}
