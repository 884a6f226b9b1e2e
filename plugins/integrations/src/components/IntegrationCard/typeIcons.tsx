import { ComponentType } from 'react';
import { Box, SvgIconProps } from '@material-ui/core';
import { useApp } from '@backstage/core-plugin-api';
import { coreApis, useApiHolder } from '@backstage/frontend-plugin-api';
import MemoryIcon from '@material-ui/icons/Memory';
import PhoneIcon from '@material-ui/icons/Phone';
import PaymentIcon from '@material-ui/icons/Payment';
import ChatIcon from '@material-ui/icons/Chat';
import TimelineIcon from '@material-ui/icons/Timeline';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationsIcon } from '../IntegrationsIcon';

const builtInIcons: Record<string, ComponentType<SvgIconProps>> = {
  ai: MemoryIcon,
  telephony: PhoneIcon,
  payments: PaymentIcon,
  messaging: ChatIcon,
  monitoring: TimelineIcon,
  other: IntegrationsIcon,
};

/** The icon of a type: a built-in name, else an app icon, else the Integrations plug. */
export function TypeIcon(props: { type?: IntegrationType }) {
  const icons = useApiHolder().get(coreApis.icons);
  const app = useApp();
  const name = props.type?.icon ?? props.type?.id ?? 'other';
  const BuiltIn = builtInIcons[name];
  if (BuiltIn) return <BuiltIn aria-hidden />;
  // The new frontend system hands out icons as elements; legacy apps only as components.
  const LegacyIcon = icons ? undefined : app.getSystemIcon(name);
  const appIcon = icons?.icon(name) ?? (LegacyIcon && <LegacyIcon />);
  if (!appIcon) return <IntegrationsIcon aria-hidden />;
  return (
    <Box component="span" display="inline-flex" aria-hidden>
      {appIcon}
    </Box>
  );
}
