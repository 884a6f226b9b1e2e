import { useCallback, useMemo } from 'react';
import {
  Route,
  Routes,
  useNavigate,
  useParams,
  useSearchParams,
} from 'react-router-dom';
import {
  Box,
  Button,
  Grid,
  LinearProgress,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  coreApis,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { integrationCreatePermission } from '@integrations-hub/backstage-plugin-integrations-common';
import { useExportIntegrations } from '../../hooks/useExportIntegrations';
import { useIntegrations } from '../../hooks/useIntegrations';
import { useIntegrationTypes } from '../../hooks/useIntegrationTypes';
import { rootRouteRef } from '../../routes';
import { integrationsTranslationRef } from '../../translation';
import { IntegrationCard } from '../IntegrationCard/IntegrationCard';
import { DrawerTarget } from '../IntegrationDrawer/drawerProps';
import { IntegrationDrawer } from '../IntegrationDrawer/IntegrationDrawer';
import { ImportDialog } from '../ImportDialog/ImportDialog';
import { expiryFromParams, setExpiryParams } from './ExpiryFilter';
import { ListEmptyState, NoAccessState } from './ListEmptyState';
import { Toolbar } from './Toolbar';

export const PAGE_SIZE = 24;

/**
 * The page's routes (the list, and `/<id>` with the drawer open), without a
 * header: the new frontend system draws that, the legacy page its own.
 *
 * Accessible names the end-to-end tests rely on (English messages of
 * `integrationsTranslationRef`):
 * - toolbar: "Type" (select; options "<Title> (<count>)"), "Search" (input), "Unused"
 *   (switch, `?unused=true`), "Add" (button);
 *   "Expiry" (select: "Any expiry", "Expires within 7|30|90 days", "Expired";
 *   `?expiresWithinDays=N` / `?expired=true`), "Export" (menu "CSV", "JSON"),
 *   "Import" (only with create; dialog "Import integrations", `?import=1`);
 *   empty states "No integrations yet" (read allowed for all) with "+ Add",
 *   "No integrations you can see yet" (conditional read), "No access to integrations"
 *   (read denied); paging buttons "Next page", "First page".
 * - import dialog: tabs "File" (file input "Choose JSON or YAML file"), ".env text" (fields
 *   ".env text", "Name", "Type"; button "Check"); table "Import preview"; buttons
 *   "Import N integrations", "Cancel"; toast "Imported N integrations".
 * - cards: role "article" named "<name>" (data-testid "integration-card"), chip
 *   "Unused for <N>+ days" (title "Last used <when>" or "No use recorded"),
 *   buttons "Edit <name>" (only with update) and "Copy link to <name>" (toast "Link copied").
 * - drawer: role dialog "Add integration" / "Edit integration"; fields "Projects", "Type",
 *   "Name", "Description", "URL <n>", "Credential key <n>", "Secret value <n>"; buttons
 *   "Add URL", "Remove URL <n>", "Add credential", "Remove credential <n>", "Reveal <key>",
 *   "Save", "Cancel", "Close", "Delete" then "Delete: services lose access", "Reload" (409);
 *   list "History". Unknown id: text "Integration not found".
 * - entity tab: list "Assigned integrations" of links named after each integration.
 * - page header: heading "Integrations" (level 1), drawn by the framework or the legacy page.
 */
export function IntegrationsRoutes() {
  return (
    <Routes>
      <Route path="/" element={<IntegrationsView />} />
      <Route path="/:integrationId" element={<IntegrationsView />} />
    </Routes>
  );
}

/**
 * The page in the new frontend system: only its content, since the framework
 * draws the page header (title and icon) from the page blueprint.
 */
export function IntegrationsPageContent() {
  return (
    <Box p={3}>
      <IntegrationsRoutes />
    </Box>
  );
}

/** `integrationsHub.usage.unusedAfterDays`, as the backend reads it (default 30). */
function useUnusedAfterDays() {
  const config = useApi(coreApis.config);
  return (
    config.getOptionalNumber('integrationsHub.usage.unusedAfterDays') ?? 30
  );
}

function IntegrationsView() {
  const { t } = useTranslationRef(integrationsTranslationRef);
  const basePath = useRouteRef(rootRouteRef)().replace(/\/$/, '');
  const navigate = useNavigate();
  const { integrationId } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const { types } = useIntegrationTypes();
  const { allowed: canAdd } = usePermission({
    permission: integrationCreatePermission,
  });
  const exporter = useExportIntegrations();

  const selectedTypes = searchParams.getAll('type');
  const query = searchParams.get('q') ?? '';
  const unused = searchParams.get('unused') === 'true';
  const unusedAfterDays = useUnusedAfterDays();
  // Keyset paging: the position in the URL, so a page can be linked and reloaded.
  const cursor = searchParams.get('cursor') ?? undefined;
  const adding = searchParams.get('add') === '1';
  const importing = searchParams.get('import') === '1';
  const expiry = expiryFromParams(searchParams);
  const filters = {
    type: selectedTypes,
    q: query || undefined,
    unused: unused || undefined,
    ...expiry,
  };

  const { value, loading, error, retry } = useIntegrations({
    ...filters,
    cursor,
    limit: PAGE_SIZE,
  });

  const updateParams = useCallback(
    (change: (params: URLSearchParams) => void, push = false) => {
      const next = new URLSearchParams(searchParams);
      change(next);
      // Filters replace the entry; a page turn is one, so Back returns to the page before.
      setSearchParams(next, { replace: !push });
    },
    [searchParams, setSearchParams],
  );

  const search = searchParams
    .toString()
    .replace(/(^|&)(add|import)=1/g, '')
    .replace(/^&/, '');
  const pathTo = (id?: string) =>
    `${basePath}${id ? `/${encodeURIComponent(id)}` : ''}${
      search ? `?${search}` : ''
    }`;
  let target: DrawerTarget | undefined;
  if (integrationId) target = { mode: 'edit', id: integrationId };
  else if (adding) target = { mode: 'add' };
  const typesById = useMemo(
    () => new Map(types.map(type => [type.id, type])),
    [types],
  );
  const filtering =
    selectedTypes.length > 0 ||
    query !== '' ||
    unused ||
    !!expiry.expiresWithinDays ||
    !!expiry.expired;

  const noAccess =
    value?.access === 'none' ||
    (error as { name?: string })?.name === 'NotAllowedError';

  const body = () => {
    if (loading && !value) return <Progress />;
    if ((error as { name?: string })?.name === 'NotAllowedError')
      return <NoAccessState />;
    if (error) return <ResponseErrorPanel error={error} />;
    if (!value) return null;
    if (value.totalCount === 0) {
      return (
        <ListEmptyState
          access={value.access}
          filtering={filtering}
          canAdd={canAdd}
          onAdd={() => updateParams(p => p.set('add', '1'))}
        />
      );
    }
    const total = value.totalCount.toLocaleString('en-US');
    return (
      <>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {value.countsCapped
            ? t('page.countCapped', { total })
            : t('page.count', { count: value.totalCount, total })}
        </Typography>
        <Grid container spacing={2}>
          {value.items.map(integration => (
            <Grid item xs={12} sm={6} md={4} lg={3} key={integration.id}>
              <IntegrationCard
                integration={integration}
                type={typesById.get(integration.type)}
                link={`${window.location.origin}${basePath}/${integration.id}`}
                unusedAfterDays={unusedAfterDays}
                onEdit={i => navigate(pathTo(i.id))}
              />
            </Grid>
          ))}
        </Grid>
        {(cursor || value.nextCursor) && (
          <Box display="flex" justifyContent="center" mt={3} gridGap={8}>
            {cursor && (
              <Button
                onClick={() => updateParams(p => p.delete('cursor'), true)}
              >
                {t('page.firstPage')}
              </Button>
            )}
            {value.nextCursor && (
              <Button
                variant="outlined"
                onClick={() =>
                  updateParams(p => p.set('cursor', value.nextCursor!), true)
                }
              >
                {t('page.nextPage')}
              </Button>
            )}
          </Box>
        )}
      </>
    );
  };

  return (
    <>
      <Toolbar
        types={types}
        typeCounts={value?.typeCounts ?? {}}
        selectedTypes={selectedTypes}
        query={query}
        unused={unused}
        unusedAfterDays={unusedAfterDays}
        expiry={expiry}
        canAdd={canAdd}
        canRead={!noAccess}
        exporting={exporter.loading}
        onTypesChange={next =>
          updateParams(p => {
            p.delete('type');
            p.delete('cursor');
            next.forEach(type => p.append('type', type));
          })
        }
        onQueryChange={q =>
          updateParams(p => {
            if (q) p.set('q', q);
            else p.delete('q');
            p.delete('cursor');
          })
        }
        onUnusedChange={next =>
          updateParams(p => {
            if (next) p.set('unused', 'true');
            else p.delete('unused');
            p.delete('cursor');
          })
        }
        onExpiryChange={next =>
          updateParams(p => {
            setExpiryParams(p, next);
            p.delete('cursor');
          })
        }
        onAdd={() => updateParams(p => p.set('add', '1'))}
        onImport={() => updateParams(p => p.set('import', '1'))}
        onExport={format => exporter.run(format, filters)}
      />
      {exporter.error && (
        <Alert severity="error">
          {t('exportMenu.failed', { message: exporter.error.message })}
        </Alert>
      )}
      {/* Keeps the current cards on screen while the next page or filter loads. */}
      {loading && value && <LinearProgress aria-label={t('page.loading')} />}
      {body()}
      <ImportDialog
        open={importing && canAdd}
        types={types}
        onClose={() => updateParams(p => p.delete('import'))}
        onImported={retry}
      />
      <IntegrationDrawer
        target={target}
        types={types}
        onClose={() => navigate(pathTo())}
        onSaved={() => {
          navigate(pathTo());
          retry();
        }}
      />
    </>
  );
}
