import { MenuItem } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationEditor } from '../../hooks/useIntegrationEditor';
import { integrationsTranslationRef } from '../../translation';
import { ConnectionCheckSection } from '../ConnectionCheck';
import { CredentialRows } from './CredentialRows';
import { LockedTextField } from './LockedTextField';
import { ProjectPicker } from './ProjectPicker';
import { UrlRows } from './UrlRows';

/** The integration's own fields, in the order a user fills them in. */
export function DetailsFields(props: {
  editor: IntegrationEditor;
  types: IntegrationType[];
  canReveal: boolean;
}) {
  const { editor, types } = props;
  const { form, errors, patch } = editor;
  const loaded = editor.value;
  const locked = !!loaded;
  const { t } = useTranslationRef(integrationsTranslationRef);
  return (
    <>
      <ProjectPicker
        value={form.projects}
        error={errors.projects ?? errors['projects.0']}
        onChange={projects => patch({ projects })}
      />
      <LockedTextField
        locked={locked}
        select
        id="integration-type"
        label={t('drawer.type')}
        value={form.type}
        onChange={e => patch({ type: e.target.value as string })}
        error={!!errors.type}
        helperText={errors.type}
        fullWidth
        margin="dense"
        variant="outlined"
      >
        {types.map(type => (
          <MenuItem key={type.id} value={type.id}>
            {type.title}
          </MenuItem>
        ))}
      </LockedTextField>
      <LockedTextField
        locked={locked}
        label={t('drawer.name')}
        value={form.name}
        onChange={e => patch({ name: e.target.value })}
        error={!!errors.name}
        helperText={errors.name}
        fullWidth
        margin="dense"
        variant="outlined"
        required
      />
      <LockedTextField
        locked={locked}
        label={t('drawer.description')}
        value={form.description}
        onChange={e => patch({ description: e.target.value })}
        error={!!errors.description}
        helperText={errors.description}
        fullWidth
        multiline
        margin="dense"
        variant="outlined"
      />
      <UrlRows
        urls={form.urls}
        savedCount={loaded ? loaded.urls.length : 0}
        errors={errors}
        onChange={urls => patch({ urls })}
      />
      <CredentialRows
        credentials={form.credentials}
        errors={errors}
        typeOverlapMinutes={
          types.find(type => type.id === form.type)?.rotationOverlapMinutes
        }
        canReveal={props.canReveal}
        onReveal={loaded ? editor.reveal : undefined}
        onChange={credentials => patch({ credentials })}
      />
      <ConnectionCheckSection integration={loaded} form={form} />
    </>
  );
}
