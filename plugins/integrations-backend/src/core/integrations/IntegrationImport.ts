import { randomUUID } from 'node:crypto';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ImportErrorDetail,
  ImportInput,
  ImportPreview,
  ImportResult,
  IntegrationType,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { ChangeListener } from './changes';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { actorOf } from './actor';
import { IntegrationsAuthorizer } from '../permissions/authorization';
import { newIntegration, ownerFor } from './createSteps';
import { CheckedRow, checkRow, describeRowErrors } from './importRows';
import { Seal } from './updateSteps';

/** Problems named in the message of a 400; `details` lists them all. */
const MESSAGE_PROBLEMS = 20;

/** A 400 for an import with bad rows: every problem in `details`, never a value. */
export class ImportRowsError extends InputError {
  readonly details: ImportErrorDetail[];

  constructor(rows: CheckedRow[]) {
    const details = rows.flatMap(row =>
      row.errors.map(e => ({ index: row.index, ...e })),
    );
    const shown = describeRowErrors(rows).split('; ');
    const more = shown.length - MESSAGE_PROBLEMS;
    super(
      `${shown.slice(0, MESSAGE_PROBLEMS).join('; ')}${
        more > 0 ? `; and ${more} more problem(s) in details` : ''
      }`,
    );
    this.details = details;
  }
}

/**
 * Many creates as one: every row checked by create's rules, create's
 * permission decisions asked once for the whole file, and one transaction.
 */
export class IntegrationImport {
  constructor(
    private readonly options: {
      store: IntegrationsStore;
      types: Map<string, IntegrationType>;
      authorizer: IntegrationsAuthorizer;
      /** Seals values for one integration, as create does. */
      sealFor: (integrationId: string) => Promise<Seal>;
      changes?: ChangeListener;
    },
  ) {}

  /** With dryRun, what the import would do; otherwise every row created, or none. */
  async import(
    body: ImportInput,
    dryRun: boolean,
    credentials: BackstageCredentials,
  ): Promise<ImportPreview | ImportResult> {
    const { authorizer, types } = this.options;
    await authorizer.assertMayCreate(credentials);
    const rows = (body.integrations as unknown[]).map((row, index) =>
      checkRow(index, row, types),
    );
    const projects = new Set(rows.flatMap(r => r.input?.projects ?? []));
    await authorizer.assertMayAssign([...projects], credentials);
    if (dryRun) {
      return {
        rows: rows.map(({ index, name, errors }) => ({ index, name, errors })),
      };
    }
    const bad = rows.filter(r => r.errors.length);
    if (bad.length) throw new ImportRowsError(bad);
    return { created: await this.write(rows, credentials) };
  }

  private async write(rows: CheckedRow[], credentials: BackstageCredentials) {
    const { store, sealFor, changes } = this.options;
    const actor = actorOf(credentials);
    const created = await Promise.all(
      rows.map(async ({ input }) => {
        const id = randomUUID();
        return newIntegration(
          id,
          input!,
          ownerFor(input!, credentials),
          actor,
          await sealFor(id),
        );
      }),
    );
    await store.createMany(created, actor, new Date());
    for (const { integration, history } of created) {
      await changes?.committed({
        integrationId: integration.id,
        actor,
        recorded: history,
      });
    }
    return created.map(({ integration }) => ({
      id: integration.id,
      name: integration.name,
    }));
  }
}
