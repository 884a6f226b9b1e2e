import express from 'express';
import { InputError } from '@backstage/errors';

const BODY_LIMIT = '256kb';

class PayloadTooLargeError extends Error {
  name = 'PayloadTooLargeError';
}

/**
 * JSON bodies up to 256 kB, or the limit given for a route (`POST /path`).
 * body-parser's own errors carry the raw body (and Node's JSON.parse message
 * quotes part of it), so they are replaced by plain ones.
 */
export function jsonBody(
  limits: Record<string, string> = {},
): express.RequestHandler[] {
  const parsers = new Map<string, express.RequestHandler>();
  const parserFor = (limit: string) => {
    if (!parsers.has(limit)) parsers.set(limit, express.json({ limit }));
    return parsers.get(limit)!;
  };
  return [
    (req, res, next) => {
      const limit = limits[`${req.method} ${req.path}`] ?? BODY_LIMIT;
      parserFor(limit)(req, res, error => {
        if (!error) return next();
        const type = (error as { type?: string }).type;
        if (type === 'entity.too.large') {
          return next(
            new PayloadTooLargeError(`Request body is larger than ${limit}`),
          );
        }
        if (type === 'entity.parse.failed') {
          return next(new InputError('Request body is not valid JSON'));
        }
        return next(
          new InputError(
            'Request body could not be read; send JSON with Content-Type: application/json',
          ),
        );
      });
    },
  ];
}
