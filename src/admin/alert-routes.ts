/**
 * Alert links for officers and supervisors: `POST /api/admin/alerts/link-code` → `{code, expiresAt}`
 * (send the code to the bot from Zalo or Messenger), `GET /api/admin/alerts` → `{linked}`,
 * `DELETE /api/admin/alerts/link` removes the link.
 */
import express, { type Router } from 'express';
import { canUseReports } from './access.js';
import { requireRole } from './auth-middleware.js';
import { currentStaff, type AdminContext } from './context.js';
import { sendError } from '../lib/responses.js';

/** Builds the alert routes (behind the session and CSRF guards). */
export function createAlertRoutes(ctx: AdminContext): Router {
  const router = express.Router();
  router.use('/api/admin/alerts', requireRole(canUseReports));

  router.post('/api/admin/alerts/link-code', async (_req, res) => {
    const username = currentStaff(res).username;
    const created = await ctx.alerts.createLinkCode(username);
    if (!created.ok) return sendError(res, 503, 'unavailable', 'no code available, please retry');
    await ctx.audit.append({ actor: username, action: 'alerts_link_code' });
    res.set('Cache-Control', 'no-store').json(created.value);
  });
  router.get('/api/admin/alerts', async (_req, res) => {
    res.json({ linked: await ctx.alerts.isLinked(currentStaff(res).username) });
  });
  router.delete('/api/admin/alerts/link', async (_req, res) => {
    const username = currentStaff(res).username;
    await ctx.alerts.unlink(username);
    await ctx.audit.append({ actor: username, action: 'alerts_unlink' });
    res.json({ ok: true });
  });
  return router;
}
