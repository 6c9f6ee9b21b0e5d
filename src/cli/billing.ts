/** `xinyi billing …`: bill runs, bank statement import, collection figures, invariant checks. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Runtime } from '../compose.js';
import { formatFen, formatRateBp } from '../platform/money.js';
import { DomainError } from '../platform/errors.js';
import { translate } from '../platform/i18n.js';
import { cliLocale, fail, withRuntime } from './runtime.js';

async function communityOf(rt: Runtime, code: string) {
  const c = await rt.services.accounts.authenticator.findCommunity(code);
  if (!c) fail(`community ${code} does not exist (小区 ${code} 不存在)`);
  return c;
}

/** Domain errors as one translated line. */
async function domain<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DomainError) fail(translate(cliLocale(), err.code, err.params));
    throw err;
  }
}

const pct = (bp: number | null) => (bp === null ? '—' : formatRateBp(bp));

export function billingCommands(program: Command): void {
  const billing = program.command('billing').description('fee bills, payments and collection / 物业费账单、收款与收缴率');

  billing
    .command('run')
    .description('issue (or preview) the bill run of a period: YYYY-MM, YYYY-Qn or YYYY / 开账')
    .requiredOption('-c, --community <code>', 'community code')
    .requiredOption('-p, --period <period>', 'YYYY-MM, YYYY-Q1…Q4 or YYYY')
    .option('--preview', 'show what would be billed; write nothing')
    .option('--supplementary', 'bill only units without a bill for these months (units delivered since)')
    .option('--key <key>', 'idempotency key (default: cli:<community>:<period>)')
    .action(async (opts: { community: string; period: string; preview?: boolean; supplementary?: boolean; key?: string }) => {
      await withRuntime(async (rt) => {
        const c = await communityOf(rt, opts.community);
        if (opts.preview) {
          const p = await domain(() => rt.services.billing.previewRun(c, opts.period, { supplementary: opts.supplementary }));
          console.log(`${p.period}: ${p.billCount} bills, ${formatFen(p.totalFen)}`);
          for (const k of p.byKind) console.log(`  ${k.unitKind}: ${k.units} units, ${formatFen(k.amountFen)}`);
          for (const n of p.notBilled) console.log(`  not billed: ${n.units} ${n.unitKind} unit(s) (no fee schedule)`);
          return;
        }
        const key = opts.key ?? `cli:${opts.community}:${opts.period}${opts.supplementary ? `:supplementary:${Date.now()}` : ''}`;
        const r = await domain(() => rt.services.billing.issueRun(c, { period: opts.period, idempotencyKey: key, supplementary: opts.supplementary }, null));
        console.log(`${r.created ? 'issued' : 'already issued'} ${r.period}: ${r.billCount} bills, ${formatFen(r.totalFen)}; prepayments applied ${formatFen(r.appliedPrepaymentFen)}; ledger entry ${r.ledgerSeq}`);
      });
    });

  billing
    .command('import-bank')
    .description('import a bank statement CSV (GBK or UTF-8) and match it to bills / 导入银行流水并对账')
    .argument('<file>', 'the CSV file')
    .requiredOption('-c, --community <code>', 'community code')
    .option('--encoding <encoding>', 'utf-8 or gbk (detected when omitted)')
    .option('--confirm-matched', 'book the lines matched by unit code as payments')
    .action(async (file: string, opts: { community: string; encoding?: string; confirmMatched?: boolean }) => {
      if (opts.encoding && opts.encoding !== 'utf-8' && opts.encoding !== 'gbk') fail(`--encoding takes utf-8 or gbk (got ${opts.encoding})`);
      const data = await readFile(file).catch(() => fail(`cannot read ${file}`));
      await withRuntime(async (rt) => {
        const c = await communityOf(rt, opts.community);
        const imp = await domain(() => rt.services.bank.importStatement(c, { data, fileName: path.basename(file), encoding: opts.encoding as 'utf-8' | 'gbk' | undefined }, null));
        console.log(`${imp.created ? 'imported' : 'imported before'} #${imp.id} ${imp.fileName} (${imp.encoding}): ${Object.entries(imp.counts).map(([k, v]) => `${k} ${v}`).join(', ') || 'no incoming lines'}`);
        for (const l of imp.lines.filter((x) => x.status === 'ambiguous' || x.status === 'unmatched')) {
          console.log(`  line ${l.lineNo} ${l.date} ${formatFen(l.amountFen)} ${l.status}${l.candidates.length ? ` (${l.candidates.map((x) => x.code).join(', ')})` : ''}: ${l.memo}`);
        }
        if (opts.confirmMatched) {
          const lines = imp.lines.filter((l) => l.status === 'matched' && l.rule === 'code').map((l) => ({ lineId: l.id }));
          if (lines.length === 0) return console.log('nothing to confirm');
          const r = await domain(() => rt.services.bank.confirm(c, imp.id, lines, null));
          console.log(`confirmed ${r.confirmed} payment(s)${r.already ? `, ${r.already} already` : ''}`);
        }
      });
    });

  billing
    .command('collection')
    .description('collection rates by period and the arrears aging / 收缴率与欠费账龄')
    .requiredOption('-c, --community <code>', 'community code')
    .action(async (opts: { community: string }) => {
      await withRuntime(async (rt) => {
        const c = await communityOf(rt, opts.community);
        const f = await rt.services.collection.figures(c, {}, false);
        console.log('period      units billed  paid   by units  by amount  on time (units)');
        for (const t of f.trend) console.log(`${t.period.padEnd(10)}  ${String(t.billedUnits).padStart(12)}  ${String(t.paidUnits).padStart(5)}  ${pct(t.byUnitsBp).padStart(8)}  ${pct(t.byAmountBp).padStart(9)}  ${pct(t.ontimeByUnitsBp).padStart(15)}`);
        console.log(`arrears aging on ${f.asOf}: ${f.aging.map((a) => `${a.bucket} days: ${a.units} units ${formatFen(a.arrearsFen ?? 0)}`).join('; ')}`);
      });
    });

  billing
    .command('check')
    .description('check the billing invariants: figures, allocations, prepayments, ledger balances / 账单一致性检查')
    .option('-c, --community <code>', 'only this community (all when omitted)')
    .action(async (opts: { community?: string }) => {
      await withRuntime(async (rt) => {
        const communities = opts.community ? [await communityOf(rt, opts.community)] : await rt.ctx.db.selectFrom('communities').select(['id', 'code']).orderBy('code').execute();
        let failures = 0;
        for (const c of communities) {
          const found = await rt.services.billingCheck.check(c);
          for (const f of found) console.log(`FAIL ${c.code} ${f.check}: ${f.message}`);
          if (found.length === 0) console.log(`ok   ${c.code}`);
          failures += found.length;
        }
        if (failures) fail(`${failures} billing invariant failure(s)`);
      });
    });
}
