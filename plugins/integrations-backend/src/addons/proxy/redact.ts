import { Transform, TransformCallback } from 'node:stream';

export const REDACTED = '[redacted]';

/** Values shorter than this are not replaced: they would match ordinary text. */
const MIN_LENGTH = 4;

/**
 * The forms an injected value can come back in: as sent, percent-encoded (a
 * query parameter) and JSON-escaped. Longest first, so a value is replaced
 * whole before a shorter one inside it.
 */
export function redactionForms(values: string[]): string[] {
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_LENGTH) continue;
    forms.add(value);
    forms.add(encodeURIComponent(value));
    forms.add(JSON.stringify(value).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every form of the values in a byte stream, also when one spans
 * two chunks: it holds back only a tail that could still grow into a value,
 * so a stream of events (SSE) still arrives event by event. Works on bytes
 * (latin1 strings map one char to one byte), so no multi-byte character is
 * split or altered.
 */
export class RedactingStream extends Transform {
  private readonly forms: string[];
  private readonly pattern?: RegExp;
  private held = '';

  constructor(values: string[]) {
    super();
    this.forms = redactionForms(values).map(v =>
      Buffer.from(v, 'utf8').toString('latin1'),
    );
    if (this.forms.length) {
      this.pattern = new RegExp(
        this.forms.map(f => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
        'g',
      );
    }
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    if (!this.pattern) {
      done(null, chunk);
      return;
    }
    const text = (this.held + chunk.toString('latin1')).replace(
      this.pattern,
      REDACTED,
    );
    const keep = this.partialTail(text);
    this.held = text.slice(text.length - keep);
    const out = text.slice(0, text.length - keep);
    done(null, out.length ? Buffer.from(out, 'latin1') : undefined);
  }

  _flush(done: TransformCallback) {
    done(null, this.held.length ? Buffer.from(this.held, 'latin1') : undefined);
  }

  /** Length of the longest end of `text` that begins some form without completing it. */
  private partialTail(text: string): number {
    const longest = Math.min(text.length, this.forms[0].length - 1);
    for (let length = longest; length > 0; length--) {
      const tail = text.slice(text.length - length);
      if (this.forms.some(f => f.length > length && f.startsWith(tail))) {
        return length;
      }
    }
    return 0;
  }
}
