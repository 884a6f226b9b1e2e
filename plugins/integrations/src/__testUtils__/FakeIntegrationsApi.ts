import { ResponseError } from '@backstage/errors';
import {
  CredentialVersion,
  Integration,
  ImportPreview,
  ImportResult,
  IntegrationInput,
  IntegrationEvent,
  IntegrationList,
  IntegrationType,
  IntegrationUpdate,
  UsageList,
  ListIntegrationsQuery,
  ProjectAssignment,
  describeValidationError,
  integrationInputSchema,
  ConnectionCheckDraft,
  ConnectionCheckRun,
  ConnectionChecks,
  OAuthSettings,
  OAuthSettingsUpdate,
  ProxySettings,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { assignedProjects } from '../assignments';
import {
  ExportFormat,
  IntegrationFilters,
  IntegrationsApi,
} from '../api/IntegrationsApi';

const DAY_MS = 24 * 3600 * 1000;

/** Whether a credential of `integration` expired, or expires within `days` (and has not yet). */
function expiryMatches(
  integration: Integration,
  query: IntegrationFilters,
  now = Date.now(),
) {
  const times = integration.credentials
    .filter(c => c.expiresAt)
    .map(c => Date.parse(c.expiresAt!));
  if (query.expired && !times.some(t => t <= now)) return false;
  if (
    query.expiresWithinDays !== undefined &&
    !times.some(t => t > now && t <= now + query.expiresWithinDays! * DAY_MS)
  )
    return false;
  return true;
}

export const TYPES: IntegrationType[] = [
  { id: 'ai', title: 'AI', icon: 'ai' },
  {
    id: 'payments',
    title: 'Payments',
    icon: 'payments',
    rotationPeriodDays: 30,
  },
];

/** An integration as the server presents it; `assignments` follow `projects` unless given. */
export function makeIntegration(
  overrides: Partial<Integration> = {},
): Integration {
  const projects = overrides.projects ?? ['component:default/checkout'];
  return {
    id: 'int-1',
    name: 'Stripe',
    type: 'payments',
    owner: 'user:default/alice',
    urls: [{ url: 'https://api.stripe.example/v1' }],
    projects,
    assignments: projects.map(entityRef => ({
      entityRef,
      assignedAt: '2026-01-01T00:00:00.000Z',
      assignedBy: 'user:default/alice',
      active: true,
    })),
    credentials: [
      {
        key: 'SECRET_KEY',
        hasValue: true,
        createdAt: '2026-01-01T00:00:00.000Z',
        rotatedAt: '2026-01-01T00:00:00.000Z',
        rotationState: 'ok',
      },
    ],
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'user:default/alice',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'user:default/alice',
    version: 1,
    ...overrides,
  };
}

async function errorResponse(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: name,
        headers: { 'Content-Type': 'application/json' },
      },
    ) as any,
  );
}

/** An in-memory IntegrationsApi for component tests; filters like the backend does. */
export class FakeIntegrationsApi implements IntegrationsApi {
  items: Integration[];
  secrets: Record<string, string> = { SECRET_KEY: 'sk_test_revealed' };
  conflictOnUpdate = false;
  /** When set, create answers 400 with this message, as the backend's validation does. */
  rejectCreateWith?: string;
  listCalls: ListIntegrationsQuery[] = [];
  /** Each import request, in order. */
  importCalls: Array<{ integrations: IntegrationInput[]; dryRun: boolean }> =
    [];
  /** Each export request, in order. */
  exportCalls: Array<{ format: ExportFormat; filters: IntegrationFilters }> =
    [];
  /** Names the server refuses on import, as if they existed already (a server-side rule). */
  existingNames: string[] = [];
  /** The abort signal of each list call, in order. */
  listSignals: Array<AbortSignal | undefined> = [];
  created: IntegrationInput[] = [];
  updated: Array<{ id: string; update: IntegrationUpdate }> = [];
  /** Kept values per integration id; the current one is derived from the credential. */
  versions: Record<string, CredentialVersion[]> = {};
  usage: Record<string, UsageList> = {};
  rollbacks: Array<{ id: string; key: string; version: number }> = [];
  /** What the server's read decision lets the caller list (`access` of a list answer). */
  access: IntegrationList['access'] = 'all';

  constructor(items: Integration[] = []) {
    this.items = items;
  }

  async listIntegrationTypes() {
    return TYPES;
  }

