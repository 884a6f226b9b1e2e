export { OAuthStatus } from './OAuthStatus';
