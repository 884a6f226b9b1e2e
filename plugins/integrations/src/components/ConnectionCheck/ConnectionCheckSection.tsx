import { Integration } from '@integrations-hub/backstage-plugin-integrations-common';
import {
  formFromIntegration,
  IntegrationForm,
} from '../IntegrationDrawer/formState';
import { TestConnection } from './TestConnection';
import { ConnectionCheckDraft } from './types';

const isHttpUrl = (value: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** The form's values as a draft: unchanged saved secrets go without a value (the stored one is used). */
export function draftOf(
  form: IntegrationForm,
  integrationId?: string,
): ConnectionCheckDraft | undefined {
  const urls = form.urls
    .map(u => ({ url: u.url.trim() }))
    .filter(u => isHttpUrl(u.url));
  if (!form.type || !urls.length) return undefined;
  return {
    ...(integrationId ? { integrationId } : {}),
    type: form.type,
    urls,
    credentials: form.credentials
      .filter(c => c.key.trim())
      .map(c =>
        c.saved && !c.overwrite
          ? { key: c.key.trim() }
          : { key: c.key.trim(), value: c.value },
      ),
  };
}

/** "Test connection" in the drawer's form: the saved integration, or the values being edited. */
export function ConnectionCheckSection(props: {
  integration?: Integration;
  form: IntegrationForm;
}) {
  const { integration, form } = props;
  const dirty =
    !integration ||
    JSON.stringify(form) !== JSON.stringify(formFromIntegration(integration));
  return (
    <TestConnection
      integrationId={integration?.id}
      dirty={dirty}
      draft={() => draftOf(form, integration?.id)}
    />
  );
}
