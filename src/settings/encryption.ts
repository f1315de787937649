import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256 needs a key of exactly 32 bytes. */
export const ENCRYPTION_SECRET_BYTES = 32;
/** GCM is specified for 96-bit IVs, and each write draws a fresh random one. */
const IV_BYTES = 12;
const AUTH_TAG_BYTES = 16;
/** Format marker of a sealed value, so that a later format can be distinguished from this one. */
const FORMAT_VERSION = 'v1';

/** A sealed value failed to open: wrong secret, tampered or truncated data, or another guild's value. */
export class DecryptionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DecryptionError';
  }
}

/**
 * Decodes the settings encryption secret: 64 hexadecimal characters, or base64 (standard or
 * URL-safe alphabet) of exactly 32 bytes. Returns null for anything else.
 */
export function decodeEncryptionSecret(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;

  const bytes = Buffer.from(trimmed, 'base64');
  return bytes.length === ENCRYPTION_SECRET_BYTES ? bytes : null;
}

/**
 * Encrypts `plaintext` with AES-256-GCM under `secret`. The guild id is authenticated as additional
 * data, so a value copied into another guild's record fails to decrypt there.
 * Returns `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export function sealForGuild(secret: Buffer, guildId: string, plaintext: string): string {
  checkSecret(secret);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secret, iv, { authTagLength: AUTH_TAG_BYTES });
  cipher.setAAD(Buffer.from(guildId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT_VERSION, iv, tag, ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** Decrypts a value from sealForGuild. Throws DecryptionError, whose message never contains the value. */
export function openForGuild(secret: Buffer, guildId: string, sealed: string): string {
  checkSecret(secret);
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== FORMAT_VERSION) throw new DecryptionError('Sealed value has an unknown format');

  const [, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== AUTH_TAG_BYTES) throw new DecryptionError('Sealed value has an invalid IV or tag length');

  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, iv, { authTagLength: AUTH_TAG_BYTES });
    decipher.setAAD(Buffer.from(guildId, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new DecryptionError('Sealed value failed authentication: the secret changed, or the data was altered or belongs to another guild', { cause: error });
  }
}

function checkSecret(secret: Buffer): void {
  if (secret.length !== ENCRYPTION_SECRET_BYTES) {
    throw new RangeError(`Encryption secret is ${secret.length} bytes; AES-256 needs ${ENCRYPTION_SECRET_BYTES}`);
  }
}
