// A node:test reporter for the processes that run several test files (scripts/test-shard.ts): it takes
// each file's suite's duration and writes them all as one TAP comment line at the end,
// `# seconds per file {"src/x.test.ts":1.2,…}`, which scripts/test.ts records with --record.

/** TestEvent is the part of a node:test reporter event this reporter reads. */
interface TestEvent {
  type: string;
  data: { nesting?: number; name?: string; details?: { duration_ms?: number } };
}

/** secondsPerFile is the reporter: it yields nothing until the run ends, then the one line. */
export default async function* secondsPerFile(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const seconds: Record<string, number> = {};
  for await (const { type, data } of source) {
    // scripts/test-shard.ts names each file's suite after the file.
    if ((type === 'test:pass' || type === 'test:fail') && data.nesting === 0 && data.name?.endsWith('.test.ts'))
      seconds[data.name] = (data.details?.duration_ms ?? 0) / 1000;
  }
  yield `# seconds per file ${JSON.stringify(seconds)}\n`;
}
