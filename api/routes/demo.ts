// Sign-in for the embedded demo: the demo actors with freshly signed tokens, so
// that the web page can offer "act as …" instead of a pasted token. Outside the
// embedded deployment (or when an identity provider signs the tokens) the
// endpoint does not exist: 404, like any unknown path.
import { Router } from 'express';
import type { ApiDeps } from '../deps.js';
import { DEMO_ACTORS, signDemoToken } from '../demo.js';
import { notFound } from '../errors.js';

/** Short-lived: a browser tab's sign-in, not the 30-day tokens printed at start-up. */
export const DEMO_SIGN_IN_TTL = '8h';

export function demoRoutes(deps: Pick<ApiDeps, 'config'>): Router {
  const router = Router();
  router.get('/api/demo/actors', async (req, res) => {
    const { config } = deps;
    if (!config.embedded || config.auth.kind !== 'hs256')
      throw notFound(`${req.method} ${req.path}`);
    const secret = config.auth.secret;
    const items = await Promise.all(
      DEMO_ACTORS.map(async (actor) => ({
        ...actor,
        token: await signDemoToken(actor, secret, { expiresIn: DEMO_SIGN_IN_TTL }),
      })),
    );
    // Tokens are credentials: never cached by the browser or a proxy.
    res.set('cache-control', 'no-store');
    res.json({ items });
  });
  return router;
}
