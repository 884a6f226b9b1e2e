// Usage counts when a replica dies (issue item 2): resolve counts are kept in
// memory and written every flushIntervalSeconds and on shutdown, so SIGKILL
// loses what was counted since the last write; SIGTERM loses nothing.
import { check, Row, Suite, USAGE_FLUSH_SECONDS } from '../suite';
import { headersFor, Replica } from '../replicas';
import { API, isOk, projectOf, Recorder, sleep } from '../traffic';
import { Write } from '../verify';

/** Uses stored for a project, over all days and consumers. */
async function storedUses(suite: Suite, project: string): Promise<number> {
  const [row] = await suite
    .db()('integration_usage')
    .where({ project })
    .sum({ n: 'count' });
  return Number(row?.n ?? 0);
}

async function seedProject(suite: Suite, recorder: Recorder, tag: string) {
  const writes: Write[] = [];
  const created = await suite.create(
    recorder,
    suite.replicas[1],
    tag,
    0,
    writes,
  );
  if (!isOk(created.outcome))
    throw new Error(`usage: create answered ${created.outcome}`);
  suite.acknowledged.push(...writes);
  return projectOf(tag, 0);
}

const resolveOnce = (recorder: Recorder, replica: Replica, project: string) =>
  recorder.send(
    'resolve',
    replica,
    `${API}/resolve?project=${encodeURIComponent(project)}`,
    { headers: headersFor.resolver },
  );

/**
 * Resolves on `replica` every `pauseMs` until `stopWhen` says so; returns the
 * number of 2xx resolves and when the stored count last moved (a flush).
 */
async function resolveUntil(
  suite: Suite,
  recorder: Recorder,
  replica: Replica,
  project: string,
  pauseMs: number,
  stopWhen: (state: {
    sent: number;
    lastFlush?: number;
    started: number;
  }) => boolean,
) {
  const state = {
    sent: 0,
    lastFlush: undefined as number | undefined,
    started: Date.now(),
  };
  let stored = await storedUses(suite, project);
  let polled = Date.now();
  while (!stopWhen(state)) {
    if (isOk((await resolveOnce(recorder, replica, project)).outcome))
      state.sent += 1;
    if (Date.now() - polled >= 1000) {
      polled = Date.now();
      const now = await storedUses(suite, project);
      if (now !== stored) state.lastFlush = polled;
      stored = now;
    }
    await sleep(pauseMs);
  }
  return state;
}

export async function usageDrill(suite: Suite): Promise<Row> {
  const begun = Date.now();
  const recorder = new Recorder();
  const ci = suite.options.ci;

  // SIGKILL: in CI a short burst; in the full run, wait for one flush and
  // kill just before the next (almost a whole interval of counts at stake).
  const killProject = await seedProject(
    suite,
    recorder,
    `usagekill${begun % 100000}`,
  );
  const a = suite.replicas[0];
  const before = await storedUses(suite, killProject);
  const killRun = await resolveUntil(suite, recorder, a, killProject, 100, s =>
    ci
      ? s.sent >= 30
      : s.lastFlush !== undefined
      ? Date.now() - s.lastFlush >= (USAGE_FLUSH_SECONDS - 1) * 1000
      : Date.now() - s.started >= (2 * USAGE_FLUSH_SECONDS + 10) * 1000,
  );
  const sinceFlush = killRun.lastFlush
    ? (Date.now() - killRun.lastFlush) / 1000
    : (Date.now() - killRun.started) / 1000;
  await a.kill();
  const afterKill = (await storedUses(suite, killProject)) - before;
  const lost = killRun.sent - afterKill;
  await suite.startSlot(0);

  // SIGTERM: the shutdown hook writes what was counted.
  const termProject = await seedProject(
    suite,
    recorder,
    `usageterm${begun % 100000}`,
  );
  const b = suite.replicas[1];
  const termRun = await resolveUntil(
    suite,
    recorder,
    b,
    termProject,
    50,
    s => s.sent >= 30,
  );
  await b.stop();
  const afterTerm = await storedUses(suite, termProject);
  await suite.startSlot(1);
  await suite.refreshToken();

  const secrets = suite.secretCheck('usage', recorder);
  const checks = [
    check(
      `usage: SIGKILL loses at most the counts since the last write (≤ ${USAGE_FLUSH_SECONDS} s)`,
      lost >= 0 && sinceFlush <= USAGE_FLUSH_SECONDS + 1,
      `${
        killRun.sent
      } resolves on the killed replica, ${afterKill} stored, ${lost} lost (${sinceFlush.toFixed(
        0,
      )} s of counts since the last write${
        killRun.lastFlush ? '' : '; no write seen yet'
      })`,
    ),
    check(
      'usage: SIGTERM loses nothing',
      afterTerm === termRun.sent,
      `${termRun.sent} resolves, ${afterTerm} stored after a graceful stop`,
    ),
    secrets.check,
  ];
  return {
    drill: 'Usage counts when a replica dies (SIGKILL vs SIGTERM)',
    requests: recorder.samples.length,
    byStatus: Recorder.format(Recorder.byStatus(recorder.samples)),
    writesChecked: `uses counted: SIGKILL ${afterKill}/${
      killRun.sent
    } stored (${lost} lost, ${sinceFlush.toFixed(
      0,
    )} s since last write); SIGTERM ${afterTerm}/${termRun.sent}`,
    halfDone: '—',
    recoverySeconds: '—',
    secretsFound: secrets.found,
    checks,
    seconds: Math.round((Date.now() - begun) / 1000),
  };
}