  async listIntegrations(
    query: ListIntegrationsQuery,
    options: { signal?: AbortSignal } = {},
  ): Promise<IntegrationList> {
    this.listCalls.push(query);
    this.listSignals.push(options.signal);
    const q = query.q?.toLowerCase();
    const base = this.items.filter(
      i =>
        (!query.project || assignedProjects(i).includes(query.project)) &&
        (!query.unused || i.unused) &&
        expiryMatches(i, query) &&
        (!q ||
          i.name.toLowerCase().includes(q) ||
          i.credentials.some(c => c.key.toLowerCase().includes(q))),
    );
    const typeCounts: Record<string, number> = {};
    base.forEach(i => (typeCounts[i.type] = (typeCounts[i.type] ?? 0) + 1));
    const filtered = query.type?.length
      ? base.filter(i => query.type!.includes(i.type))
      : base;
    // Cursors here are positions in the filtered list, as opaque to the page as the server's.
    const start = query.cursor ? Number(query.cursor.slice(1)) : 0;
    const limit = query.limit ?? 50;
    return {
      items: filtered.slice(start, start + limit),
      totalCount: filtered.length,
      typeCounts,
      countsCapped: false,
      nextCursor:
        start + limit < filtered.length ? `p${start + limit}` : undefined,
      limit,
      access: this.access,
    };
  }

  /** Row errors as the backend gives them: the shared validation, then its own rules. */
  private importRows(integrations: IntegrationInput[]) {
    return integrations.map((input, index) => {
      const parsed = integrationInputSchema.safeParse(input);
      const errors = parsed.success
        ? []
        : describeValidationError(parsed.error)
            .split('; ')
            .map(text => {
              const [field, ...message] = text.split(': ');
              return { field, message: message.join(': ') };
            });
      if (this.existingNames.includes(input.name))
        errors.push({ field: 'name', message: 'already exists' });
      return { index, name: String(input.name ?? ''), errors };
    });
  }

  importIntegrations(
    integrations: IntegrationInput[],
    options: { dryRun: true },
  ): Promise<ImportPreview>;
  importIntegrations(
    integrations: IntegrationInput[],
    options: { dryRun: false },
  ): Promise<ImportResult>;
  async importIntegrations(
    integrations: IntegrationInput[],
    options: { dryRun: boolean },
  ): Promise<ImportPreview | ImportResult> {
    this.importCalls.push({ integrations, dryRun: options.dryRun });
    const rows = this.importRows(integrations);
    if (options.dryRun) return { rows };
    const bad = rows.filter(row => row.errors.length);
    if (bad.length)
      throw await errorResponse(
        400,
        'InputError',
        `rows ${bad.map(row => row.index).join(', ')} are invalid`,
      );
    const created = integrations.map((input, n) => {
      const integration = makeIntegration({
        ...input,
        id: `imported-${this.items.length + n + 1}`,
        credentials: [],
      });
      return integration;
    });
    this.items.push(...created);
    return { created: created.map(({ id, name }) => ({ id, name })) };
  }

  async exportIntegrations(format: ExportFormat, filters: IntegrationFilters) {
    this.exportCalls.push({ format, filters });
    const { items } = await this.listIntegrations({ ...filters, limit: 200 });
    return new Blob(
      [
        format === 'json'
          ? JSON.stringify(items)
          : items.map(i => i.name).join('\n'),
      ],
      { type: format === 'json' ? 'application/json' : 'text/csv' },
    );
  }

  async getIntegration(id: string) {
    const found = this.items.find(i => i.id === id);
    if (!found)
      throw await errorResponse(
        404,
        'NotFoundError',
        `Integration ${id} not found`,
      );
    return found;
  }

  async createIntegration(input: IntegrationInput) {
    if (this.rejectCreateWith)
      throw await errorResponse(400, 'InputError', this.rejectCreateWith);
    this.created.push(input);
    const integration = makeIntegration({
      ...input,
      id: `int-${this.items.length + 1}`,
      credentials: [],
    });
    this.items.push(integration);
    return integration;
  }

  async updateIntegration(id: string, update: IntegrationUpdate) {
    if (this.conflictOnUpdate)
      throw await errorResponse(409, 'ConflictError', 'changed');
    this.updated.push({ id, update });
    const current = await this.getIntegration(id);
    const next = {
      ...current,
      name: update.name,
      version: current.version + 1,
    };
    this.items = this.items.map(i => (i.id === id ? next : i));
    return next;
  }

  async deleteIntegration(id: string) {
    this.items = this.items.filter(i => i.id !== id);
  }

  async revealCredential(_id: string, key: string) {
    return { key, value: this.secrets[key] };
  }

  /** History per integration id; one rotation when none is set. */
  events: Record<string, IntegrationEvent[]> = {};

