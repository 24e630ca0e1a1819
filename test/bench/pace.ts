/**
 * An open-loop load at a fixed rate, for the benchmark's "p99 at 1,000 messages a second": request i
 * leaves at start + i/rate whatever happened to the ones before, and its latency runs from that
 * scheduled time to the end of the response, so a stall in the server (or in this process) counts
 * in full. autocannon's `overallRate` is not that: it lets each connection send its quota for the
 * second back to back and then wait for the next second, a burst at every second boundary.
 *
 * The first `rampSeconds` run at the same rate but are left out of the percentiles: they open the
 * connections (a platform keeps its connections to a webhook alive), and a burst of new connections
 * into a busy process is a different figure, reported apart as `withRamp`.
 */
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** One request to send: path, headers and body. */
export interface PacedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface PacedResult {
  sent: number;
  /** Responses with a 2xx status. */
  ok: number;
  non2xx: number;
  errors: number;
  /** Achieved rate of 2xx responses per second over the run. */
  okPerSecond: number;
  /** Latency percentiles from the scheduled send time, ms. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The longest stall of this process's own event loop during the run, ms (it adds to the latencies). */
  selfStallMs: number;
  /** Over every request, the ramp included: p99 and max (ms), non-2xx answers and errors. */
  withRamp: { p99: number; max: number; non2xx: number; errors: number };
}

/**
 * Sends `rate` requests a second for `rampSeconds` + `seconds` to `url`, each built by `next`; `onOk`
 * sees every 2xx. Counts and percentiles are over the `seconds` after the ramp.
 */
export async function pace<T extends PacedRequest>(
  url: string,
  rate: number,
  seconds: number,
  next: () => T,
  onOk: (req: T) => void,
  rampSeconds = 1,
): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const target = new URL(url);
  const ramp = Math.round(rate * rampSeconds);
  const total = ramp + Math.round(rate * seconds);
  /** What came back: measured (after the ramp) and during the ramp, counted alike. */
  const tally = () => ({ latencies: [] as number[], ok: 0, non2xx: 0, errors: 0 });
  const measured = tally();
  const ramped = tally();
  let sent = 0;
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  const start = performance.now();
  const inFlight: Promise<void>[] = [];

  const fire = (scheduled: number, into: ReturnType<typeof tally>) => {
    const req = next();
    inFlight.push(
      new Promise<void>((resolve) => {
        const r = request(
          {
            host: target.hostname,
            port: target.port,
            method: 'POST',
            path: req.path,
            headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
            agent,
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              into.latencies.push(performance.now() - scheduled);
              if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
                into.ok += 1;
                onOk(req);
              } else into.non2xx += 1;
              resolve();
            });
          },
        );
        r.on('error', () => {
          into.errors += 1;
          resolve();
        });
        r.end(req.body);
      }),
    );
  };

  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) {
        fire(start + (sent * 1000) / rate, sent >= ramp ? measured : ramped);
        sent += 1;
      }
      if (sent >= total) return done();
      setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  stalls.disable();
  const elapsed = (performance.now() - start) / 1000 - rampSeconds;
  agent.destroy();
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  const at = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
  const steady = sorted(measured.latencies);
  const all = sorted([...ramped.latencies, ...measured.latencies]);
  return {
    sent: total - ramp,
    ok: measured.ok,
    non2xx: measured.non2xx,
    errors: measured.errors,
    okPerSecond: measured.ok / elapsed,
    p50: at(steady, 0.5),
    p90: at(steady, 0.9),
    p99: at(steady, 0.99),
    max: steady.at(-1) ?? NaN,
    selfStallMs: stalls.max / 1e6,
    withRamp: { p99: at(all, 0.99), max: all.at(-1) ?? NaN, non2xx: measured.non2xx + ramped.non2xx, errors: measured.errors + ramped.errors },
  };
}
