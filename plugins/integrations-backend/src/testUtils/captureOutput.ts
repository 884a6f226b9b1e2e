/**
 * Collects everything written to stdout, stderr and the console until
 * `restore`, so a test can prove a secret was never logged.
 * @public
 */
export function captureOutput() {
  const chunks: string[] = [];
  const collect = (text: string) => chunks.push(text);
  const streams = [process.stdout, process.stderr];
  const writes = streams.map(stream => stream.write);
  const write = ((chunk: unknown, ...rest: unknown[]) => {
    collect(String(chunk));
    const callback = rest.find(r => typeof r === 'function');
    if (callback) (callback as () => void)();
    return true;
  }) as typeof process.stdout.write;
  streams.forEach(stream => {
    stream.write = write;
  });
  const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const consoleMethods = levels.map(level => console[level]);
  const print = (...args: unknown[]) =>
    collect(`${args.map(String).join(' ')}\n`);
  levels.forEach(level => {
    console[level] = print;
  });
  return {
    text: () => chunks.join(''),
    restore: () => {
      streams.forEach((stream, i) => {
        stream.write = writes[i];
      });
      levels.forEach((level, i) => {
        console[level] = consoleMethods[i];
      });
    },
  };
}
