// Drill (d): rotate the encryption key while resolve runs. Rolling, one
// replica at a time behind a balancer that takes a replica out before it
// stops: first every replica learns the new key, then every replica makes it
// primary, so no replica ever meets a value sealed with a key it lacks. Then
// the upkeep task rewraps every data key under the new key (envelope
// encryption: no credential row is rewritten).
import { randomBytes } from 'node:crypto';
import { check, Row, Suite } from '../suite';
import { headersFor, Key, Replica } from '../replicas';
import { API, isOk, loop, projectOf, Recorder, sleep } from '../traffic';
import { checkWrites, resolvesAsSent, Write } from '../verify';
import { triggerAndWait } from './kill';

export async function rotationDrill(suite: Suite): Promise<Row> {
  const begun = Date.now();
  const recorder = new Recorder();
  const tag = `rotate${begun % 100000}`;
  const oldKey = suite.keys[0];
  const newKey: Key = {
    id: `faults-${begun % 100000}`,
    secret: randomBytes(32).toString('base64'),
  };
  suite.secrets.add(newKey.secret);

  // The balancer: only replicas in rotation get requests.
  const inRotation = new Set<Replica>(suite.replicas);
  let turn = 0;
  const pick = () => {
    const live = [...inRotation];
    return live[turn++ % live.length];
  };
  const writes: Write[] = [];
  let next = 0;
  const projects: string[] = [];
  for (; next < 4; next++) {
    await suite.create(recorder, pick(), tag, next, writes);
    projects.push(projectOf(tag, next));
  }
  const stops = [
    loop(4, 50, w =>
      recorder.send(
        'resolve',
        pick(),
        `${API}/resolve?project=${encodeURIComponent(
          projects[w % projects.length],
        )}`,
        { headers: headersFor.resolver },
      ),
    ),
    // New values keep coming, sealed by whichever key is primary where they land.
    loop(1, 500, () => suite.create(recorder, pick(), tag, next++, writes)),
  ];
  const restarts: number[] = [];
  try {
    await sleep(2000);
    for (const keys of [
      [oldKey, newKey],
      [newKey, oldKey],
    ]) {
      suite.keys = keys;
      for (let slot = 0; slot < 2; slot++) {
        const old = suite.replicas[slot];
        inRotation.delete(old);
        // Let requests already sent to it finish (a balancer's drain).
        await sleep(1000);
        const t = Date.now();
        await old.stop();
        const fresh = await suite.startSlot(slot);
        restarts.push((Date.now() - t) / 1000);
        inRotation.add(fresh);
        await sleep(2000);
      }
    }
  } finally {
    for (const stop of stops) await stop();
  }
  // Envelope encryption: the upkeep rewraps data keys; credential rows stay as they are.
  const credentialRows = async () =>
    JSON.stringify(
      await suite
        .db()('integration_credentials')
        .select('integration_id', 'key', 'ciphertext')
        .orderBy(['integration_id', 'key']),
    );
  const rowsBefore = await credentialRows();
  const reencrypted = await triggerAndWait(
    suite,
    suite.replicas[0],
    new Recorder(),
    {
      ids: ['integrations-reencrypt-credentials'],
      maxWaitMs: 60_000,
    },
  );
  const rowsUnchanged = (await credentialRows()) === rowsBefore;
  const byKek: Array<{ kek_id: string; n: string }> = await suite
    .db()('integration_data_keys')
    .select('kek_id')
    .count({ n: '*' })
    .groupBy('kek_id');
  const onOld = Number(byKek.find(r => r.kek_id === oldKey.id)?.n ?? 0);
  // Values sealed directly under the old key (before envelope encryption) are moved too.
  const [{ n: direct }] = await suite
    .db()('integration_credentials')
    .where('key_id', oldKey.id)
    .count({ n: '*' });

  const writesCheck = await checkWrites({
    db: suite.db(),
    writes,
    recorder: new Recorder(),
    target: suite.replicas[1],
  });
  suite.acknowledged.push(...writes.filter(w => isOk(w.outcome)));
  let wrong = 0;
  const checker = new Recorder();
  for (const write of [...suite.acknowledged])
    if (!(await resolvesAsSent(checker, suite.replicas[1], write))) wrong += 1;

  const failed = recorder.samples.filter(s => !isOk(s.outcome));
  const resolves = recorder.samples.filter(s => s.kind === 'resolve');
  const secrets = suite.secretCheck('rotation', recorder);
  const checks = [
    check(
      'rotation: no request fails during a rolling key rotation',
      failed.length === 0,
      `${recorder.samples.length - failed.length}/${
        recorder.samples.length
      } answers 2xx (${
        resolves.length
      } resolves) over 4 rolling restarts (${restarts
        .map(s => s.toFixed(0))
        .join(', ')} s each)`,
    ),
    check(
      'rotation: the upkeep rewraps every data key under the new key and rewrites no credential row',
      reencrypted.ran.length === 1 &&
        onOld === 0 &&
        Number(direct) === 0 &&
        rowsUnchanged,
      `data keys per key-encryption key after the task: ${byKek
        .map(r => `${r.kek_id}=${r.n}`)
        .join(
          ', ',
        )}; values sealed directly under the old key: ${direct}; credential rows ${
        rowsUnchanged ? 'unchanged' : 'rewritten'
      }`,
    ),
    check(
      'rotation: every acknowledged value still resolves as written',
      wrong === 0 && writesCheck.halfDone === 0,
      `${suite.acknowledged.length - wrong}/${
        suite.acknowledged.length
      } resolve as sent`,
    ),
    secrets.check,
  ];
  return {
    drill:
      'Encryption key rotation, rolling restarts (new key added, then made primary) under resolve and creates',
    requests: recorder.samples.length,
    byStatus: Recorder.format(Recorder.byStatus(recorder.samples)),
    writesChecked: `${suite.acknowledged.length - wrong}/${
      suite.acknowledged.length
    } acknowledged values of all drills resolve as sent`,
    halfDone: writesCheck.halfDone,
    recoverySeconds: `0 (restarts ${restarts
      .map(s => s.toFixed(0))
      .join('/')} s, out of rotation)`,
    secretsFound: secrets.found,
    checks,
    seconds: Math.round((Date.now() - begun) / 1000),
  };
}
