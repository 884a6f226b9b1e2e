export { HealthDot } from './HealthDot';
export { ConnectionCheckSection } from './ConnectionCheckSection';
export { CheckHistory } from './CheckHistory';
