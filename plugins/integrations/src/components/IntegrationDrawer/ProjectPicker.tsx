import { TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';

const PROJECT_KINDS = ['Component', 'System', 'Resource', 'API', 'Domain'];

/** Multi-select of catalog entities ("projects") by entity ref. */
export function ProjectPicker(props: {
  value: string[];
  error?: string;
  onChange(refs: string[]): void;
}) {
  const catalogApi = useApi(catalogApiRef);
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
          label="Projects"
          placeholder="Catalog entities that may use this integration"
          margin="dense"
          variant="outlined"
          error={!!props.error}
          helperText={props.error ?? 'Assign only the projects that need it'}
        />
      )}
    />
  );
}
