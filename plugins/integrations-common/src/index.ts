/**
 * Types, permissions and validation shared by the Integrations plugins.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './validation';
export * from './operate';
export * from './events';
