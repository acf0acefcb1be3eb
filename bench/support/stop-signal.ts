/** Rejects when the run exceeds `timeoutMs` or the process is asked to stop; `dispose` removes both triggers. */
export function stopSignal(timeoutMs: number): { stopped: Promise<never>; dispose: () => void } {
  let dispose = (): void => undefined;
  const stopped = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`The bench did not finish within ${timeoutMs} ms`)), timeoutMs);
    const onSignal = (signal: NodeJS.Signals): void => reject(new Error(`Stopped by ${signal}`));
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    dispose = () => {
      clearTimeout(timer);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    };
  });
  return { stopped, dispose };
}
