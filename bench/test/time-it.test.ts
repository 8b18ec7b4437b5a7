import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBenchFlags, WARMUP_SECONDS } from '../src/flags.mjs';
import { timeAlternately, timeIt } from '../src/time-it.mjs';

/** A fake clock in ms and functions that advance it by their next duration, logging each call. */
function fakeClock() {
  let t = 0;
  const calls: string[] = [];
  const now = () => t;
  const step = (name: string, durations: number[]) => {
    let i = 0;
    return () => {
      calls.push(name);
      t += durations[Math.min(i++, durations.length - 1)];
    };
  };
  return { now, step, calls };
}

describe('timeIt / timeAlternately: the one timing rule', () => {
  it('runs `warmup` untimed calls, then `reps` timed calls; median, min and max of the timed ones', async () => {
    const clock = fakeClock();
    // warm-up calls take 100 ms (never seen in the result), then 5, 1, 9, 3
    const fn = clock.step('a', [100, 100, 5, 1, 9, 3]);
    const t = await timeIt(fn, { warmup: 2, reps: 4, now: clock.now });
    expect(clock.calls).toHaveLength(6);
    expect(t.times).toEqual([5, 1, 9, 3]);
    expect(t).toMatchObject({ medianMs: 4, minMs: 1, maxMs: 9, reps: 4, cpuMedianMs: null });
  });

  it('keeps warming up until warmupSeconds have passed, even after `warmup` calls', async () => {
    const clock = fakeClock();
    const fn = clock.step('a', [100]);
    await timeIt(fn, { warmup: 1, warmupSeconds: 0.35, reps: 1, now: clock.now });
    expect(clock.calls).toHaveLength(4 + 1); // 4 warm-ups reach 400 ms >= 350 ms, then one timed call
  });

  it('stops timing once maxSeconds are spent, but always times one call', async () => {
    const clock = fakeClock();
    const t = await timeIt(clock.step('a', [400]), { warmup: 0, reps: 10, maxSeconds: 1, now: clock.now });
    expect(t.times).toEqual([400, 400, 400]); // 1200 ms >= 1 s after the third
    const once = await timeIt(clock.step('b', [5000]), { warmup: 0, reps: 10, maxSeconds: 1, now: clock.now });
    expect(once.reps).toBe(1);
  });

  it('alternates the functions call by call, warm-up included, and times each separately', async () => {
    const clock = fakeClock();
    const [a, b] = await timeAlternately([clock.step('a', [2]), clock.step('b', [7])], { warmup: 1, reps: 2, now: clock.now });
    expect(clock.calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect([a.medianMs, b.medianMs]).toEqual([2, 7]);
  });

  it('measures process CPU time when asked (a busy loop costs CPU time)', async () => {
    const spin = () => {
      const end = performance.now() + 20;
      while (performance.now() < end);
    };
    const t = await timeIt(spin, { warmup: 0, reps: 2, cpu: true });
    expect(t.cpuTimes).toHaveLength(2);
    expect(t.cpuMinMs).toBeGreaterThan(10);
  });

  it('refuses zero repetitions', async () => {
    await expect(timeIt(() => {}, { reps: 0 })).rejects.toThrow(/reps >= 1/);
  });
});

describe('parseBenchFlags: the package scripts\' shared flags', () => {
  afterEach(() => vi.restoreAllMocks());
  const spec = { usage: 'usage: x', reps: 9, warmup: 2, torch: true, out: true, options: { threads: { type: 'string' as const, default: '2' } } };

  it('gives the script defaults and the timing options for timeIt', () => {
    const f = parseBenchFlags(spec, []);
    expect(f).toMatchObject({ reps: 9, warmup: 2, out: undefined, torch: true, timing: { warmup: 2, warmupSeconds: WARMUP_SECONDS, reps: 9 } });
    expect(f.values.threads).toBe('2');
  });

  it('reads the common flags, --runs as --reps, and the script\'s own', () => {
    const f = parseBenchFlags(spec, ['--runs', '3', '--warmup=0', '--no-torch', '--out', 'r.json', '--threads', '1']);
    expect(f).toMatchObject({ reps: 3, warmup: 0, out: 'r.json', torch: false, timing: { reps: 3, warmup: 0 } });
    expect(f.values.threads).toBe('1');
  });

  it.each([
    [['--reps', '0'], /--reps needs an integer >= 1, got 0/],
    [['--reps', 'x'], /--reps needs an integer >= 1, got x/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--out', 'f'], /Unknown option '--out'/], // a script that saves nothing has no --out
  ])('prints the usage and exits 2 on %j', (argv, message) => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => parseBenchFlags({ usage: 'usage: x', reps: 5 }, argv)).toThrow('exit 2');
    expect(exit).toHaveBeenCalledWith(2);
    expect(String(error.mock.calls[0][0])).toMatch(message);
    expect(String(error.mock.calls[0][0])).toContain('usage: x');
  });
});
