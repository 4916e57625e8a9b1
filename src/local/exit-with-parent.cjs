// Preloaded into every local-mode child (node --require): if the process that started it disappears (even by
// SIGKILL, which it cannot catch), the child is re-parented; then it stops itself instead of running on orphaned.
// SIGTERM first (so it can shut down cleanly), exit after 5 s if it did not.
"use strict";
const startParent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === startParent) return;
  clearInterval(timer);
  setTimeout(() => process.exit(1), 5000).unref();
  process.kill(process.pid, "SIGTERM");
}, 500);
timer.unref();
