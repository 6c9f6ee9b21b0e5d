/**
 * `xinyi ledger export`, `xinyi ledger verify`, `xinyi check`, `xinyi statement`.
 * `ledger verify` reads only the file: anyone holding an export can check it without our database.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import { verifyJsonExport } from '../modules/ledger/export.rules.js';
import { type ExportFormat, type InvariantFailure, createExportService } from '../modules/ledger/export.service.js';
import { isPeriod } from '../modules/ledger/ledger.rules.js';
import { COMMON_FUND } from '../modules/ledger/ledger.service.js';
import type { Statement } from '../modules/ledger/statements.service.js';
import { formatFen } from '../platform/money.js';
import { fail, readJsonFile, withRuntime } from './runtime.js';

/** A stderr counter: rewritten in place on a terminal, an occasional line otherwise (logs, CI). */
function progress(label: string) {
  let shown = false;
  let lastLine = 0;
  return {
    tick(n: number) {
      if (process.stderr.isTTY) {
        process.stderr.write(`\r${label} ${n.toLocaleString('en-US')}`);
        shown = true;
      } else if (n - lastLine >= 50_000) {
        process.stderr.write(`${label} ${n.toLocaleString('en-US')}\n`);
        lastLine = n;
      }
    },
    done() {
      if (shown) process.stderr.write('\n');
      shown = false;
    },
  };
}

