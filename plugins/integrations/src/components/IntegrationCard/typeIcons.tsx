import { useApp } from '@backstage/core-plugin-api';
import ExtensionIcon from '@material-ui/icons/Extension';
import MemoryIcon from '@material-ui/icons/Memory';
import PhoneIcon from '@material-ui/icons/Phone';
import PaymentIcon from '@material-ui/icons/Payment';
import ChatIcon from '@material-ui/icons/Chat';
import TimelineIcon from '@material-ui/icons/Timeline';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';

const builtInIcons: Record<string, typeof ExtensionIcon> = {
  ai: MemoryIcon,
  telephony: PhoneIcon,
  payments: PaymentIcon,
  messaging: ChatIcon,
  monitoring: TimelineIcon,
  other: ExtensionIcon,
};

/** The icon of a type: a built-in name, else an app system icon, else the puzzle piece. */
export function TypeIcon(props: {
  type?: IntegrationType;
  fontSize?: 'small' | 'default' | 'large';
}) {
  const app = useApp();
  const name = props.type?.icon ?? props.type?.id ?? 'other';
  const Icon = builtInIcons[name] ?? app.getSystemIcon(name) ?? ExtensionIcon;
  return <Icon fontSize={props.fontSize} aria-hidden />;
}
