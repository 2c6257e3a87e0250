/**
 * Runs `task` one at a time. Calls made while it runs fold into one more run after it, so a burst of
 * changes costs at most two runs and the last run always sees the latest state.
 */
export function coalesce(task: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      await task().catch(() => undefined); // an effect is a convenience: its failure must not break what caused it
    } while (again);
    running = null;
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    return (running = loop());
  };
}
