/**
 * PKCS#11 key provider for the Integrations backend: the key-encryption key
 * stays in the adopter's HSM.
 *
 * @packageDocumentation
 */
export { integrationsModulePkcs11Keys as default } from './module';
export { Pkcs11KeyProvider } from './Pkcs11KeyProvider';
