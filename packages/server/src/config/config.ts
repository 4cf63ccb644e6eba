import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * Every setting of the server, in one validated schema. Each can come from an
 * environment variable (named beside it) or from a JSON file named by
 * `PIPEWISE_CONFIG`; the environment wins. docs/operations.md lists them.
 */
export const ConfigSchema = z.object({
  /** `PIPEWISE_HOST`: the address to listen on; loopback by default. */
  host: z.string().default('127.0.0.1'),
  /** `PORT` or `PIPEWISE_PORT`. */
  port: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** `DATABASE_URL`: a PostgreSQL server; without it, embedded PGlite in `dataDir`. */
  databaseUrl: z.string().url().optional(),
  /** `PIPEWISE_DATA`: PGlite's folder (also where uploads wait while they import). */
  dataDir: z.string().default('.pipewise'),
  /** `PIPEWISE_DEMO`: seed the demo organization into an empty database. Default: on for PGlite at a loopback host, off otherwise. */
  demo: z.boolean().optional(),
  /** `PIPEWISE_SESSION_HOURS`: how long a session lasts without sign-in. */
  sessionHours: z.coerce.number().positive().default(12),
  /** `PIPEWISE_SECURE_COOKIES`: `always`, or `auto` (Secure when the request came over HTTPS). */
  secureCookies: z.enum(['auto', 'always']).default('auto'),
  /** `PIPEWISE_TRUST_PROXY`: trust X-Forwarded-* from a reverse proxy (for HTTPS detection and client addresses). */
  trustProxy: z.boolean().default(false),
  /** `PIPEWISE_UPLOAD_LIMIT_MB`: the largest file one upload may carry. */
  uploadLimitMb: z.coerce.number().positive().default(200),
  /** `PIPEWISE_MATERIAL_LIMIT_MB`: the largest file kept in the materials register (stored in the database). */
  materialLimitMb: z.coerce.number().positive().max(100).default(20),
  /** `PIPEWISE_SIGN_IN_ATTEMPTS`: failed sign-ins per e-mail per 15 minutes before sign-in is refused for a while. */
  signInAttempts: z.coerce.number().int().positive().default(5),
  /** `PIPEWISE_WORKERS`: whether this process runs background jobs (imports, analyses); a process without them only queues jobs for the others. */
  workers: z.boolean().default(true),
  /** `PIPEWISE_WEB_DIR`: the web app's build (`npm start` builds it into packages/web/dist). */
  webDir: z.string().default(fileURLToPath(new URL('../../../web/dist', import.meta.url))),
  /** `PIPEWISE_LOG_LEVEL`: pino's level. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;

const booleanText = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());

/** Reads the settings from the environment (and the file it names), then applies `overrides` (command-line options). */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  overrides: Partial<Config> = {},
): { ok: true; config: Config } | { ok: false; message: string } {
  let fromFile: Record<string, unknown> = {};
  if (env.PIPEWISE_CONFIG) {
    try {
      fromFile = JSON.parse(readFileSync(env.PIPEWISE_CONFIG, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      return { ok: false, message: `${env.PIPEWISE_CONFIG}: ${(error as Error).message}` };
    }
  }
  const fromEnv: Record<string, unknown> = {
    host: env.PIPEWISE_HOST,
    port: env.PIPEWISE_PORT ?? env.PORT,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.PIPEWISE_DATA,
    demo: booleanText(env.PIPEWISE_DEMO),
    sessionHours: env.PIPEWISE_SESSION_HOURS,
    secureCookies: env.PIPEWISE_SECURE_COOKIES,
    trustProxy: booleanText(env.PIPEWISE_TRUST_PROXY),
    uploadLimitMb: env.PIPEWISE_UPLOAD_LIMIT_MB,
    materialLimitMb: env.PIPEWISE_MATERIAL_LIMIT_MB,
    signInAttempts: env.PIPEWISE_SIGN_IN_ATTEMPTS,
    workers: booleanText(env.PIPEWISE_WORKERS),
    webDir: env.PIPEWISE_WEB_DIR,
    logLevel: env.PIPEWISE_LOG_LEVEL,
  };
  const merged: Record<string, unknown> = { ...fromFile };
  for (const [key, value] of Object.entries({ ...fromEnv, ...overrides })) {
    if (value !== undefined) merged[key] = value;
  }
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `setting ${issue?.path.join('.')}: ${issue?.message}` };
  }
  return { ok: true, config: parsed.data };
}
