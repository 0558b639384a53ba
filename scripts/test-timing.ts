// A node:test reporter for the unit lane's shared processes (scripts/test-shard.ts): it sums each
// file's top-level tests' durations and writes them as one TAP comment line at the end,
// `# seconds per file {"src/x.test.ts":1.2,…}`, which scripts/test.ts records with --record.

/** TestEvent is the part of a node:test reporter event this reporter reads. */
interface TestEvent {
  type: string;
  data: { nesting?: number; file?: string; details?: { duration_ms?: number } };
}

/** secondsPerFile is the reporter: it yields nothing until the run ends, then the one line. */
export default async function* secondsPerFile(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const seconds: Record<string, number> = {};
  for await (const { type, data } of source) {
    if ((type === 'test:pass' || type === 'test:fail') && data.nesting === 0 && data.file) {
      const file = data.file.startsWith(process.cwd()) ? data.file.slice(process.cwd().length + 1) : data.file;
      seconds[file] = (seconds[file] ?? 0) + (data.details?.duration_ms ?? 0) / 1000;
    }
  }
  yield `# seconds per file ${JSON.stringify(seconds)}\n`;
}
