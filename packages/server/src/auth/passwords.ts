import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt's cost: OWASP's recommended minimum (N = 2^17, r = 8, p = 1: 128 MiB and ~0.3 s per hash here). */
const N = 131_072;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 128 * N * R * 2;

/**
 * Each hash takes 128 MiB and ~0.3 s of a libuv thread (shared with file and
 * zlib work): at most this many run at once, at most `MAX_WAITING` wait, and
 * beyond that a caller is told the server is busy rather than queued forever.
 */
const MAX_RUNNING = 2;
const MAX_WAITING = 32;
let running = 0;
const waiting: (() => void)[] = [];

/** Too many password checks at once (a flood of sign-ins): answer 503 and let the client retry. */
export class PasswordCheckBusyError extends Error {
  readonly statusCode = 503;
  readonly code = 'busy';
  constructor() {
    super('the server is busy checking passwords; try again in a moment');
  }
}

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) {
    if (waiting.length >= MAX_WAITING) throw new PasswordCheckBusyError();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return limited(() => deriveNow(password, salt, n, r, p));
}

function deriveNow(
  password: string,
  salt: Buffer,
  n: number,
  r: number,
  p: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { N: n, r, p, maxmem: Math.max(MAX_MEMORY, 128 * n * r * 2) },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** A salted scrypt hash, self-describing: `scrypt$N$r$p$salt$key` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `password` matches `stored`, compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A password of 16 random characters (the first admin's, printed once). */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
