export { ProxyStatus } from './ProxyStatus';
