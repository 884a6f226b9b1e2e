import { Integration } from '@integrations-hub/backstage-plugin-integrations-common';
import { useIntegrationUsage } from '../../hooks/useIntegrationUsage';
import { CheckHistory } from '../ConnectionCheck';
import { ProjectAssignments } from '../DrawerTabs/ProjectAssignments';
import { UsedBy } from '../DrawerTabs/UsedBy';
import { VersionsList } from '../DrawerTabs/VersionsList';
import { HistoryList } from './HistoryList';

/** The drawer's tabs after Details, in order. */
export const SAVED_TABS = [
  'projects',
  'versions',
  'usage',
  'checks',
  'history',
] as const;

export type DrawerTab = 'details' | (typeof SAVED_TABS)[number];

/** One tab of a saved integration after Details; each loads its own data when opened. */
export function DrawerTabPanel(props: {
  tab: Exclude<DrawerTab, 'details'>;
  integration: Integration;
  canUpdate: boolean;
  usage: ReturnType<typeof useIntegrationUsage>;
}) {
  const { tab, integration, canUpdate, usage } = props;
  switch (tab) {
    case 'projects':
      return (
        <ProjectAssignments
          integrationId={integration.id}
          canUpdate={canUpdate}
          usage={usage.usage}
        />
      );
    case 'versions':
      return (
        <VersionsList
          integrationId={integration.id}
          canUpdate={canUpdate}
          usage={usage.usage}
        />
      );
    case 'usage':
      return <UsedBy usage={usage.usage} error={usage.error} />;
    case 'checks':
      return <CheckHistory integrationId={integration.id} />;
    default:
      return <HistoryList integrationId={integration.id} />;
  }
}
