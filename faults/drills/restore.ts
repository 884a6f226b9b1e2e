// Drill (c): pg_dump of the live database plus the keyring, restored into a
// fresh database under a fresh backend: every value resolves. The same dump
// under a keyring that lacks the key, and under one whose key has the right id
// but the wrong secret: the backend names the key id, returns no value that is
// not the one written, and answers no 500 with a stack.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { check, Row, Suite } from '../suite';
import { headersFor, Key, Replica, userToken } from '../replicas';
import {
  API,
  CANARY,
  integrationBody,
  isOk,
  projectOf,
  Recorder,
} from '../traffic';
import { resolvesAsSent, Write } from '../verify';

const STACK = /\n\s+at |"stack"/;

interface KeyProbe {
  resolves: number;
  /** Resolve answers whose `failed` entries name the key id the values were sealed with. */
  namingKey: number;
  valuesReturned: number;
  revealStatus: string;
  revealNamesKey: boolean;
  withStack: number;
  startedOk: boolean;
  startLog: string;
}

/** Resolves a sample of projects and reveals one value under a keyring that cannot open them. */
async function probeWrongKeyring(
  suite: Suite,
  recorder: Recorder,
  restored: Replica,
  sample: Write[],
  keyIds: string[],
): Promise<KeyProbe> {
  const probe: KeyProbe = {
    resolves: 0,
    namingKey: 0,
    valuesReturned: 0,
    revealStatus: '',
    revealNamesKey: false,
    withStack: 0,
    startedOk: true,
    startLog: '',
  };
  const names = (text: string) =>
    keyIds.some(id => text.includes(`"${id}"`) || text.includes(id));
  for (const write of sample) {
    const answer = await recorder.send(
      'resolve',
      restored,
      `${API}/resolve?project=${encodeURIComponent(
        projectOf(write.tag, write.i),
      )}`,
      { headers: headersFor.resolver },
    );
    probe.resolves += 1;
    if (STACK.test(answer.body)) probe.withStack += 1;
    if (answer.body.includes(CANARY)) probe.valuesReturned += 1;
    const failed: Array<{ reason?: string }> = answer.json?.failed ?? [];
    if (
      isOk(answer.outcome) &&
      failed.length > 0 &&
      failed.every(f => names(f.reason ?? ''))
    )
      probe.namingKey += 1;
  }
  const token = await userToken(restored.url);
  // Ids are the same in the copy as in the live database.
  const [row] = await suite
    .db()('integrations')
    .select('id')
    .where('name', integrationBody(sample[0].tag, sample[0].i).name);
  const reveal = await recorder.send(
    'other',
    restored,
    `${API}/integrations/${row.id}/credentials/API_KEY/reveal`,
    { method: 'POST', headers: headersFor.user(token) },
  );
  probe.revealStatus = String(reveal.outcome);
  probe.revealNamesKey = names(reveal.body);
  if (STACK.test(reveal.body)) probe.withStack += 1;
  if (reveal.body.includes(CANARY)) probe.valuesReturned += 1;
  return probe;
}

export async function restoreDrill(suite: Suite): Promise<Row> {
  const begun = Date.now();
  const recorder = new Recorder();
  const { scratch, prefix, ports } = suite.options;
  const dumpFile = path.join(scratch, 'integrations.sql');
  const live = `${prefix}integrations`;
  const restoredPrefix = `${prefix}r_`;
  // The backup: a dump taken while both replicas serve, and the keyring in use.
  suite.pg.dump(live, dumpFile);
  const keyring = [...suite.keys];
  suite.pg.restore(`${restoredPrefix}integrations`, dumpFile);

  const acknowledged = [...suite.acknowledged];
  let restored = await suite.start('restored', ports[2], {
    prefix: restoredPrefix,
    keys: keyring,
  });
  let wrong = 0;
  for (const write of acknowledged)
    if (!(await resolvesAsSent(recorder, restored, write))) wrong += 1;
  await restored.stop();

  const sample = acknowledged.slice(0, 20);
  const inUse = keyring.map(k => k.id);
  const probes: Record<string, KeyProbe> = {};
  const variants: Array<[string, Key[]]> = [
    // A keyring without any key the values were sealed with.
    [
      'missing key',
      [
        {
          id: `faults-other-${begun % 1000}`,
          secret: randomBytes(32).toString('base64'),
        },
      ],
    ],
    // The same key ids with other secrets (a copied config with a typo, a wrong vault entry).
    [
      'wrong key',
      keyring.map(k => ({
        id: k.id,
        secret: randomBytes(32).toString('base64'),
      })),
    ],
  ];
  for (const [name, keys] of variants) {
    try {
      restored = await suite.start(
        `restored-${name.replace(' ', '-')}`,
        ports[2],
        {
          prefix: restoredPrefix,
          keys,
        },
      );
    } catch (error) {
      // Refusing to start is allowed if the log names the key id.
      probes[name] = {
        resolves: 0,
        namingKey: 0,
        valuesReturned: 0,
        revealStatus: 'not started',
        revealNamesKey: false,
        withStack: 0,
        startedOk: false,
        startLog: String(error),
      };
      continue;
    }
    try {
      probes[name] = await probeWrongKeyring(
        suite,
        recorder,
        restored,
        sample,
        inUse,
      );
    } finally {
      await restored.stop();
    }
  }

  const secrets = suite.secretCheck('restore', recorder);
  const describe = (p: KeyProbe) =>
    p.startedOk
      ? `resolve names the key id in ${p.namingKey}/${
          p.resolves
        } answers; reveal ${p.revealStatus}${
          p.revealNamesKey ? ' naming the key id' : ' without the key id'
        }; values returned ${p.valuesReturned}; answers with a stack ${
          p.withStack
        }`
      : `did not start: ${p.startLog.slice(0, 200)}`;
  const missing = probes['missing key'];
  const badSecret = probes['wrong key'];
  const namesKey = (p: KeyProbe) => p.startedOk && p.namingKey === p.resolves;
  const safe = (p: KeyProbe) => p.valuesReturned === 0 && p.withStack === 0;
  const checks = [
    check(
      'restore: every value resolves under a fresh backend with the keyring',
      wrong === 0,
      `${acknowledged.length - wrong}/${
        acknowledged.length
      } acknowledged writes of all drills resolve as sent`,
    ),
    check(
      'restore, missing key: resolve names the key id it lacks',
      namesKey(missing),
      describe(missing),
    ),
    check(
      'restore, missing key: reveal names the key id it lacks',
      missing.startedOk && missing.revealNamesKey,
      `reveal answered ${missing.revealStatus}`,
    ),
    check(
      'restore, missing key: no value, no stack',
      safe(missing),
      describe(missing),
    ),
    check(
      'restore, wrong key: resolve names the key id that does not open the values',
      namesKey(badSecret),
      describe(badSecret),
    ),
    check(
      'restore, wrong key: no value, no stack',
      safe(badSecret),
      describe(badSecret),
    ),
    secrets.check,
  ];
  return {
    drill:
      'Restore: pg_dump of the live database + keyring into a fresh database under a fresh backend; then a missing and a wrong key',
    requests: recorder.samples.length,
    byStatus: Recorder.format(Recorder.byStatus(recorder.samples)),
    writesChecked: `${acknowledged.length - wrong}/${
      acknowledged.length
    } resolve as sent after restore`,
    halfDone: '—',
    recoverySeconds: '—',
    secretsFound: secrets.found,
    checks,
    seconds: Math.round((Date.now() - begun) / 1000),
  };
}
