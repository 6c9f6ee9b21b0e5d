/**
 * The one validated configuration module. Every variable is read here and nowhere else;
 * a bad value stops the process at start with a message that names the variable.
 */
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  /** HTTP port of the server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address the HTTP server binds to. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Where the embedded PostgreSQL cluster, the file store and the secret key live. */
  XINYI_DATA_DIR: z.string().min(1).default('./data'),
  /** An external PostgreSQL (15 or newer). When set, no embedded server is started. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Seed the demo community 风华苑 on first start when the database has no community. */
  XINYI_DEMO: z
    .enum(['auto', 'off'])
    .default('auto'),
  /** Log level of the server. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Failed sign-ins allowed per login name (and per client address) within the window. */
  XINYI_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** The sign-in rate-limit window in minutes. */
  XINYI_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Session lifetime in hours (sliding). */
  XINYI_SESSION_HOURS: z.coerce.number().int().min(1).default(24 * 14),
  /**
   * 32-byte key (base64) that encrypts ID numbers and keys the unit pseudonyms. Several server
   * processes must share it; when unset, one is generated once into XINYI_DATA_DIR/secret.key.
   */
  XINYI_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64')
    .optional(),
  /** Month M is closed automatically from this day of month M+1 (remuneration accrued, checkpoint set). */
  XINYI_AUTO_CLOSE_DAY: z.coerce.number().int().min(1).max(28).default(3),
  /** Run the background job queue (month close …) in this process. */
  XINYI_JOBS: z.enum(['on', 'off']).default('on'),
  /**
   * Behind a reverse proxy: how many proxy hops to trust for the client address (X-Forwarded-For),
   * 'true' for all, or a list of proxy addresses. Default: none — the address is the peer's, so a
   * client cannot forge its way past the sign-in rate limits.
   */
  XINYI_TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v): boolean | string | ((address: string, hop: number) => boolean) =>
      v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? (_address: string, hop: number) => hop < Number(v) : v,
    ),
  /** Mark cookies Secure (set behind HTTPS). */
  XINYI_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration (environment variables):\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.XINYI_DATA_DIR) };
}
