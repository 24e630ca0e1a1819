/**
 * An open-loop load at a fixed rate, for the benchmark's "p99 at 1,000 messages a second": request i
 * leaves at start + i/rate whatever happened to the ones before, and its latency runs from that
 * scheduled time to the end of the response, so a stall in the server (or in this process) counts
 * in full. autocannon's `overallRate` is not that: it lets each connection send its quota for the
 * second back to back and then wait for the next second, a burst at every second boundary.
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
}

/** Sends `rate` requests a second for `seconds` to `url`, each built by `next`; `onOk` sees every 2xx. */
export async function pace<T extends PacedRequest>(url: string, rate: number, seconds: number, next: () => T, onOk: (req: T) => void): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const target = new URL(url);
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  const start = performance.now();
  const inFlight: Promise<void>[] = [];

  const fire = (scheduled: number) => {
    const req = next();
    inFlight.push(
      new Promise<void>((resolve) => {
        const r = request(
          { host: target.hostname, port: target.port, method: 'POST', path: req.path, headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) }, agent },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - scheduled);
              if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) {
                ok += 1;
                onOk(req);
              } else non2xx += 1;
              resolve();
            });
          },
        );
        r.on('error', () => {
          errors += 1;
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
        fire(start + (sent * 1000) / rate);
        sent += 1;
      }
      if (sent >= total) return done();
      setTimeout(tick, Math.max(0, start + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  stalls.disable();
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { sent, ok, non2xx, errors, okPerSecond: ok / elapsed, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: latencies.at(-1) ?? NaN, selfStallMs: stalls.max / 1e6 };
}
