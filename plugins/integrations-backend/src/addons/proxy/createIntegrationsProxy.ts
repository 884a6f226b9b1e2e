import {
  AuditorService,
  HttpAuthService,
  LifecycleService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import express from 'express';
import { AddressPolicy } from '../../core/net/addressPolicy';
import { LookupFunction, systemLookup } from '../../core/net/pinnedLookup';
import { IntegrationGate } from '../../core/permissions/IntegrationGate';
import { readProxyConfig } from './config';
import { ProxyForwarder } from './forward';
import { createProxyRouter, ProxyUsage } from './proxy.router';
import { OpenForUse, ProxyService } from './ProxyService';

/**
 * The managed proxy, an add-on: reads its config, and gives the raw router
 * to mount and whether a type has the proxy on (for integration pages).
 */
export function createIntegrationsProxy(options: {
  config: Config;
  typeIds: string[];
  gate: IntegrationGate;
  openForUse: OpenForUse;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  usage?: ProxyUsage;
  lookup?: LookupFunction;
  /** Closes the pooled upstream sockets at shutdown. */
  lifecycle?: LifecycleService;
}): { router: express.Router; service: ProxyService } {
  const config = readProxyConfig(options.config, options.typeIds);
  const service = new ProxyService({
    gate: options.gate,
    config,
    openForUse: options.openForUse,
  });
  const forwarder = new ProxyForwarder({
    policy: new AddressPolicy(
      config.allowedCidrs,
      'integrationsHub.proxy.allowedCidrs',
    ),
    lookup: options.lookup ?? systemLookup,
    limits: config.limits,
    ca: config.caCertificates,
  });
  options.lifecycle?.addShutdownHook(() => forwarder.close());
  return {
    service,
    router: createProxyRouter({
      httpAuth: options.httpAuth,
      auditor: options.auditor,
      service,
      forwarder,
      usage: options.usage,
    }),
  };
}
