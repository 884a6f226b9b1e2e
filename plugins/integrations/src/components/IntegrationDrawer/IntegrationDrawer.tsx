import { useEffect, useState } from 'react';
import {
  Box,
  Button,
  Divider,
  Drawer,
  IconButton,
  makeStyles,
  MenuItem,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import CloseIcon from '@material-ui/icons/Close';
import { Progress } from '@backstage/core-components';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Integration,
  integrationCredentialRevealPermission,
  integrationDeletePermission,
  IntegrationType,
  integrationUpdatePermission,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsApiRef } from '../../api/IntegrationsApi';
import { useIntegrationUsage } from '../../hooks/useIntegrationUsage';
import { useToast } from '../../hooks/useToast';
import { integrationsTranslationRef } from '../../translation';
import { OperateSections } from '../Operate/OperateSections';
import { ChangeWarnings } from '../Operate/ChangeWarnings';
import { ConnectionCheckSection } from '../ConnectionCheck';
import { CredentialRows } from './CredentialRows';
import {
  emptyForm,
  FieldErrors,
  formFromIntegration,
  IntegrationForm,
  validateCreate,
  validateUpdate,
} from './formState';
import { HistoryList } from './HistoryList';
import { LockedTextField } from './LockedTextField';
import { ProjectPicker } from './ProjectPicker';
import { UrlRows } from './UrlRows';

const useStyles = makeStyles(theme => ({
  paper: { width: 560, maxWidth: '100vw', padding: theme.spacing(3) },
  header: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
  },
  footer: {
    display: 'flex',
    gap: theme.spacing(1),
    marginTop: theme.spacing(3),
  },
}));

/** The server's own message (it names the field), not "Request failed with 400". */
const messageOf = (e: unknown) =>
  e instanceof ResponseError ? e.cause.message : (e as Error).message;

export type DrawerTarget = { mode: 'add' } | { mode: 'edit'; id: string };

export interface IntegrationDrawerProps {
  target?: DrawerTarget;
  types: IntegrationType[];
  onClose(): void;
  /** Called with the saved integration, or undefined after a delete. */
  onSaved(integration?: Integration): void;
}

/** Right-side drawer shared by Add and Edit. */
export function IntegrationDrawer(props: IntegrationDrawerProps) {
  const { target, onClose } = props;
  const classes = useStyles();
  const { t } = useTranslationRef(integrationsTranslationRef);
  const title =
    target?.mode === 'edit' ? t('drawer.editTitle') : t('drawer.addTitle');
  return (
    <Drawer
      anchor="right"
      open={!!target}
      onClose={onClose}
      classes={{ paper: classes.paper }}
    >
      <div role="dialog" aria-label={title}>
        <div className={classes.header}>
          <Typography variant="h5" component="h2">
            {title}
          </Typography>
          <IconButton aria-label={t('drawer.close')} onClick={onClose}>
            <CloseIcon />
          </IconButton>
        </div>
        {target && (
          <DrawerBody
            key={target.mode === 'edit' ? target.id : 'add'}
            {...props}
            target={target}
          />
        )}
      </div>
    </Drawer>
  );
}

