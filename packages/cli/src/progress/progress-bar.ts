/**
 * A progress bar on a terminal stream, shown only once reading has taken more
 * than `delayMs` (small files finish silently) and only on a TTY (so logs and
 * pipes stay clean).
 */
export function createProgressBar(
  stream: { isTTY?: boolean; columns?: number; write(text: string): unknown },
  label: string,
  now: () => number,
  delayMs = 400,
): { update(done: number, total: number): void; finish(): void } {
  const startedAt = now();
  let isShown = false;
  let lastDrawAt = 0;
  return {
    update(done, total) {
      if (!stream.isTTY || total <= 0) return;
      const time = now();
      if (time - startedAt < delayMs || time - lastDrawAt < 100) return;
      lastDrawAt = time;
      isShown = true;
      const ratio = Math.min(1, done / total);
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
      const filled = Math.round(ratio * width);
      const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(0)}% ${mb(done)}/${mb(total)} MB`,
      );
    },
    finish() {
      if (isShown) stream.write('\r\x1b[K');
    },
  };
}
