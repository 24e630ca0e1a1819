/**
 * Limits per web chat client, counted by a pseudonym of its IP address (never the address): requests
 * a minute on the chat API (429 beyond), and reports, lookups and sign-ups an hour inside turns.
 */
import type { RequestHandler } from 'express';
import type { ClientAction, ClientLimit } from '../core/ports.js';
import { currentWebClient } from '../channels/web/client.js';
import { pseudonymize, type DerivedKeys } from '../lib/crypto.js';
import { createRateLimiter, type RateCounter, type RateCounters, type RateLimiter } from '../lib/rate-limit.js';

/** One client IP's counter of `what`, owned by a pseudonym of the IP (never the IP). */
const ipCounter = (secrets: Pick<DerivedKeys, 'pseudonym'>, ip: string, what: string): RateCounter => ({
  ip: pseudonymize(secrets.pseudonym, 'ip', ip),
  name: what,
});

/**
 * Web chat requests per client IP and minute; 429 with Retry-After beyond. `what` names the counter:
 * `rate` for messages, `poll` for the page's polls of waiting messages.
 */
export function webIpLimit(counters: RateCounters, secrets: DerivedKeys, perMinute: number, onLimited: () => void, what = 'rate'): RequestHandler {
  const limiter = createRateLimiter({ counters, limit: perMinute, windowSeconds: 60 });
  return async (req, res, next) => {
    const rate = await limiter.hit(ipCounter(secrets, req.ip ?? 'unknown', what));
    if (rate.allowed) return next();
    onLimited();
    res.setHeader('retry-after', String(rate.retryAfterSeconds));
    res.status(429).json({ error: { code: 'rate_limited', message: 'too many requests, please wait a minute' } });
  };
}

/**
 * Reports sent, lookups and sign-ups an hour per web chat client IP (the turn's client, see
 * channels/web/client.ts); turns of platform channels are not counted. Returns the seconds to wait, or 0.
 */
export function webClientLimit(
  counters: RateCounters,
  secrets: DerivedKeys,
  perHour: Record<ClientAction, number>,
  onLimited: (action: ClientAction) => void,
): ClientLimit {
  const limiters = Object.fromEntries(
    Object.entries(perHour).map(([action, limit]) => [action, createRateLimiter({ counters, limit, windowSeconds: 3600 })]),
  ) as Record<ClientAction, RateLimiter>;
  return async (action) => {
    const ip = currentWebClient();
    if (ip === undefined) return 0;
    const rate = await limiters[action].hit(ipCounter(secrets, ip, action));
    if (rate.allowed) return 0;
    onLimited(action);
    return rate.retryAfterSeconds;
  };
}