function DrawerBody(props: IntegrationDrawerProps & { target: DrawerTarget }) {
  const { target, types, onClose, onSaved } = props;
  const classes = useStyles();
  const api = useApi(integrationsApiRef);
  const { t } = useTranslationRef(integrationsTranslationRef);
  const toast = useToast();
  const editId = target.mode === 'edit' ? target.id : undefined;
  const resourceRef = editId ?? '';
  const { allowed: canReveal } = usePermission({
    permission: integrationCredentialRevealPermission,
    resourceRef,
  });
  const { allowed: canDelete } = usePermission({
    permission: integrationDeletePermission,
    resourceRef,
  });
  const { allowed: canUpdate } = usePermission({
    permission: integrationUpdatePermission,
    resourceRef,
  });
  const usage = useIntegrationUsage(editId);

  const [loaded, setLoaded] = useState<Integration>();
  const [loadError, setLoadError] = useState<Error>();
  const [form, setForm] = useState<IntegrationForm>(() =>
    emptyForm(types[0]?.id),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [versionsKey, setVersionsKey] = useState(0);

  const load = async () => {
    if (!editId) return;
    try {
      const integration = await api.getIntegration(editId);
      setLoaded(integration);
      setForm(formFromIntegration(integration));
      setErrors({});
      setConflict(false);
      setServerError(undefined);
    } catch (e) {
      setLoadError(e as Error);
    }
  };
  useEffect(() => {
    load();
  }, [editId]); // eslint-disable-line react-hooks/exhaustive-deps

  if (editId && loadError) {
    const notFound =
      loadError instanceof ResponseError && loadError.statusCode === 404;
    return (
      <Box mt={2}>
        <Alert severity={notFound ? 'warning' : 'error'}>
          {notFound
            ? t('drawer.notFound', { id: editId })
            : messageOf(loadError)}
        </Alert>
      </Box>
    );
  }
  if (editId && !loaded) return <Progress />;

  const patch = (p: Partial<IntegrationForm>) => setForm(f => ({ ...f, ...p }));
  const savedUrls = loaded ? loaded.urls.length : 0;
  const locked = !!loaded;

  const save = async () => {
    const checked = loaded
      ? validateUpdate(form, loaded.version)
      : validateCreate(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setServerError(undefined);
    setSaving(true);
    try {
      const saved = loaded
        ? await api.updateIntegration(loaded.id, checked.input as any)
        : await api.createIntegration(checked.input);
      toast({
        title: t('drawer.saved', { name: saved.name }),
        status: 'success',
      });
      onSaved(saved);
    } catch (e) {
      if (e instanceof ResponseError && e.statusCode === 409) setConflict(true);
      else setServerError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  /** Pause, resume and rollback leave the form alone: only what they changed reloads. */
  const operate = async (action: () => Promise<unknown>, done: string) => {
    if (!loaded) return;
    setServerError(undefined);
    try {
      await action();
    } catch (e) {
      setServerError(messageOf(e));
      return;
    }
    const fresh = await api.getIntegration(loaded.id);
    setLoaded(l => l && { ...l, assignments: fresh.assignments });
    setHistoryKey(k => k + 1);
    setVersionsKey(k => k + 1);
    toast({ title: done, status: 'success' });
  };

  const remove = async () => {
    if (!loaded) return;
    // First click asks, second click deletes.
    if (!confirmingDelete) {
      setConfirmingDelete(true);
      return;
    }
    try {
      await api.deleteIntegration(loaded.id);
    } catch (e) {
      setConfirmingDelete(false);
      setServerError(messageOf(e));
      return;
    }
    toast({
      title: t('drawer.deleted', { name: loaded.name }),
      status: 'success',
    });
    onSaved(undefined);
  };

  return (
    <form
      onSubmit={e => {
        e.preventDefault();
        save();
      }}
      noValidate
    >
      {conflict && (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={load}>
              {t('drawer.reload')}
            </Button>
          }
        >
          {t('drawer.conflict')}
        </Alert>
      )}
      {serverError && <Alert severity="error">{serverError}</Alert>}
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
        savedCount={savedUrls}
        errors={errors}
        onChange={urls => patch({ urls })}
      />
      <CredentialRows
        credentials={form.credentials}
        errors={errors}
        typeOverlapMinutes={
          types.find(type => type.id === form.type)?.rotationOverlapMinutes
        }
        canReveal={!!loaded && canReveal}
        onReveal={
          loaded
            ? async key => {
                try {
                  const value = (await api.revealCredential(loaded.id, key))
                    .value;
                  setHistoryKey(k => k + 1);
                  return value;
                } catch (e) {
                  setServerError(
                    t('drawer.revealFailed', { key, message: messageOf(e) }),
                  );
                  return undefined;
                }
              }
            : undefined
        }
        onChange={credentials => patch({ credentials })}
      />
      <ConnectionCheckSection integration={loaded} form={form} />
      {loaded && (
        <ChangeWarnings
          integration={loaded}
          form={form}
          deleting={confirmingDelete}
          usage={usage.usage}
        />
      )}
      <div className={classes.footer}>
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={saving}
        >
          {t('drawer.save')}
        </Button>
        <Button onClick={onClose}>{t('drawer.cancel')}</Button>
        <Box flexGrow={1} />
        {loaded && canDelete && (
          <Button
            onClick={remove}
            color="secondary"
            variant={confirmingDelete ? 'contained' : 'text'}
          >
            {confirmingDelete ? t('drawer.deleteConfirm') : t('drawer.delete')}
          </Button>
        )}
      </div>
      {loaded && (
        <OperateSections
          integration={loaded}
          canUpdate={canUpdate}
          usage={usage.usage}
          usageError={usage.error}
          refreshKey={versionsKey}
          onPause={(project, reason) =>
            operate(
              () => api.pauseProject(loaded.id, project, reason || undefined),
              t('operate.pausedToast', { project }),
            )
          }
          onResume={project =>
            operate(
              () => api.resumeProject(loaded.id, project),
              t('operate.resumedToast', { project }),
            )
          }
          onRollback={(key, version) =>
            operate(
              () => api.rollbackCredential(loaded.id, key, version),
              t('operate.rolledBackToast', { key, version: String(version) }),
            )
          }
        />
      )}
      {loaded && (
        <Box mt={3}>
          <Divider />
          <Typography variant="subtitle2" style={{ marginTop: 16 }}>
            {t('drawer.history')}
          </Typography>
          <HistoryList integrationId={loaded.id} refreshKey={historyKey} />
        </Box>
      )}
    </form>
  );
}