/** Terminal columns of a string: CJK and full-width characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

export function formatStatement(title: string, s: Statement): string {
  const rows: [string, string][] = [];
  const section = (heading: string, accounts: Statement['income'], total: string, totalFen: number) => {
    rows.push([heading, '']);
    for (const a of accounts) rows.push([`  ${a.code} ${a.name}`, formatFen(a.amountFen)]);
    if (accounts.length === 0) rows.push(['  （无）', '']);
    rows.push([`  ${total}`, formatFen(totalFen)]);
  };
  section('收入', s.income, '收入合计', s.incomeFen);
  section('支出', s.expense, '支出合计', s.expenseFen);
  rows.push(['本期结余（收入 − 支出）', formatFen(s.surplusFen)]);
  rows.push([`共有资金余额（${s.to} 末，资产 − 负债）`, formatFen(s.fundBalanceFen)]);
  const left = Math.max(...rows.map(([l]) => width(l))) + 2;
  const right = Math.max(...rows.map(([, r]) => width(r)));
  const out = [title, '='.repeat(left + right), ...rows.map(([l, r]) => (r ? padEnd(l, left) + padStart(r, right) : l)), '-'.repeat(left + right)];
  if (s.remuneration.length === 0) out.push('受托人酬金：本期未计提');
  for (const r of s.remuneration) {
    const deduction = r.deductionFen ? ` − 服务质量扣减 ${formatFen(r.deductionFen)}` : '';
    out.push(`受托人酬金 ${r.period}：基数 ${formatFen(r.baseFen)} × ${(r.rateBp / 100).toFixed(2)}% = ${formatFen(r.grossFen)}${deduction}，计提 ${formatFen(r.amountFen)}（第 ${r.seq} 号分录）`);
  }
  out.push(s.checkpoint ? `检查点 ${s.checkpoint.period}：第 ${s.checkpoint.seq} 号分录，哈希 ${s.checkpoint.hash}` : `检查点：${s.to} 尚未结账`);
  return out.join('\n');
}

export function ledgerCommands(program: Command): void {
  const ledger = program.command('ledger').description('the common fund ledger / 共有资金账');

  ledger
    .command('export')
    .description('export a ledger: JSON with the hash chain, an hledger journal, or a workbook / 导出账本')
    .requiredOption('-c, --community <code>', 'community code, e.g. fenghuayuan')
    .option('-l, --ledger <code>', 'ledger code', COMMON_FUND)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'hledger', 'xlsx']).makeOptionMandatory())
    .requiredOption('-o, --out <file>', 'output file')
    .action(async (opts: { community: string; ledger: string; format: ExportFormat; out: string }) => {
      await withRuntime(async (rt) => {
        const exports = createExportService(rt.ctx);
        const l = await rt.services.ledger.ledgerOrThrow(opts.community, opts.ledger);
        const p = progress('exported entries:');
        let count = 0;
        const counting = {
          progress: (n: number) => {
            count = n;
            p.tick(n);
          },
        };
        // written beside the target and renamed at the end: a failed export leaves no half file
        const partial = `${opts.out}.partial`;
        try {
          if (opts.format === 'xlsx') await exports.writeXlsx(l, fs.createWriteStream(partial), counting);
          else await pipeline(Readable.from(opts.format === 'json' ? exports.jsonChunks(l, counting) : exports.hledgerChunks(l, counting)), fs.createWriteStream(partial));
          fs.renameSync(partial, opts.out);
        } catch (err) {
          fs.rmSync(partial, { force: true });
          throw err;
        } finally {
          p.done();
        }
        console.log(`wrote ${opts.out}: ${count} entries of ${opts.community}/${opts.ledger} as ${opts.format}`);
      });
    });

  ledger
    .command('verify')
    .description('verify a JSON export: the hash chain, checkpoints and balances (no database needed) / 校验导出文件')
    .argument('<file>', 'a JSON export (xinyi ledger export --format json)')
    .action((file: string) => {
      const data = readJsonFile(file);
      const p = progress('verified entries:');
      const r = verifyJsonExport(data, { progress: (n) => p.tick(n) });
      p.done();
      if (!r.ok) fail(r.seq === null ? r.problem : `entry ${r.seq}: ${r.problem}`);
      console.log(`OK ${r.ledger}: ${r.entries} entries, chain intact, ${r.checkpoints} checkpoint(s) and the balances agree; last hash ${r.lastHash}`);
    });

  program
    .command('check')
    .description('check the ledger invariants against the database: balanced entries, chain, balances, head, checkpoints / 账本一致性检查')
    .option('-c, --community <code>', 'only this community (all when omitted)')
    .action(async (opts: { community?: string }) => {
      await withRuntime(async (rt) => {
        const exports = createExportService(rt.ctx);
        if (opts.community && !(await rt.services.accounts.authenticator.findCommunity(opts.community))) fail(`community ${opts.community} does not exist (小区 ${opts.community} 不存在)`);
        const ledgers = await exports.listLedgers(opts.community);
        const failures: InvariantFailure[] = [];
        for (const l of ledgers) {
          const p = progress(`${l.communityCode}/${l.code}: checked entries:`);
          let count = 0;
          const found = await exports.checkInvariants(l, { progress: (n) => ((count = n), p.tick(n)) });
          p.done();
          for (const f of found) console.log(`FAIL ${f.ledger} ${f.check}: ${f.message}`);
          if (found.length === 0) console.log(`ok   ${l.communityCode}/${l.code}: ${count} entries`);
          failures.push(...found);
        }
        if (ledgers.length === 0) console.log('no ledgers to check');
        if (failures.length) fail(`${failures.length} invariant failure(s) in ${new Set(failures.map((f) => f.ledger)).size} ledger(s)`);
      });
    });

  program
    .command('statement')
    .description('print a monthly statement: income and expense by account, fund balance, remuneration, checkpoint / 月度收支公示表')
    .requiredOption('-c, --community <code>', 'community code')
    .requiredOption('-p, --period <YYYY-MM>', 'the month')
    .option('-l, --ledger <code>', 'ledger code', COMMON_FUND)
    .action(async (opts: { community: string; period: string; ledger: string }) => {
      if (!isPeriod(opts.period)) fail(`the period takes the form YYYY-MM, e.g. 2026-01 (got ${opts.period})`);
      await withRuntime(async (rt) => {
        const community = await rt.services.accounts.authenticator.findCommunity(opts.community);
        if (!community) fail(`community ${opts.community} does not exist (小区 ${opts.community} 不存在)`);
        const l = await rt.services.ledger.ledgerOrThrow(opts.community, opts.ledger);
        const s = await rt.services.statements.monthly(l, opts.period);
        console.log(formatStatement(`${community.name} ${l.name} ${opts.period} 月度收支公示表（${l.communityCode}/${l.code}，单位：元）`, s));
      });
    });
}
