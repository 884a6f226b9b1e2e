// Drill (a): PostgreSQL stops while resolve, list and creates run on both
// replicas, then starts again; the replicas are not restarted.
import { check, Row, Suite } from '../suite';
import { headersFor } from '../replicas';
import {
  API,
  integrationBody,
  isOk,
  loop,
  Recorder,
  REQUEST_TIMEOUT_MS,
  Sample,
  sleep,
} from '../traffic';
import { checkWrites, Write } from '../verify';

/** A failing answer after the database's return, per replica and kind, ends recovery. */
function recoverySeconds(samples: Sample[], back: number) {
  let last = back;
  for (const s of samples)
    if (s.startedAt + s.ms >= back && !isOk(s.outcome))
      last = Math.max(last, s.startedAt + s.ms);
  return (last - back) / 1000;
}

export async function outageDrill(suite: Suite, seconds: number): Promise<Row> {
  const begun = Date.now();
  const recorder = new Recorder();
  const [a, b] = suite.replicas;
  const targets = [a, b];
  const tag = `outage${begun % 100000}`;
  const writes: Write[] = [];
  let next = 0;
  // A project every replica resolves: the first acknowledged write of the drill.
  const seed = integrationBody(tag, next++);
  const first = await suite.create(recorder, a, tag, 0, writes);
  if (!isOk(first.outcome))
    throw new Error(`outage: seed create answered ${first.outcome}`);
  const resolvePath = `${API}/resolve?project=${encodeURIComponent(
    seed.projects[0],
  )}`;

  const stops = [
    loop(4, 100, w =>
      recorder.send('resolve', targets[w % 2], resolvePath, {
        headers: headersFor.resolver,
      }),
    ),
    loop(2, 100, w =>
      recorder.send('list', targets[w % 2], `${API}/integrations?limit=20`, {
        headers: suite.user,
      }),
    ),
    loop(2, 200, w =>
      suite.create(recorder, targets[w % 2], tag, next++, writes),
    ),
  ];
  let down = 0;
  let back = 0;
  try {
    await sleep(4000);
    down = Date.now();
    suite.pg.stop('fast');
    await sleep(seconds * 1000);
    suite.pg.start();
    back = Date.now();
    // Until every replica has answered each kind with 2xx for 3 s running, at most 60 s.
    const deadline = back + 60_000;
    for (;;) {
      await sleep(500);
      const settled = targets.every(t =>
        ['resolve', 'list', 'create'].every(kind => {
          const recent = recorder.samples.filter(
            s =>
              s.replica === t.name &&
              s.kind === kind &&
              s.startedAt >= Date.now() - 3000,
          );
          return recent.length > 0 && recent.every(s => isOk(s.outcome));
        }),
      );
      if (settled || Date.now() > deadline) break;
    }
    await sleep(2000);
  } finally {
    for (const stop of stops) await stop();
  }

  const samples = recorder.samples;
  const during = samples.filter(s => s.startedAt >= down && s.startedAt < back);
  const failing = during.filter(s => !isOk(s.outcome));
  const with503 = failing.filter(s => s.outcome === 503 && s.retryAfter);
  const count500 = samples.filter(s => s.outcome === 500).length;
  const timeouts = samples.filter(s => s.outcome === 'timeout').length;
  const slowest = Math.max(...samples.map(s => s.ms));
  const recovery = Math.max(
    ...targets.map(t =>
      recoverySeconds(
        samples.filter(s => s.replica === t.name),
        back,
      ),
    ),
  );
  const writesCheck = await checkWrites({
    db: suite.db(),
    writes,
    recorder: new Recorder(),
    target: b,
  });
  suite.acknowledged.push(...writes.filter(w => isOk(w.outcome)));
  const secrets = suite.secretCheck('outage', recorder);
  const checks = [
    check(
      'outage: failing answers are 503 with Retry-After',
      with503.length === failing.length,
      `${with503.length} of ${
        failing.length
      } failing answers during the outage (${Recorder.format(
        Recorder.byStatus(failing),
      )})`,
    ),
    check('outage: no 500', count500 === 0, `${count500} answers 500`),
    check(
      'outage: no request hangs past the client timeout',
      timeouts === 0 && slowest < REQUEST_TIMEOUT_MS,
      `${timeouts} timeouts, slowest answer ${slowest} ms (limit ${REQUEST_TIMEOUT_MS} ms)`,
    ),
    check(
      'outage: replicas recover by themselves within 10 s',
      recovery <= 10 && a.alive() && b.alive(),
      `last failing answer ${recovery.toFixed(1)} s after PostgreSQL was back`,
    ),
    check(
      'outage: every 2xx create stored once, whole, with its values',
      writesCheck.acknowledgedPresent === writesCheck.acknowledged &&
        writesCheck.duplicated === 0,
      `${writesCheck.acknowledgedPresent}/${writesCheck.acknowledged} present, ${writesCheck.missing} missing, ${writesCheck.duplicated} duplicated`,
    ),
    check(
      'outage: no half-done write',
      writesCheck.halfDone === 0 && writesCheck.unacknowledgedPartial === 0,
      `${writesCheck.halfDone} stored without URLs/credentials/project; of ${writesCheck.unacknowledged} failed creates ${writesCheck.unacknowledgedApplied} stored whole, ${writesCheck.unacknowledgedPartial} partly`,
    ),
    secrets.check,
  ];
  return {
    drill: `PostgreSQL stopped ${seconds} s (fast shutdown) under resolve, list and creates on 2 replicas`,
    requests: samples.length,
    byStatus: `${Recorder.format(
      Recorder.byStatus(samples),
    )} (during the outage: ${Recorder.format(Recorder.byStatus(during))})`,
    writesChecked: `${writesCheck.acknowledgedPresent}/${writesCheck.acknowledged} 2xx present; ${writesCheck.unacknowledged} failed: ${writesCheck.unacknowledgedApplied} whole, ${writesCheck.unacknowledgedPartial} partial`,
    halfDone: writesCheck.halfDone,
    recoverySeconds: recovery.toFixed(1),
    secretsFound: secrets.found,
    checks,
    seconds: Math.round((Date.now() - begun) / 1000),
  };
}
