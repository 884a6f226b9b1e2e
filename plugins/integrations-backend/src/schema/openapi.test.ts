import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  UNSAFE_LINE_CHARACTERS,
  UNSAFE_TEXT_CHARACTERS,
} from '@integrations-hub/backstage-plugin-integrations-common';
import { spec } from './openapi';

describe('the OpenAPI document', () => {
  it('matches the generated router, models and client', () => {
    // Fails (with the command to run) when openapi.yaml changed but was not regenerated.
    const output = execFileSync(
      process.execPath,
      [join(__dirname, '../../scripts/generate-openapi.mjs'), '--check'],
      { encoding: 'utf8' },
    );
    expect(output).toContain('up to date');
  });

  it('gives every operation an operationId', () => {
    const operations = Object.values<any>(spec.paths).flatMap(item =>
      ['get', 'post', 'put', 'delete', 'patch']
        .filter(m => item[m])
        .map(m => item[m]),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) {
      expect(operation.operationId).toMatch(/^[A-Z][A-Za-z]+$/);
    }
  });

  it('refuses the same characters as the shared validation', () => {
    const patterns = spec['x-safe-patterns'];
    const refuses = (pattern: string, value: string) =>
      !new RegExp(pattern, 'u').test(value);
    for (let code = 0; code <= 0x2070; code++) {
      const char = String.fromCharCode(code);
      expect({ code, line: refuses(patterns.line, char) }).toEqual({
        code,
        line: UNSAFE_LINE_CHARACTERS.test(char),
      });
      expect({ code, text: refuses(patterns.text, char) }).toEqual({
        code,
        text: UNSAFE_TEXT_CHARACTERS.test(char),
      });
    }
    for (const lone of ['\ud800', '\udbff', '\udc00', '\udfff']) {
      expect(refuses(patterns.line, `a${lone}b`)).toBe(true);
    }
    expect(refuses(patterns.line, 'emoji 😀 ok')).toBe(false);
  });
});
