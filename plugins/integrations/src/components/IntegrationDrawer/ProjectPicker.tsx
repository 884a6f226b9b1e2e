import { TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';
import { integrationsTranslationRef } from '../../translation';

const PROJECT_KINDS = ['Component', 'System', 'Resource', 'API', 'Domain'];

/** Multi-select of catalog entities ("projects") by entity ref. */
export function ProjectPicker(props: {
  value: string[];
  error?: string;
  onChange(refs: string[]): void;
}) {
  const catalogApi = useApi(catalogApiRef);
  const { t } = useTranslationRef(integrationsTranslationRef);
  const { value: options, loading } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: PROJECT_KINDS },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items
      .map(e => stringifyEntityRef(e).toLocaleLowerCase('en-US'))
      .sort();
  }, [catalogApi]);

  return (
    <Autocomplete
      multiple
      options={options ?? []}
      loading={loading}
      value={props.value}
      onChange={(_, refs) => props.onChange(refs as string[])}
      filterSelectedOptions
      renderInput={params => (
        <TextField
          {...params}
          label={t('drawer.projects')}
          // Beside chosen projects the hint is cut to "…"; the chips say enough.
          placeholder={
            props.value.length ? undefined : t('drawer.projectsPlaceholder')
          }
          margin="dense"
          variant="outlined"
          error={!!props.error}
          helperText={props.error ?? t('drawer.projectsHelper')}
        />
      )}
    />
  );
}
