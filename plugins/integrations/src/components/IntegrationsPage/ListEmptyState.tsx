import { Button, Typography } from '@material-ui/core';
import { EmptyState } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { integrationReadPermission } from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationList } from '@integrations-hub/backstage-plugin-integrations-common';
import { integrationsTranslationRef } from '../../translation';

/** "No access", naming the right a platform team grants. */
export function NoAccessState(props: { entityRef?: string }) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  const permission = integrationReadPermission.name;
  return (
    <EmptyState
      missing="info"
      title={t('access.noAccessTitle')}
      description={
        props.entityRef
          ? t('access.entityNoAccessDescription', {
              ref: props.entityRef,
              permission,
            })
          : t('access.noAccessDescription', { permission })
      }
    />
  );
}

/**
 * What an empty list means, as the server's read decision says (`access`): no
 * access, nothing yet (read allowed for all, no filter), nothing visible yet
 * (read allowed only where a condition lets it) or nothing matching the filters.
 */
export function ListEmptyState(props: {
  access: IntegrationList['access'];
  filtering: boolean;
  canAdd: boolean;
  onAdd(): void;
}) {
  const { t } = useTranslationRef(integrationsTranslationRef);
  if (props.access === 'none') return <NoAccessState />;
  if (props.filtering) {
    return <Typography color="textSecondary">{t('page.noMatches')}</Typography>;
  }
  const all = props.access === 'all';
  return (
    <EmptyState
      missing="data"
      title={all ? t('page.emptyTitle') : t('access.emptySomeTitle')}
      description={
        all
          ? t('page.emptyDescription')
          : t('access.emptySomeDescription', {
              permission: integrationReadPermission.name,
            })
      }
      action={
        props.canAdd ? (
          <Button variant="contained" color="primary" onClick={props.onAdd}>
            {t('page.emptyAction')}
          </Button>
        ) : undefined
      }
    />
  );
}
