/** A credential read from a `.env` line: key and value, the value never shown. */
interface EnvEntry {
  key: string;
  value: string;
}

interface ParsedEnv {
  entries: EnvEntry[];
  /** 1-based numbers of lines that are neither blank, a comment nor KEY=VALUE. */
  skipped: number[];
}

const LINE = /^([^=\s]+)\s*=\s*(.*)$/;

function unquote(raw: string): string {
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.length > 1) {
    const end = raw.lastIndexOf(quote);
    if (end > 0) return raw.slice(1, end);
  }
  // Unquoted: a ` #` starts a comment, as dotenv reads it.
  return raw.replace(/\s+#.*$/, '').trim();
}

/**
 * `KEY=VALUE` lines of a `.env` text. Blank lines and `#` comments are
 * ignored, an `export ` prefix is dropped and surrounding quotes stripped;
 * duplicate keys are kept so validation can name them.
 */
export function parseEnv(text: string): ParsedEnv {
  const entries: EnvEntry[] = [];
  const skipped: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const match = LINE.exec(trimmed.replace(/^export\s+/, ''));
    if (!match) {
      skipped.push(index + 1);
      return;
    }
    entries.push({ key: match[1], value: unquote(match[2].trim()) });
  });
  return { entries, skipped };
}