  async listIntegrationEvents(id: string): Promise<IntegrationEvent[]> {
    return (
      this.events[id] ?? [
        {
          id: '1',
          integrationId: id,
          at: '2026-01-02T00:00:00.000Z',
          actor: 'user:default/alice',
          action: 'credential.rotated' as const,
          detail: { key: 'SECRET_KEY' },
        },
      ]
    );
  }

  private assignment(id: string, project: string) {
    const integration = this.items.find(i => i.id === id);
    return integration?.assignments?.find(a => a.entityRef === project);
  }

  async pauseProjectAssignment(id: string, project: string, reason?: string) {
    const found = this.assignment(id, project);
    if (!found)
      throw await errorResponse(404, 'NotFoundError', `project: ${project}`);
    Object.assign(found, {
      active: false,
      pausedAt: '2026-11-24T10:00:00.000Z',
      pausedBy: 'user:default/alice',
      ...(reason ? { pauseReason: reason } : {}),
    });
    return { ...found } as ProjectAssignment;
  }

  async resumeProjectAssignment(id: string, project: string) {
    const found = this.assignment(id, project);
    if (!found)
      throw await errorResponse(404, 'NotFoundError', `project: ${project}`);
    delete found.pausedAt;
    delete found.pausedBy;
    delete found.pauseReason;
    found.active = true;
    return { ...found };
  }

  async listCredentialVersions(id: string) {
    const integration = await this.getIntegration(id);
    const current = integration.credentials.map((c, index) => ({
      key: c.key,
      version:
        (this.versions[id] ?? []).filter(v => v.key === c.key).length + 1,
      current: true,
      createdAt: c.rotatedAt,
      createdBy: 'user:default/alice',
      keyId: `key-${index + 1}`,
    }));
    return current.flatMap(c => [
      c,
      ...(this.versions[id] ?? []).filter(v => v.key === c.key),
    ]);
  }

  async rollbackCredential(id: string, key: string, version: number) {
    this.rollbacks.push({ id, key, version });
    const all = await this.listCredentialVersions(id);
    const current = all.find(v => v.key === key && v.current)!;
    this.versions[id] = [
      { ...current, current: false, supersededAt: '2026-11-24T10:00:00.000Z' },
      ...(this.versions[id] ?? []),
    ];
    return { ...current, version: current.version + 1 };
  }

  async getIntegrationUsage(id: string) {
    return this.usage[id] ?? { items: [] };
  }

  /** Saved tests asked for, by integration id. */
  connectionTests: string[] = [];

  async checkIntegrationConnection(id: string): Promise<ConnectionCheckRun> {
    this.connectionTests.push(id);
    return { integrationId: id, status: 'healthy' as const, results: [] };
  }

  async testConnectionDraft(
    _draft: ConnectionCheckDraft,
  ): Promise<ConnectionCheckRun> {
    return { status: 'healthy' as const, results: [] };
  }

  async getConnectionChecks(id: string): Promise<ConnectionChecks> {
    return {
      integrationId: id,
      definition: {},
      source: 'default' as const,
      history: [],
    };
  }

  async setCheckDefinition(id: string) {
    return this.getConnectionChecks(id);
  }

  async resetCheckDefinition(id: string) {
    return this.getConnectionChecks(id);
  }

  /** Proxy settings by integration id; an integration without any has the proxy off. */
  proxy = new Map<string, ProxySettings>();

  async getProxySettings(id: string): Promise<ProxySettings> {
    return (
      this.proxy.get(id) ?? {
        enabled: false,
        methods: [],
        paths: [],
        auth: 'none',
      }
    );
  }

  /** Calls made through the proxy, answered 200 with an empty JSON object. */
  proxied: Array<{ integrationId: string; project: string; path: string }> = [];

  async proxyFetch(integrationId: string, project: string, path: string) {
    this.proxied.push({ integrationId, project, path });
    return new Response('{}', { status: 200 });
  }

  /** OAuth2 settings by integration id; an integration without any mints no tokens. */
  oauth = new Map<string, OAuthSettings>();

  async getOAuthSettings(id: string): Promise<OAuthSettings> {
    return (
      this.oauth.get(id) ?? { enabled: false, clientSecretResolvable: false }
    );
  }

  async updateOAuthSettings(
    id: string,
    settings: OAuthSettingsUpdate,
  ): Promise<OAuthSettings> {
    const updated = { ...(await this.getOAuthSettings(id)), ...settings };
    this.oauth.set(id, updated);
    return updated;
  }
}
