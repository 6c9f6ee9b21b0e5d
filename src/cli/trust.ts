/** `xinyi contract set|show` (the trust contract's remuneration terms) and `xinyi chart add` (accounts). */
import type { Command } from 'commander';
import type { AccountType, RemunerationBase } from '../platform/db/schema.js';
import { parseYuan } from '../platform/money.js';
import { isDate } from '../modules/ledger/ledger.rules.js';
import { fail, withRuntime } from './runtime.js';

const BASES: RemunerationBase[] = ['received_fees_and_public_revenue', 'received_fees', 'all_income'];
const TYPES: AccountType[] = ['asset', 'liability', 'net_assets', 'income', 'expense'];

/** "15" or "15.00" (percent, two decimals at most) → basis points, exactly. */
function percentToBp(text: string): number {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
  if (!Number.isInteger(bp) || bp > 10_000) fail(`--rate takes a percentage with at most two decimals, 0–100 (got ${text})`);
  return bp;
}

export function trustCommands(program: Command): void {
  const contract = program.command('contract').description("the trust contract's remuneration terms / 信托合同酬金条款");
  contract
    .command('set')
    .description('record terms in force from a date (a later date supersedes) / 设定自某日起生效的酬金条款')
    .requiredOption('-c, --community <code>', 'community code')
    .requiredOption('--from <date>', 'effective from, YYYY-MM-DD')
    .requiredOption('--rate <percent>', 'remuneration rate in percent, e.g. 15.00')
    .option('--base <base>', BASES.join(' | '), BASES[0])
    .option('--cap <yuan>', 'monthly cap in yuan')
    .option('--document <text>', 'reference to the contract or the owners’ decision')
    .action(async (o: { community: string; from: string; rate: string; base: string; cap?: string; document?: string }) => {
      if (!isDate(o.from)) fail(`--from must be a date YYYY-MM-DD (got ${o.from})`);
      if (!BASES.includes(o.base as RemunerationBase)) fail(`--base is one of ${BASES.join(', ')}`);
      const rateBp = percentToBp(o.rate);
      let capFen: number | null = null;
      if (o.cap !== undefined) {
        try {
          capFen = parseYuan(o.cap);
        } catch {
          fail(`--cap takes an amount in yuan (got ${o.cap})`);
        }
      }
      await withRuntime(async (rt) => {
        const c = await rt.services.accounts.authenticator.findCommunity(o.community);
        if (!c) fail(`community ${o.community} does not exist`);
        await rt.services.close.setContract(c.id, { effectiveFrom: o.from, rateBp, base: o.base as RemunerationBase, capFen, document: o.document ?? null });
        console.log(`terms from ${o.from}: ${(rateBp / 100).toFixed(2)} % of ${o.base}${capFen !== null ? `, cap ${o.cap} yuan/month` : ''}`);
      });
    });
  contract
    .command('show')
    .description('list the terms by effective date / 查看酬金条款')
    .requiredOption('-c, --community <code>', 'community code')
    .action(async (o: { community: string }) => {
      await withRuntime(async (rt) => {
        const c = await rt.services.accounts.authenticator.findCommunity(o.community);
        if (!c) fail(`community ${o.community} does not exist`);
        const rows = await rt.ctx.db.selectFrom('trust_contracts').selectAll().where('community_id', '=', c.id).orderBy('effective_from').execute();
        for (const r of rows) console.log(`${r.effective_from}  ${(r.rate_bp / 100).toFixed(2)} %  ${r.base}${r.cap_fen !== null ? `  cap ${(r.cap_fen / 100).toFixed(2)}` : ''}${r.document ? `  (${r.document})` : ''}`);
        if (!rows.length) console.log('no terms recorded: no remuneration is accrued at month close');
      });
    });

  contract
    .command('breach')
    .description('record a breach: remuneration payments stop until cured (Trust Law art. 36) / 记录违约')
    .requiredOption('-c, --community <code>', 'community code')
    .requiredOption('--description <text>', 'what happened')
    .action(async (o: { community: string; description: string }) => {
      await withRuntime(async (rt) => {
        const c = await rt.services.accounts.authenticator.findCommunity(o.community);
        if (!c) fail(`community ${o.community} does not exist`);
        console.log(`breach ${await rt.services.close.recordBreach(c.id, o.description)} recorded; remuneration payments are refused until it is cured`);
      });
    });
  contract
    .command('cure')
    .description('mark a breach cured / 违约已纠正')
    .requiredOption('-c, --community <code>', 'community code')
    .requiredOption('--id <id>', 'breach id')
    .action(async (o: { community: string; id: string }) => {
      if (!/^\d+$/.test(o.id)) fail('--id takes a number');
      await withRuntime(async (rt) => {
        const c = await rt.services.accounts.authenticator.findCommunity(o.community);
        if (!c) fail(`community ${o.community} does not exist`);
        await rt.services.close.cureBreach(c.id, Number(o.id));
        console.log(`breach ${o.id} cured`);
      });
    });

  program
    .command('chart')
    .description('the chart of accounts / 科目表')
    .command('add')
    .description('add an account to a community’s common fund ledger / 新增科目')
    .requiredOption('-c, --community <code>', 'community code')
    .requiredOption('--code <code>', 'four digits; the first gives the type (1 asset … 5 expense)')
    .requiredOption('--name <name>', 'Chinese name')
    .requiredOption('--name-en <name>', 'English name')
    .requiredOption('--type <type>', TYPES.join(' | '))
    .action(async (o: { community: string; code: string; name: string; nameEn: string; type: string }) => {
      if (!TYPES.includes(o.type as AccountType)) fail(`--type is one of ${TYPES.join(', ')}`);
      await withRuntime(async (rt) => {
        const ledger = await rt.services.ledger.ledgerOrThrow(o.community);
        await rt.services.ledger.addAccount(ledger, { code: o.code, name: o.name, nameEn: o.nameEn, type: o.type as AccountType });
        console.log(`added ${o.code} ${o.name}`);
      });
    });
}
