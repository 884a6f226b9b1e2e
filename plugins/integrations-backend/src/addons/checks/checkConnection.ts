import {
  CheckStatus,
  ConnectionCheckResult,
} from '@integrations-hub/backstage-plugin-integrations-common';
import {
  fillTemplate,
  MissingCredentialError,
} from '../../core/net/authTemplate';
import { CheckDefinition, statusMatches } from './definition';
import { SafeFetch, SafeFetchError } from './safeFetch';

export type { CheckStatus } from '@integrations-hub/backstage-plugin-integrations-common';

/** The outcome of checking one URL: never a response body or a credential. The trigger is the stored history's. */
export type CheckResult = Omit<ConnectionCheckResult, 'trigger'>;

/** What a check needs of an integration (saved or a draft): values are used once. */
interface CheckTarget {
  urls: Array<{ url: string }>;
  credentials: Record<string, string>;
}

/** Checks every URL the definition selects, one after another. */
export async function checkConnection(
  definition: CheckDefinition,
  target: CheckTarget,
  fetcher: SafeFetch,
  now: () => Date = () => new Date(),
): Promise<CheckResult[]> {
  const indexes =
    definition.urlIndex === undefined
      ? target.urls.map((_, i) => i)
      : [definition.urlIndex];
  if (!indexes.length) {
    return [failure(0, '', 'error', 'the integration has no URL', now)];
  }
  const results: CheckResult[] = [];
  for (const index of indexes) {
    const result = await checkOne(definition, target, index, fetcher, now);
    results.push(scrub(result, target.credentials));
  }
  return results;
}

async function checkOne(
  definition: CheckDefinition,
  target: CheckTarget,
  index: number,
  fetcher: SafeFetch,
  now: () => Date,
): Promise<CheckResult> {
  const base = target.urls[index]?.url;
  if (base === undefined) {
    return failure(
      index,
      '',
      'error',
      `the check uses URL #${index + 1}, but the integration has ${
        target.urls.length
      }`,
      now,
    );
  }
  let shown: URL;
  try {
    shown = withPath(base, definition.path);
  } catch {
    return failure(index, '', 'error', 'not a valid URL', now);
  }
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const { url, headers } = applyAuth(definition, shown, target.credentials);
    const response = await fetcher.fetch({
      url: url.toString(),
      method: definition.method,
      headers,
      readBody: definition.jsonField !== undefined,
    });
    const latencyMs = elapsed();
    const verdict = judge(definition, response);
    return {
      urlIndex: index,
      url: shown.toString(),
      status: verdict.healthy ? 'healthy' : 'unhealthy',
      httpStatus: response.status,
      latencyMs,
      reason: verdict.reason,
      checkedAt: now().toISOString(),
    };
  } catch (error) {
    const latencyMs = elapsed();
    if (error instanceof MissingCredentialError) {
      return failure(index, shown.toString(), 'error', error.message, now);
    }
    if (error instanceof SafeFetchError) {
      // A refused target is a configuration problem; a timeout is the service failing.
      const status = error.kind === 'refused' ? 'error' : 'unhealthy';
      return {
        ...failure(index, shown.toString(), status, error.message, now),
        latencyMs,
      };
    }
    return failure(index, shown.toString(), 'error', 'the check failed', now);
  }
}

function withPath(base: string, path: string | undefined): URL {
  const url = new URL(base);
  if (!path) return url;
  const [pathname, query] = path.split(/\?(.*)/s, 2);
  url.pathname = `${url.pathname.replace(/\/$/, '')}${pathname}`;
  if (query !== undefined) url.search = query;
  return url;
}

function applyAuth(
  definition: CheckDefinition,
  shown: URL,
  credentials: Record<string, string>,
): { url: URL; headers: Record<string, string> } {
  const { auth } = definition;
  const url = new URL(shown.toString());
  const headers: Record<string, string> = {};
  if (auth.type === 'header') {
    headers[auth.name] = fillTemplate(auth.value, credentials);
  } else if (auth.type === 'basic') {
    const user = fillTemplate(`{${auth.usernameKey}}`, credentials);
    const password = fillTemplate(`{${auth.passwordKey}}`, credentials);
    headers.Authorization = `Basic ${Buffer.from(
      `${user}:${password}`,
    ).toString('base64')}`;
  } else if (auth.type === 'query') {
    url.searchParams.set(auth.name, fillTemplate(auth.value, credentials));
  }
  if (definition.jsonField) headers.Accept = 'application/json';
  return { url, headers };
}

function judge(
  definition: CheckDefinition,
  response: { status: number; body?: Buffer; truncated: boolean },
): { healthy: boolean; reason: string } {
  const expected = definition.healthyStatus.join(', ');
  if (!statusMatches(response.status, definition.healthyStatus)) {
    const rejected =
      response.status === 401 || response.status === 403
        ? ': the credential was rejected'
        : '';
    return {
      healthy: false,
      reason: `HTTP ${response.status}, expected ${expected}${rejected}`,
    };
  }
  const field = definition.jsonField;
  if (!field) return { healthy: true, reason: `HTTP ${response.status}` };
  if (response.truncated) {
    return {
      healthy: false,
      reason: `HTTP ${response.status}, but the response is too large to read JSON field ${field.path}`,
    };
  }
  let value: unknown;
  try {
    value = field.path
      .split('.')
      .reduce<any>(
        (node, part) =>
          node && typeof node === 'object' ? node[part] : undefined,
        JSON.parse(response.body?.toString('utf8') ?? ''),
      );
  } catch {
    return {
      healthy: false,
      reason: `HTTP ${response.status}, but the response is not JSON`,
    };
  }
  // The reason never quotes the value found: it is part of the response body.
  return value === field.equals
    ? {
        healthy: true,
        reason: `HTTP ${response.status}, ${field.path} as expected`,
      }
    : {
        healthy: false,
        reason: `HTTP ${response.status}, but JSON field ${field.path} is not the expected value`,
      };
}

function failure(
  urlIndex: number,
  url: string,
  status: CheckStatus,
  reason: string,
  now: () => Date,
): CheckResult {
  return {
    urlIndex,
    url,
    status,
    latencyMs: 0,
    reason,
    checkedAt: now().toISOString(),
  };
}

/** Last line of defence: no credential value leaves in a URL or reason. */
function scrub(
  result: CheckResult,
  credentials: Record<string, string>,
): CheckResult {
  let { url, reason } = result;
  for (const value of Object.values(credentials)) {
    if (value.length < 4) continue;
    for (const form of [value, encodeURIComponent(value)]) {
      url = url.split(form).join('***');
      reason = reason.split(form).join('***');
    }
  }
  return { ...result, url, reason: reason.slice(0, 300) };
}
