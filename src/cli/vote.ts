/**
 * `xinyi vote export`, `xinyi vote recount`, `xinyi vote advance`. `recount` reads only the file:
 * anyone holding an export can recount a decision without our database (docs/vote-format.md).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { recountExport } from '../modules/decisions/recount.rules.js';
import { explainTally } from '../modules/decisions/tally.rules.js';
import { cliLocale, fail, readJsonFile, withRuntime } from './runtime.js';

export function voteCommands(program: Command): void {
  const vote = program.command('vote').description("owners' decisions: the anonymised record and its recount / 业主共同决定：表决记录与重新计票");

  vote
    .command('export')
    .description('write the anonymised roll, the chained ballots and the count of a decision (JSON) / 导出匿名表决记录')
    .requiredOption('-c, --community <code>', 'community code, e.g. fenghuayuan')
    .requiredOption('-d, --decision <id>', 'the decision number')
    .requiredOption('-o, --out <file>', 'output file')
    .action(async (opts: { community: string; decision: string; out: string }) => {
      const id = Number(opts.decision);
      if (!Number.isSafeInteger(id) || id <= 0) fail(`--decision takes the decision's number (got ${opts.decision})`);
      await withRuntime(async (rt) => {
        const c = await rt.services.accounts.authenticator.findCommunity(opts.community);
        if (!c) fail(`community ${opts.community} does not exist (小区 ${opts.community} 不存在)`);
        const data = await rt.services.results.exportDecision(c, id, true);
        // written beside the target and renamed: a failed export leaves no half file
        fs.writeFileSync(`${opts.out}.partial`, `${JSON.stringify(data, null, 1)}\n`);
        fs.renameSync(`${opts.out}.partial`, opts.out);
        console.log(`wrote ${opts.out}: ${data.decision}, ${data.roll.totalHeadcount} voters, ${data.ballots.length} ballots, ${data.count ? `count round ${data.count.round}` : 'not counted yet'}`);
      });
    });

  vote
    .command('recount')
    .description('recount an export from the file alone: the chain, the roll and every item (no database needed) / 依据导出文件重新计票')
    .argument('<file>', 'a vote export (xinyi vote export)')
    .action((file: string) => {
      const data = readJsonFile(file);
      const r = recountExport(data);
      if (!r.ok) fail(r.seq === null ? r.problem : `ballot ${r.seq}: ${r.problem}`);
      const locale = cliLocale();
      for (const x of r.results) console.log(`item ${x.item}: ${explainTally(x.tally)[locale]}${x.stated ? '' : ' (no published count to compare)'}`);
      const compared = r.results.every((x) => x.stated);
      console.log(`OK ${r.decision}: ${r.ballots} ballots, chain intact${compared ? ', every item as published' : ''}; last hash ${r.lastHash}`);
    });

  vote
    .command('advance')
    .description("take the clock's steps now: open voting on its day, close it after its last day, end objection periods / 按日期推进表决")
    .action(async () => {
      await withRuntime(async (rt) => {
        const done = await rt.services.results.advance();
        console.log(done.length ? done.join('\n') : 'nothing to do');
      });
    });
}
