/**
 * The composition root: builds every module's service from one context and the HTTP app from
 * their routes. Used by the server (main.ts), the CLI and the tests alike.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { sql } from 'kysely';
import { createBankService } from './modules/billing/bank.service.js';
import { createBillingCheck } from './modules/billing/check.service.js';
import { billingRoutes } from './modules/billing/billing.routes.js';
import { createBillingService } from './modules/billing/billing.service.js';
import { createCollectionService } from './modules/billing/collection.service.js';
import { budgetRoutes } from './modules/budget/budget.routes.js';
import { createBudgetService } from './modules/budget/budget.service.js';
import { spendingRoutes } from './modules/budget/spending.routes.js';
import { createSpendingService } from './modules/budget/spending.service.js';
import { createBallotsService } from './modules/decisions/ballots.service.js';
import { createCommitteeService } from './modules/decisions/committee.service.js';
import { decisionsRoutes } from './modules/decisions/decisions.routes.js';
import { type OnDecisionEnded, createDecisionsService } from './modules/decisions/decisions.service.js';
import { createResultsService } from './modules/decisions/results.service.js';
import { inspectionRoutes } from './modules/quality/inspections.routes.js';
import { createInspectionsService } from './modules/quality/inspections.service.js';
import { createQualitySettings } from './modules/quality/quality.settings.js';
import { scoreRoutes } from './modules/quality/score.routes.js';
import { createScoreService } from './modules/quality/score.service.js';
import { surveyRoutes } from './modules/quality/surveys.routes.js';
import { createSurveysService } from './modules/quality/surveys.service.js';
import { workOrderRoutes } from './modules/quality/workorders.routes.js';
import { createWorkOrdersService } from './modules/quality/workorders.service.js';
import { createWorkOrderViews } from './modules/quality/workorders.views.js';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import { createCloseService } from './modules/ledger/close.service.js';
import { createDisclosureService } from './modules/ledger/disclosure.service.js';
import { createInspectionService } from './modules/ledger/inspection.service.js';
import { ledgerRoutes } from './modules/ledger/ledger.routes.js';
import { createExportService } from './modules/ledger/export.service.js';
import { createLedgerService } from './modules/ledger/ledger.service.js';
import { createStatementsService } from './modules/ledger/statements.service.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { registerRoutes } from './modules/register/register.routes.js';
import { createRegisterService } from './modules/register/register.service.js';
import { createRosterService } from './modules/register/roster.service.js';
import { systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import type { AppContext } from './platform/context.js';
import { type Database, openDatabase } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { LocalFileStore } from './platform/files.js';
import { buildApp } from './platform/http/app.js';
import { loadSecretKey } from './platform/security.js';

export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export function createServices(ctx: AppContext) {
  const ledger = createLedgerService(ctx);
  const statements = createStatementsService(ctx);
  const qualitySettings = createQualitySettings(ctx);
  // the month close deducts from the trustee's remuneration on the month's service-quality score
  const qualityScores = createScoreService(ctx, qualitySettings);
  const close = createCloseService(ctx, ledger, qualityScores.qualityDeduction);
  const billing = createBillingService(ctx, ledger);
  const budget = createBudgetService(ctx, qualitySettings);
  const spending = createSpendingService(ctx, ledger);
  // what ends with an owners' decision: the budget version it adopts or rejects, and the expense
  // proposals (or emergency ratifications) that rest on an item of it
  const onDecisionEnded: OnDecisionEnded[] = [budget.onDecisionEnded, spending.onDecisionEnded];
  const decisions = createDecisionsService(ctx, billing, onDecisionEnded);
  const workOrders = createWorkOrdersService(ctx, qualitySettings);
  return {
    qualitySettings,
    workOrders,
    inspections: createInspectionsService(ctx, qualitySettings, workOrders),
    surveys: createSurveysService(ctx, qualitySettings),
    qualityScores,
    workOrderViews: createWorkOrderViews(ctx, qualitySettings),
    decisions,
    budget,
    spending,
    ballots: createBallotsService(ctx, decisions),
    results: createResultsService(ctx, decisions, billing, onDecisionEnded),
    committee: createCommitteeService(ctx),
    billing,
    collection: createCollectionService(ctx, billing),
    bank: createBankService(ctx, billing),
    billingCheck: createBillingCheck(ctx, ledger, statements),
    accounts: createAccountsService(ctx),
    register: createRegisterService(ctx),
    roster: createRosterService(ctx),
    ledger,
    statements,
    close,
    disclosure: createDisclosureService(ctx, statements, close),
    inspection: createInspectionService(ctx),
    exports: createExportService(ctx),
  };
}

export type Services = ReturnType<typeof createServices>;

export async function createHttpApp(ctx: AppContext, services: Services, opts: { engine: 'embedded' | 'external'; serveWeb?: boolean; logLevel?: string }) {
  return buildApp({
    authenticator: services.accounts.authenticator,
    version: VERSION,
    logLevel: opts.logLevel ?? ctx.config.LOG_LEVEL,
    serveWeb: opts.serveWeb,
    trustProxy: ctx.config.XINYI_TRUST_PROXY,
    healthCheck: async () => {
      await sql`select 1`.execute(ctx.db);
      return { engine: opts.engine };
    },
    routes: [accountsRoutes(services.accounts, { secureCookies: ctx.config.XINYI_SECURE_COOKIES }), registerRoutes(services.register, services.roster), ledgerRoutes(services), billingRoutes(services), decisionsRoutes(services), workOrderRoutes(services), inspectionRoutes(services), surveyRoutes(services), scoreRoutes(services), budgetRoutes(services), spendingRoutes(services)],
  });
}

export interface Runtime {
  ctx: AppContext;
  services: Services;
  database: Database;
  close(): Promise<void>;
}

/** Config → database (embedded or external) → migrations → services. */
export async function openRuntime(config: Config, log: (m: string) => void, opts: { poolSize?: number } = {}): Promise<Runtime> {
  const database = await openDatabase(config, log, opts.poolSize);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  } catch (err) {
    await database.close();
    throw err;
  }
  const ctx: AppContext = {
    config,
    db: database.db,
    clock: systemClock,
    secretKey: loadSecretKey(config.XINYI_SECRET_KEY, config.dataDir),
    log,
    files: new LocalFileStore(path.join(config.dataDir, 'files')),
  };
  return { ctx, services: createServices(ctx), database, close: () => database.close() };
}
