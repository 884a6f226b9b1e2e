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
import SearchIcon from '@material-ui/icons/Search';
import useDebounce from 'react-use/esm/useDebounce';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';

export interface ToolbarProps {
  types: IntegrationType[];
  typeCounts: Record<string, number>;
  selectedTypes: string[];
  query: string;
  /** Only integrations nobody resolved for `unusedAfterDays`. */
  unused: boolean;
  unusedAfterDays: number;
  canAdd: boolean;
  onTypesChange(types: string[]): void;
  onQueryChange(query: string): void;
  onUnusedChange(unused: boolean): void;
  onAdd(): void;
}

/** Type ▾ (multi-select with counts), Search… (debounced live filter), Unused and + Add. */
export function Toolbar(props: ToolbarProps) {
  const { types, typeCounts, selectedTypes, canAdd } = props;
  const [text, setText] = useState(props.query);
  useEffect(() => setText(props.query), [props.query]);
  useDebounce(() => text !== props.query && props.onQueryChange(text), 250, [
    text,
  ]);
  const titleOf = (id: string) => types.find(t => t.id === id)?.title ?? id;

  return (
    <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
      <FormControl variant="outlined" size="small" style={{ minWidth: 200 }}>
        <InputLabel id="integrations-type-label">Type</InputLabel>
        <Select
          labelId="integrations-type-label"
          label="Type"
          multiple
          value={selectedTypes}
          onChange={e => props.onTypesChange(e.target.value as string[])}
          renderValue={selected =>
            (selected as string[]).map(titleOf).join(', ')
          }
          SelectDisplayProps={{ 'aria-label': 'Type' } as any}
        >
          {types.map(t => (
            <MenuItem key={t.id} value={t.id}>
              <Checkbox size="small" checked={selectedTypes.includes(t.id)} />
              <ListItemText primary={`${t.title} (${typeCounts[t.id] ?? 0})`} />
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <TextField
        variant="outlined"
        size="small"
        placeholder="Search…"
        value={text}
        onChange={e => setText(e.target.value)}
        inputProps={{ 'aria-label': 'Search' }}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
        style={{ flex: 1, maxWidth: 480 }}
      />
      <Tooltip
        title={`Only integrations no service resolved for ${props.unusedAfterDays}+ days`}
      >
        <FormControlLabel
          control={
            <Switch
              size="small"
              checked={props.unused}
              onChange={e => props.onUnusedChange(e.target.checked)}
            />
          }
          label="Unused"
        />
      </Tooltip>
      <Box flexGrow={1} />
      {canAdd && (
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          onClick={props.onAdd}
        >
          Add
        </Button>
      )}
    </Box>
  );
}
