import process from 'node:process';

const MB = 1024 * 1024;

/**
 * Peak resident memory of this process (workers included) while a measurement runs, in MB.
 * Samples RSS every 5 ms and after each call; when the kernel's own peak (getrusage maxRSS) rose
 * during the measurement, that exact peak is used instead. GPU memory is not seen.
 * @returns {{ sample(): void, stop(): number }}
 */
export function startMemoryProbe() {
  const maxRssBefore = process.resourceUsage().maxRSS; // KB
  let peak = process.memoryUsage.rss();
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 5);
  timer.unref();
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      const maxRssAfter = process.resourceUsage().maxRSS;
      const bytes = maxRssAfter > maxRssBefore ? maxRssAfter * 1024 : peak;
      return Math.round((bytes / MB) * 10) / 10;
    },
  };
}
