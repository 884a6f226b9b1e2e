/**
 * Types, permissions and validation shared by the Integrations plugins.
 *
 * @packageDocumentation
 */
export * from './types';
// Operation types and the generated HTTP client; models come through ./types.
export * from './schema/openapi/generated/apis';
export * from './permissions';
export * from './validation';
export * from './pauseAndRollback';
export * from './events';
