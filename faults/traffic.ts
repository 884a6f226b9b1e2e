// Requests the drills send, every answer recorded: status, time, Retry-After,
// and each error body kept for the secret scan.
import { randomBytes } from 'node:crypto';

export const API = '/api/integrations';
/** Client-side limit per request: an answer later than this counts as a hang. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Every credential value the suite writes starts with this, so a leak is found by grep. */
export const CANARY = `canary-${randomBytes(6).toString('hex')}`;

export type Kind = 'resolve' | 'list' | 'create' | 'other';
export type Outcome = number | 'timeout' | 'network';

export interface Sample {
  kind: Kind;
  replica: string;
  outcome: Outcome;
  startedAt: number;
  ms: number;
  retryAfter?: string;
}

export interface Target {
  name: string;
  url: string;
}

export interface Answer {
  outcome: Outcome;
  body: string;
  json?: any;
}

/** The body of integration `tag #i`: its own project, two URLs, two credentials. */
export function integrationBody(tag: string, i: number) {
  return {
    name: `fault ${tag} ${i}`,
    type: 'payments',
    description: `Fault suite ${tag}`,
    owner: 'group:default/team-1',
    urls: [
      { url: `https://api-${i}.${tag}.example/v1` },
      { url: `https://status.${tag}.example/${i}` },
    ],
    projects: [projectOf(tag, i)],
    credentials: [
      { key: 'API_KEY', value: `${CANARY}-${tag}-${i}-a` },
      { key: 'TOKEN', value: `${CANARY}-${tag}-${i}-b` },
    ],
  };
}

export function projectOf(tag: string, i: number) {
  return `component:default/faults-${tag}-${i}`;
}

export class Recorder {
  readonly samples: Sample[] = [];
  readonly errorBodies: string[] = [];

  async send(
    kind: Kind,
    target: Target,
    path: string,
    init: RequestInit = {},
  ): Promise<Answer> {
    const startedAt = Date.now();
    let outcome: Outcome;
    let body = '';
    let retryAfter: string | undefined;
    try {
      const res = await fetch(`${target.url}${path}`, {
        ...init,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      body = await res.text();
      outcome = res.status;
      retryAfter = res.headers.get('retry-after') ?? undefined;
    } catch (error) {
      const name = (error as Error).name;
      outcome =
        name === 'TimeoutError' || name === 'AbortError'
          ? 'timeout'
          : 'network';
    }
    this.samples.push({
      kind,
      replica: target.name,
      outcome,
      startedAt,
      ms: Date.now() - startedAt,
      retryAfter,
    });
    if (typeof outcome === 'number' && outcome >= 400)
      this.errorBodies.push(body);
    let json: any;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    return { outcome, body, json };
  }

  /** Answers grouped by status ("200: 812, 503: 40, network: 3"). */
  static byStatus(samples: Sample[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const s of samples)
      counts[String(s.outcome)] = (counts[String(s.outcome)] ?? 0) + 1;
    return counts;
  }

  static format(counts: Record<string, number>): string {
    return (
      Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ') || 'none'
    );
  }
}

export const isOk = (o: Outcome) =>
  typeof o === 'number' && o >= 200 && o < 300;

/** Runs `step` in `workers` loops until stopped; each loop pauses `pauseMs` between requests. */
export function loop(
  workers: number,
  pauseMs: number,
  step: (worker: number) => Promise<unknown>,
) {
  let running = true;
  const done = Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (running) {
        await step(worker);
        await new Promise(r => setTimeout(r, pauseMs));
      }
    }),
  );
  return async () => {
    running = false;
    await done;
  };
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
