export { HealthDot } from './HealthDot';
export { ConnectionCheckSection } from './ConnectionCheckSection';
