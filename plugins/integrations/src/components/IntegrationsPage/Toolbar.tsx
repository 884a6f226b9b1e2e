import { useEffect, useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  InputAdornment,
  InputLabel,
  ListItemText,
  MenuItem,
  Select,
  Switch,
  TextField,
  Tooltip,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import PublishIcon from '@material-ui/icons/Publish';
import SearchIcon from '@material-ui/icons/Search';
import useDebounce from 'react-use/esm/useDebounce';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { ExportFormat } from '../../api/IntegrationsApi';
import { integrationsTranslationRef } from '../../translation';
import { Expiry, ExpiryFilter } from './ExpiryFilter';
import { ExportMenu } from './ExportMenu';

interface ToolbarProps {
  types: IntegrationType[];
  typeCounts: Record<string, number>;
  selectedTypes: string[];
  query: string;
  /** Only integrations nobody resolved for `unusedAfterDays`. */
  unused: boolean;
  unusedAfterDays: number;
  /** Expires within N days, or expired (server-side filters). */
  expiry: Expiry;
  canAdd: boolean;
  /** False once the list said the caller may read none: nothing to filter or export. */
  canRead?: boolean;
  /** An export is being fetched. */
  exporting?: boolean;
  onTypesChange(types: string[]): void;
  onQueryChange(query: string): void;
  onUnusedChange(unused: boolean): void;
  onExpiryChange(expiry: Expiry): void;
  onAdd(): void;
  onImport(): void;
  onExport(format: ExportFormat): void;
}

/**
 * Type ▾ (multi-select with counts), Search… (debounced live filter), Unused,
 * Expiry ▾, then Export ▾, Import and + Add. Without read only Import and Add.
 */
export function Toolbar(props: ToolbarProps) {
  const { types, typeCounts, selectedTypes, canAdd, canRead = true } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const [text, setText] = useState(props.query);
  useEffect(() => setText(props.query), [props.query]);
  useDebounce(() => text !== props.query && props.onQueryChange(text), 250, [
    text,
  ]);
  const titleOf = (id: string) =>
    types.find(type => type.id === id)?.title ?? id;
  // Nothing to filter, export or add: no empty row above the no-access message.
  if (!canRead && !canAdd) return null;

  return (
    <Box
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      mb={2}
      style={{ gap: 16 }}
    >
      {canRead && (
        <>
          <FormControl
            variant="outlined"
            size="small"
            style={{ minWidth: 200 }}
          >
            <InputLabel id="integrations-type-label">
              {t('toolbar.type')}
            </InputLabel>
            <Select
              labelId="integrations-type-label"
              label={t('toolbar.type')}
              multiple
              value={selectedTypes}
              onChange={e => props.onTypesChange(e.target.value as string[])}
              renderValue={selected =>
                (selected as string[]).map(titleOf).join(', ')
              }
              SelectDisplayProps={{ 'aria-label': t('toolbar.type') }}
            >
              {types.map(type => (
                <MenuItem key={type.id} value={type.id}>
                  <Checkbox
                    size="small"
                    checked={selectedTypes.includes(type.id)}
                  />
                  <ListItemText
                    primary={t('toolbar.typeOption', {
                      title: type.title,
                      count: typeCounts[type.id] ?? 0,
                    })}
                  />
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <TextField
            variant="outlined"
            size="small"
            placeholder={t('toolbar.searchPlaceholder')}
            value={text}
            onChange={e => setText(e.target.value)}
            inputProps={{ 'aria-label': t('toolbar.search') }}
            InputProps={{
              startAdornment: (
                <InputAdornment position="start">
                  <SearchIcon fontSize="small" />
                </InputAdornment>
              ),
            }}
            style={{ flex: '1 1 240px', maxWidth: 480 }}
          />
          <Tooltip
            title={t('toolbar.unusedTooltip', {
              days: String(props.unusedAfterDays),
            })}
          >
            <FormControlLabel
              control={
                <Switch
                  size="small"
                  checked={props.unused}
                  onChange={e => props.onUnusedChange(e.target.checked)}
                />
              }
              label={t('toolbar.unused')}
            />
          </Tooltip>
          <ExpiryFilter value={props.expiry} onChange={props.onExpiryChange} />
        </>
      )}
      <Box flexGrow={1} />
      {canRead && (
        <ExportMenu disabled={props.exporting} onExport={props.onExport} />
      )}
      {canAdd && (
        <Button
          variant="outlined"
          startIcon={<PublishIcon />}
          onClick={props.onImport}
        >
          {t('importDialog.open')}
        </Button>
      )}
      {canAdd && (
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          onClick={props.onAdd}
        >
          {t('toolbar.add')}
        </Button>
      )}
    </Box>
  );
}
