/** What every CLI command shares: open the database (attaching to a running embedded server), run, close. */
import { type Runtime, openRuntime } from '../compose.js';
import { loadConfig } from '../platform/config.js';
import { DomainError } from '../platform/errors.js';
import { translate } from '../platform/i18n.js';

export const cliLocale = (): 'zh-CN' | 'en' => (/^en/i.test(process.env.LANG ?? '') && !/^zh/i.test(process.env.LANG ?? '') ? 'en' : 'zh-CN');

/** Fails with one line on stderr and a non-zero exit code. */
export function fail(message: string, code = 1): never {
  process.stderr.write(`xinyi: ${message}\n`);
  process.exit(code);
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
