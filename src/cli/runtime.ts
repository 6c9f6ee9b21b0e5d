/** What every CLI command shares: open the database (attaching to a running embedded server), run, close. */
import fs from 'node:fs';
import { type Runtime, openRuntime } from '../compose.js';
import { loadConfig } from '../platform/config.js';
import { DomainError } from '../platform/errors.js';
import { translate } from '../platform/i18n.js';

export const cliLocale = (): 'zh-CN' | 'en' => (/^en/i.test(process.env.LANG ?? '') && !/^zh/i.test(process.env.LANG ?? '') ? 'en' : 'zh-CN');

/** A command's refusal: one line on stderr and a non-zero exit code, after the runtime is closed. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/**
 * Fails with one line on stderr and a non-zero exit code. It throws, so that `withRuntime`
 * still closes the database (and releases the embedded PostgreSQL) on the way out.
 */
export function fail(message: string, code = 1): never {
  throw new CliFailure(message, code);
}

/** The one place that prints a failure and exits (cli/main.ts calls it). */
export function exitWith(err: unknown): never {
  if (err instanceof CliFailure) {
    process.stderr.write(`xinyi: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  process.stderr.write(`xinyi: ${(err as Error).message.split('\n')[0]}\n`);
  process.exit(1);
}

/** Reads a JSON file given on the command line, failing with a one-line reason. */
export function readJsonFile(file: string): unknown {
  if (!fs.existsSync(file)) fail(`no such file: ${file}`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`${file} is not JSON: ${(err as Error).message}`);
  }
}

export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  let rt: Runtime;
  try {
    rt = await openRuntime(loadConfig(), (m) => process.stderr.write(`${m}\n`), { poolSize: 4 });
  } catch (err) {
    fail((err as Error).message.split('\n').join(' '));
  }
  try {
    return await fn(rt);
  } catch (err) {
    if (err instanceof DomainError) fail(translate(cliLocale(), err.code, err.params));
    throw err;
  } finally {
    await rt.close();
  }
}
