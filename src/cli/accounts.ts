/** `xinyi account create`, `xinyi account grant`. */
import type { Command } from 'commander';
import type { Role } from '../platform/db/schema.js';
import { ALL_ROLES } from '../modules/accounts/accounts.rules.js';
import { fail, withRuntime } from './runtime.js';

export function accountCommands(program: Command): void {
  const account = program.command('account').description('sign-in accounts and roles / 账号与角色');
  account
    .command('create')
    .description('create an account with a password / 创建账号')
    .requiredOption('--login <login>', 'login name')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--password <password>', 'at least 8 characters with letters and digits')
    .action(async (opts: { login: string; name: string; password: string }) => {
      await withRuntime(async (rt) => {
        const id = await rt.services.accounts.createAccount({ login: opts.login, displayName: opts.name, password: opts.password });
        console.log(`created account ${opts.login} (id ${id})`);
      });
    });
  account
    .command('grant')
    .description('grant a role / 授予角色')
    .requiredOption('--login <login>', 'login name')
    .requiredOption('--role <role>', ALL_ROLES.join(' | '))
    .option('--community <code>', 'community code (community roles)')
    .option('--region <region>', "region of street/district officials: '武侯区' or '武侯区/晋阳街道'")
    .action(async (opts: { login: string; role: string; community?: string; region?: string }) => {
      if (!ALL_ROLES.includes(opts.role as Role)) fail(`unknown role ${opts.role}; one of ${ALL_ROLES.join(', ')}`);
      await withRuntime(async (rt) => {
        const a = await rt.ctx.db.selectFrom('accounts').select('id').where('login', '=', opts.login).executeTakeFirst();
        if (!a) fail(`no account ${opts.login}`);
        await rt.services.accounts.grantRole({ accountId: a.id, role: opts.role as Role, communityCode: opts.community ?? null, region: opts.region ?? null }, null);
        console.log(`granted ${opts.role} to ${opts.login}`);
      });
    });
}
