// Drill (b): SIGKILL one replica during 50 parallel creates spread over both;
// the survivor serves and runs the scheduled tasks; when the dead one comes
// back, a triggered task runs once, not twice.
import fs from 'node:fs';
import { check, Row, Suite } from '../suite';
import { headersFor, Replica } from '../replicas';
import {
  API,
  integrationBody,
  isOk,
  Recorder,
  sleep,
  Target,
} from '../traffic';
import { checkWrites, Write } from '../verify';

const TASKS_TABLE = 'backstage_backend_tasks__tasks';
/** Logged once per run of the re-encryption task (plugins/integrations-backend/src/service/maintenance.ts). */
const REENCRYPT_LINE = 'Integrations credentials per encryption key';

interface TaskRow {
  id: string;
  settings_json: string;
  current_run_ticket: string | null;
  last_run_ended_at: Date | null;
}

export async function taskRows(suite: Suite): Promise<TaskRow[]> {
  return suite
    .db()(TASKS_TABLE)
    .select('id', 'settings_json', 'current_run_ticket', 'last_run_ended_at');
}

/** A task's initial delay in ms, from its stored settings (ISO 8601 like PT2M). */
function initialDelayMs(row: TaskRow): number {
  const iso = JSON.parse(row.settings_json).initialDelayDuration ?? 'PT0S';
  const [, h, m, s] =
    /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso) ?? [];
  return ((Number(h ?? 0) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000;
}

export interface TriggerResult {
  ran: string[];
  notRun: string[];
  /** Not waited for: in their initial delay on every live replica until past `maxWaitMs`. */
  delayed: string[];
}

/**
 * Triggers the plugin's tasks through a replica's scheduler API and waits until
 * each has run. A replica's worker for a task starts looking for work only
 * after the task's initial delay (up to 2 min here): a task is waited for when
 * some live replica's delay for it ends within `maxWaitMs`.
 */
export async function triggerAndWait(
  suite: Suite,
  through: Target,
  recorder: Recorder,
  options: { ids?: string[]; maxWaitMs: number },
): Promise<TriggerResult> {
  const all = await taskRows(suite);
  const rows0 = all.filter(t => !options.ids || options.ids.includes(t.id));
  const before = new Map(
    rows0.map(t => [t.id, t.last_run_ended_at?.getTime() ?? 0]),
  );
  const asked = Date.now();
  for (const id of before.keys()) {
    const answer = await recorder.send(
      'other',
      through,
      `${API}/.backstage/scheduler/v1/tasks/${encodeURIComponent(id)}/trigger`,
      { method: 'POST', headers: suite.user },
    );
    if (!isOk(answer.outcome))
      console.log(
        `[faults]   trigger ${id}: ${answer.outcome} ${answer.body.slice(
          0,
          200,
        )}`,
      );
  }
  const live = suite.replicas.filter(r => r.alive());
  // A worker looks for due tasks once its initial delay has passed, then every
  // 5 s: the first live replica's first look after its delay.
  const dueAt = (t: TaskRow) =>
    Math.min(...live.map(r => r.readyAt + initialDelayMs(t))) + 5_000;
  // Tasks that come due within the wait are waited for, each up to 20 s past
  // its due time (or past the trigger) for the run itself.
  const expected = rows0.filter(t => dueAt(t) <= asked + options.maxWaitMs);
  const until = Math.max(
    asked,
    ...expected.map(t => Math.max(asked, dueAt(t)) + 20_000),
  );
  let rows = rows0;
  const hasRun = (id: string) => {
    const row = rows.find(t => t.id === id);
    return (row?.last_run_ended_at?.getTime() ?? 0) > before.get(id)!;
  };
  while (expected.some(t => !hasRun(t.id)) && Date.now() < until) {
    await sleep(1000);
    rows = (await taskRows(suite)).filter(t => before.has(t.id));
  }
  const ids = rows0.map(t => t.id);
  const waitedFor = new Set(expected.map(t => t.id));
  return {
    ran: ids.filter(hasRun),
    notRun: ids.filter(id => !hasRun(id) && waitedFor.has(id)),
    delayed: ids.filter(id => !hasRun(id) && !waitedFor.has(id)),
  };
}

const logLength = (r: Replica) =>
  fs.existsSync(r.logFile) ? fs.statSync(r.logFile).size : 0;
const linesSince = (r: Replica, offset: number, text: string) =>
  fs
    .readFileSync(r.logFile, 'utf8')
    .slice(offset)
    .split('\n')
    .filter(l => l.includes(text)).length;

export async function killDrill(suite: Suite): Promise<Row> {
  const begun = Date.now();
  const recorder = new Recorder();
  const [a, b] = suite.replicas;
  const tag = `kill${begun % 100000}`;
  const writes: Write[] = [];
  let answeredByA = 0;
  let killedAt = '';
  const inFlight = Array.from({ length: 50 }, async (_, i) => {
    const target = i % 2 === 0 ? a : b;
    await suite.create(recorder, target, tag, i, writes);
    if (target === a) answeredByA += 1;
  });
  // Kill once A has answered a few: the rest of its creates are in flight.
  const tasksAtKill = await taskRows(suite);
  const waitUntil = Date.now() + 5000;
  while (answeredByA < 3 && Date.now() < waitUntil) await sleep(2);
  killedAt = `${answeredByA} of its 25 answered, ${writes.length} of 50 in all`;
  await a.kill();
  await Promise.all(inFlight);

  // The survivor keeps serving resolve, list and creates for 5 s.
  const survivor = new Recorder();
  const until = Date.now() + 5000;
  let extra = 0;
  while (Date.now() < until) {
    const i = 1000 + extra++;
    await suite.create(survivor, b, tag, i, writes);
    await survivor.send('list', b, `${API}/integrations?limit=20`, {
      headers: suite.user,
    });
    await survivor.send(
      'resolve',
      b,
      `${API}/resolve?project=${encodeURIComponent(
        integrationBody(tag, i).projects[0],
      )}`,
      { headers: headersFor.resolver },
    );
  }
  const survivorFailed = survivor.samples.filter(s => !isOk(s.outcome)).length;

  const onSurvivor = await triggerAndWait(suite, b, recorder, {
    maxWaitMs: suite.options.ci ? 40_000 : 150_000,
  });

  // The dead replica comes back; one trigger must give one run across both.
  const back = await suite.startSlot(0);
  const offsets = new Map([back, b].map(r => [r, logLength(r)]));
  const afterReturn = await triggerAndWait(suite, back, recorder, {
    maxWaitMs: 40_000,
  });
  await sleep(6000);
  const reencryptRuns = [back, b].reduce(
    (n, r) => n + linesSince(r, offsets.get(r)!, REENCRYPT_LINE),
    0,
  );

  const writesCheck = await checkWrites({
    db: suite.db(),
    writes,
    recorder: new Recorder(),
    target: b,
  });
  suite.acknowledged.push(...writes.filter(w => isOk(w.outcome)));
  const all = [...recorder.samples, ...survivor.samples];
  recorder.errorBodies.push(...survivor.errorBodies);
  const secrets = suite.secretCheck('kill', recorder);
  const held = tasksAtKill.filter(t => t.current_run_ticket).map(t => t.id);
  const checks = [
    check(
      'kill: every acknowledged write present exactly once, whole, with its values',
      writesCheck.acknowledgedPresent === writesCheck.acknowledged &&
        writesCheck.duplicated === 0 &&
        writesCheck.missing === 0,
      `${writesCheck.acknowledgedPresent}/${writesCheck.acknowledged} present, ${writesCheck.missing} missing, ${writesCheck.duplicated} duplicated (A killed with ${killedAt})`,
    ),
    check(
      'kill: no half-done write',
      writesCheck.halfDone === 0 && writesCheck.unacknowledgedPartial === 0,
      `${writesCheck.halfDone} half done; of ${writesCheck.unacknowledged} cut-off creates ${writesCheck.unacknowledgedApplied} stored whole, ${writesCheck.unacknowledgedPartial} partly`,
    ),
    check(
      'kill: the survivor keeps serving',
      survivorFailed === 0 && survivor.samples.length > 0,
      `${survivor.samples.length - survivorFailed}/${
        survivor.samples.length
      } answers 2xx in 5 s after the kill`,
    ),
    check(
      'kill: scheduled tasks run on the survivor',
      onSurvivor.notRun.length === 0,
      `ran: ${onSurvivor.ran.join(', ') || 'none'}; not run: ${
        onSurvivor.notRun.join(', ') || 'none'
      }; still in their initial delay on the survivor: ${
        onSurvivor.delayed.join(', ') || 'none'
      }; running on the killed replica when it died: ${
        held.join(', ') || 'none'
      }`,
    ),
    check(
      'kill: after the return, a triggered task runs once, not twice',
      afterReturn.notRun.length === 0 && reencryptRuns === 1,
      `${afterReturn.ran.length} tasks ran (${afterReturn.delayed.length} in initial delay); re-encryption logged ${reencryptRuns} run(s) across both replicas`,
    ),
    secrets.check,
  ];
  return {
    drill: 'SIGKILL of one replica during 50 parallel creates over both',
    requests: all.length,
    byStatus: Recorder.format(Recorder.byStatus(all)),
    writesChecked: `${writesCheck.acknowledgedPresent}/${writesCheck.acknowledged} 2xx present once; ${writesCheck.unacknowledged} cut off: ${writesCheck.unacknowledgedApplied} whole, ${writesCheck.unacknowledgedPartial} partial`,
    halfDone: writesCheck.halfDone,
    recoverySeconds: '0 (survivor never stopped)',
    secretsFound: secrets.found,
    checks,
    seconds: Math.round((Date.now() - begun) / 1000),
  };
}
