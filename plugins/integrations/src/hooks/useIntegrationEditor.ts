import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Integration } from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsApiRef } from '../api/IntegrationsApi';
import { integrationsTranslationRef } from '../translation';
import {
  emptyForm,
  FieldErrors,
  formFromIntegration,
  IntegrationForm,
  validateCreate,
  validateUpdate,
} from '../components/IntegrationDrawer/formState';

/** The server's own message (it names the field), not "Request failed with 400". */
export const messageOf = (e: unknown) =>
  e instanceof ResponseError ? e.cause.message : (e as Error).message;

/** A 404 (or 403): no such integration, or one the user may not read. */
export const isNotFound = (e?: Error) =>
  e instanceof ResponseError && [403, 404].includes(e.statusCode);

/**
 * The drawer's form: loads the integration to edit, owns the values and their
 * validation (the shared schema, again on every change once Save was tried),
 * saves, deletes and reveals.
 */
export function useIntegrationEditor(id: string | undefined, type?: string) {
  const api = useApi(integrationsApiRef);
  const { t } = useTranslationRef(integrationsTranslationRef);
  const record = useAsyncRetry(
    async () => (id ? api.getIntegration(id) : undefined),
    [api, id],
  );
  const loaded = record.value;
  const [base, setBase] = useState<Integration>();
  const [form, setForm] = useState<IntegrationForm>(() => emptyForm(type));
  const [checking, setChecking] = useState(false);
  const [serverError, setServerError] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);

  // A (re)loaded integration replaces the form, in the same render.
  if (loaded && loaded !== base) {
    setBase(loaded);
    setForm(formFromIntegration(loaded));
    setChecking(false);
    setConflict(false);
    setServerError(undefined);
  }

  const validate = (values: IntegrationForm) =>
    loaded ? validateUpdate(values, loaded.version) : validateCreate(values);
  const checked = checking ? validate(form) : undefined;
  const errors: FieldErrors = checked && !checked.ok ? checked.errors : {};

  /** The request to send, or undefined while the form is invalid. */
  const requestOf = (values: IntegrationForm) => {
    if (loaded) {
      const update = validateUpdate(values, loaded.version);
      return update.ok
        ? () => api.updateIntegration(loaded.id, update.input)
        : undefined;
    }
    const create = validateCreate(values);
    return create.ok ? () => api.createIntegration(create.input) : undefined;
  };

  const patch = (p: Partial<IntegrationForm>) => setForm(f => ({ ...f, ...p }));

  /** The saved integration, or undefined when invalid or refused. */
  const save = async (): Promise<Integration | undefined> => {
    setChecking(true);
    const send = requestOf(form);
    if (!send) return undefined;
    setServerError(undefined);
    setSaving(true);
    try {
      return await send();
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 409) setConflict(true);
      else setServerError(messageOf(e));
      return undefined;
    } finally {
      setSaving(false);
    }
  };

  /** First call asks, second deletes; true once deleted. */
  const remove = async (): Promise<boolean> => {
    if (!loaded) return false;
    if (!deleting) {
      setDeleting(true);
      return false;
    }
    try {
      await api.deleteIntegration(loaded.id);
      return true;
    } catch (e) {
      setDeleting(false);
      setServerError(messageOf(e));
      return false;
    }
  };

  const reveal = async (key: string): Promise<string | undefined> => {
    if (!loaded) return undefined;
    try {
      return (await api.revealCredential(loaded.id, key)).value;
    } catch (e) {
      setServerError(t('drawer.revealFailed', { key, message: messageOf(e) }));
      return undefined;
    }
  };

  return {
    value: loaded,
    loading: !!id && record.loading && !loaded,
    error: record.error,
    retry: record.retry,
    form,
    patch,
    errors,
    invalid: !!checked && !checked.ok,
    serverError,
    conflict,
    saving,
    save,
    deleting,
    remove,
    reveal,
  };
}

export type IntegrationEditor = ReturnType<typeof useIntegrationEditor>;
