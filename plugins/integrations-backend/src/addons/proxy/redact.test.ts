import { Readable } from 'node:stream';
import { RedactingStream, REDACTED } from './redact';

const SECRET = 'sk-canary-9a8b7c6d';

async function through(chunks: string[], values = [SECRET]) {
  const out: string[] = [];
  const stream = Readable.from(chunks.map(c => Buffer.from(c))).pipe(
    new RedactingStream(values),
  );
  for await (const chunk of stream) out.push(chunk.toString());
  return out;
}

describe('RedactingStream', () => {
  it('replaces a value split at every possible point between two chunks', async () => {
    const text = `{"echo":"Bearer ${SECRET}","n":1}`;
    for (let cut = 1; cut < text.length; cut++) {
      const out = (await through([text.slice(0, cut), text.slice(cut)])).join(
        '',
      );
      expect(out).toBe(`{"echo":"Bearer ${REDACTED}","n":1}`);
    }
  });

  it('replaces the percent-encoded and JSON-escaped forms', async () => {
    const value = 'p@ss/"word"';
    const out = await through(
      [`a=${encodeURIComponent(value)} b=${JSON.stringify(value)}`],
      [value],
    );
    expect(out.join('')).toBe(`a=${REDACTED} b="${REDACTED}"`);
  });

  it('holds back nothing that cannot begin a value, so events pass one by one', async () => {
    const stream = new RedactingStream([SECRET]);
    const seen: string[] = [];
    stream.on('data', chunk => seen.push(chunk.toString()));
    for (const event of ['data: one\n\n', 'data: two\n\n']) {
      await new Promise(r => stream.write(Buffer.from(event), r));
      // Each event is out before the next is written.
      expect(seen[seen.length - 1]).toBe(event);
    }
    expect(seen).toEqual(['data: one\n\n', 'data: two\n\n']);
  });

  it('leaves multi-byte text intact', async () => {
    const text = 'grüße → 日本 ✓';
    const bytes = Buffer.from(text);
    const out: Buffer[] = [];
    const stream = Readable.from([
      bytes.subarray(0, 5),
      bytes.subarray(5),
    ]).pipe(new RedactingStream([SECRET]));
    for await (const chunk of stream) out.push(chunk);
    expect(Buffer.concat(out).toString()).toBe(text);
  });
});
