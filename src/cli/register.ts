/** `xinyi import roster`, `xinyi export roster`, `xinyi community create`. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../platform/errors.js';
import { cliLocale, fail, withRuntime } from './runtime.js';

async function communityOrFail(rt: Parameters<Parameters<typeof withRuntime>[0]>[0], code: string) {
  const c = await rt.services.accounts.authenticator.findCommunity(code);
  return c ?? fail(`community ${code} does not exist (小区 ${code} 不存在)`);
}

export function registerCommands(program: Command): void {
  program
    .command('import')
    .description('import data / 导入数据')
    .command('roster')
    .description('import a roster workbook (.xlsx, Chinese headers) into a community; all rows or none / 导入花名册')
    .argument('<file>', 'the .xlsx file')
    .requiredOption('-c, --community <code>', 'community code, e.g. fenghuayuan')
    .option('--dry-run', 'check and count only; change nothing / 仅校验不导入')
    .action(async (file: string, opts: { community: string; dryRun?: boolean }) => {
      if (!fs.existsSync(file)) fail(`no such file: ${file}`);
      const data = fs.readFileSync(file);
      await withRuntime(async (rt) => {
        const community = await communityOrFail(rt, opts.community);
        process.stderr.write(`reading ${file} (${(data.length / 1024).toFixed(0)} KiB)…\n`);
        try {
          const r = await rt.services.roster.importWorkbook(community, data, { dryRun: !!opts.dryRun, accountId: null });
          console.log(`${r.dryRun ? 'dry run: ' : ''}${r.total} rows — created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}`);
        } catch (err) {
          if (err instanceof ValidationError && err.code === 'roster.invalid' && typeof err.details === 'function') {
            const report = err.details(cliLocale()) as { total: number; errors: { row: number; column: string; message: string; value: string | null }[] };
            for (const e of report.errors) {
              const where = e.row > 0 ? `row ${e.row}${e.column ? `, ${e.column}` : ''}: ` : '';
              process.stderr.write(`  ${where}${e.message}${e.value ? ` (${e.value})` : ''}\n`);
            }
            fail(`${report.total} errors; nothing was imported (有 ${report.total} 处错误，未导入任何数据)`, 2);
          }
          throw err;
        }
      });
    });

  program
    .command('export')
    .description('export data / 导出数据')
    .command('roster')
    .description('export a community roster as .xlsx / 导出花名册')
    .requiredOption('-c, --community <code>', 'community code')
    .requiredOption('-o, --out <file>', 'output .xlsx file')
    .action(async (opts: { community: string; out: string }) => {
      await withRuntime(async (rt) => {
        const community = await communityOrFail(rt, opts.community);
        fs.writeFileSync(opts.out, await rt.services.roster.exportWorkbook(community, null));
        console.log(`wrote ${opts.out}`);
      });
    });

  program
    .command('community')
    .description('communities / 小区')
    .command('create')
    .description('create a community / 新建小区')
    .requiredOption('--code <code>', 'code: lower-case letters, digits, dashes')
    .requiredOption('--name <name>', 'name, e.g. 风华苑')
    .option('--district <district>', 'district, e.g. 武侯区')
    .option('--street <street>', 'street, e.g. 晋阳街道')
    .action(async (opts: { code: string; name: string; district?: string; street?: string }) => {
      if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(opts.code)) fail('the code takes lower-case letters, digits and dashes (2–63)');
      await withRuntime(async (rt) => {
        await rt.services.register.createCommunity(opts, null);
        console.log(`created ${opts.code}`);
      });
    });
}
