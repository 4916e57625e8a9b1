/**
 * Calls `onOrphaned` once if this process's parent goes away (the process is re-parented), e.g. when `npm start`
 * is killed and npm's shell does not pass the signal on. Polls process.ppid; the timer does not keep the process alive.
 */
export function watchParent(onOrphaned: () => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
