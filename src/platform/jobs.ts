/**
 * Timed and background work on a PostgreSQL-backed queue (pg-boss 10), so that it survives
 * restarts and runs once when several server processes share one database — never a bare
 * setInterval in one process (DESIGN §3). Schedules are cron expressions in Asia/Shanghai time.
 */
import PgBoss from 'pg-boss';

export interface ScheduledJob {
  name: string;
  /** cron, Asia/Shanghai */
  cron: string;
  run: () => Promise<void>;
}

export interface JobRunner {
  stop(): Promise<void>;
}

export async function startJobs(connectionString: string, jobs: ScheduledJob[], log: (m: string) => void): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString, max: 2, application_name: 'xinyi-jobs' });
  boss.on('error', (err: Error) => log(`job queue error: ${err.message}`));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name);
    await boss.schedule(job.name, job.cron, {}, { tz: 'Asia/Shanghai' });
    await boss.work(job.name, async () => {
      await job.run();
    });
  }
  log(`background jobs: ${jobs.map((j) => `${j.name} (${j.cron})`).join(', ')}`);
  return {
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
