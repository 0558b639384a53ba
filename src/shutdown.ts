/**
 * stopOnSignals gives a running server a graceful stop on SIGTERM or SIGINT: it stops
 * accepting, finishes what it holds (Running.close) and exits 0, or exits 1 once
 * timeoutMs has passed without finishing. A second signal exits at once.
 */
export function stopOnSignals(close: () => Promise<void>, timeoutMs: number, say: (line: string) => void = console.error): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      say(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    say(`${signal}: stopping (finishing requests in flight, at most ${timeoutMs} ms)`);
    const timer = setTimeout(() => {
      say(`graceful stop took longer than ${timeoutMs} ms (HREG_SHUTDOWN_TIMEOUT_MS): exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        say('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        say(`stop failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);
}
