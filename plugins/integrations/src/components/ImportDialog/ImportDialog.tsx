import { ChangeEvent, useState } from 'react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  MenuItem,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { useImportIntegrations } from '../../hooks/useImportIntegrations';
import { useToast } from '../../hooks/useToast';
import { integrationsTranslationRef } from '../../translation';
import { ImportPreviewTable } from './ImportPreviewTable';
import { parseEnv } from './parseEnv';
import { MAX_IMPORT_ROWS, parseImportFile } from './parseImportFile';

interface ImportDialogProps {
  open: boolean;
  types: IntegrationType[];
  onClose(): void;
  /** After a successful import: the page reloads its list. */
  onImported(): void;
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/**
 * "Import integrations": rows from a JSON or YAML file, or one integration from a
 * pasted `.env`; checked here and by a dry run, then created all or nothing.
 */
export function ImportDialog(props: ImportDialogProps) {
  const { open, types, onClose, onImported } = props;
  const { t } = useTranslationRef(integrationsTranslationRef);
  const toast = useToast();
  const form = useImportIntegrations();
  const [tab, setTab] = useState(0);
  const [fileName, setFileName] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [envText, setEnvText] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState('');
  const env = parseEnv(envText);

  const close = () => {
    form.reset();
    setProblem(undefined);
    setFileName(undefined);
    onClose();
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    form.reset();
    setFileName(file.name);
    const parsed = parseImportFile(await readText(file));
    if ('problem' in parsed) {
      setProblem(
        t(`importDialog.${parsed.problem}`, {
          message: parsed.message ?? '',
          max: String(MAX_IMPORT_ROWS),
        }),
      );
      return;
    }
    setProblem(undefined);
    await form.check(parsed.rows);
  };

  const checkEnv = () => {
    setProblem(env.entries.length ? undefined : t('importDialog.envEmpty'));
    if (!env.entries.length) return;
    form.check([
      {
        name,
        type,
        urls: [],
        projects: [],
        credentials: env.entries.map(({ key, value }) => ({ key, value })),
      },
    ]);
  };

  const submit = async () => {
    const created = await form.importAll();
    if (!created) return;
    toast({
      title: t('importDialog.imported', { count: created.length }),
      status: 'success',
    });
    onImported();
    close();
  };

  const count = form.preview?.length ?? 0;
  return (
    <Dialog
      open={open}
      onClose={close}
      maxWidth="md"
      fullWidth
      aria-labelledby="integrations-import-title"
    >
      <DialogTitle id="integrations-import-title">
        {t('importDialog.title')}
      </DialogTitle>
      <DialogContent>
        <Tabs
          value={tab}
          onChange={(_, next) => {
            setTab(next);
            form.reset();
            setProblem(undefined);
          }}
          indicatorColor="primary"
        >
          <Tab label={t('importDialog.fileTab')} />
          <Tab label={t('importDialog.envTab')} />
        </Tabs>
        <Box my={2}>
          {tab === 0 ? (
            <>
              <Button variant="outlined" component="label">
                {t('importDialog.chooseFile')}
                <input
                  hidden
                  type="file"
                  accept=".json,.yaml,.yml,application/json,application/yaml"
                  onChange={onFile}
                />
              </Button>
              {fileName && (
                <Typography variant="body2">
                  {t('importDialog.fileChosen', { name: fileName })}
                </Typography>
              )}
              <Typography variant="body2" color="textSecondary">
                {t('importDialog.fileHelp')}
              </Typography>
            </>
          ) : (
            <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
              <TextField
                id="integrations-import-env"
                label={t('importDialog.envText')}
                helperText={
                  env.skipped.length
                    ? t('importDialog.envSkipped', {
                        lines: env.skipped.join(', '),
                      })
                    : t('importDialog.envHelp')
                }
                multiline
                minRows={4}
                variant="outlined"
                value={envText}
                onChange={e => setEnvText(e.target.value)}
                inputProps={{ spellCheck: false }}
              />
              <Box display="flex" style={{ gap: 12 }}>
                <TextField
                  id="integrations-import-name"
                  label={t('importDialog.name')}
                  variant="outlined"
                  size="small"
                  value={name}
                  onChange={e => setName(e.target.value)}
                />
                <TextField
                  id="integrations-import-type"
                  select
                  label={t('importDialog.type')}
                  variant="outlined"
                  size="small"
                  value={type}
                  onChange={e => setType(e.target.value)}
                  style={{ minWidth: 200 }}
                  SelectProps={{
                    SelectDisplayProps: {
                      'aria-label': t('importDialog.type'),
                    },
                  }}
                >
                  {types.map(each => (
                    <MenuItem key={each.id} value={each.id}>
                      {each.title}
                    </MenuItem>
                  ))}
                </TextField>
                <Button variant="outlined" onClick={checkEnv}>
                  {t('importDialog.check')}
                </Button>
              </Box>
            </Box>
          )}
        </Box>
        {form.loading && <LinearProgress />}
        {problem && <Alert severity="error">{problem}</Alert>}
        {form.error && (
          <Alert severity="error">
            {t('importDialog.failed', { message: form.error.message })}
          </Alert>
        )}
        {form.preview && !form.valid && (
          <Alert severity="warning">{t('importDialog.fixRows')}</Alert>
        )}
        {form.preview && <ImportPreviewTable rows={form.preview} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>{t('importDialog.cancel')}</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={!form.valid || form.loading}
          onClick={submit}
        >
          {t('importDialog.submit', { count })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
