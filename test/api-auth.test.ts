// Production sign-in: tokens from an identity provider, verified against the
// keys it publishes (a real JWKS endpoint on loopback), issuer and audience checked.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, type Authenticate } from '../api/auth.js';
import { HttpError } from '../api/errors.js';
import { loadConfig } from '../platform/config.js';

const ISSUER = 'https://idp.zhucun.test';
const AUDIENCE = 'zhucun-api';
let server: Server;
let privateKey: CryptoKey;
let authenticate: Authenticate;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const config = loadConfig({
    DATABASE_URL: 'postgres://u@localhost/db',
    AUTH_JWKS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
  });
  authenticate = createAuthenticator(config.auth);
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const claims = {
  name: 'Wuming District Organization Department',
  role: 'county_org',
  jurisdiction: 'gx/nanning/wuming',
};
function token(
  overrides: {
    iss?: string;
    aud?: string;
    exp?: string | number;
    key?: CryptoKey;
    kid?: string;
  } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? 'k1' })
    .setSubject('org-wuming')
    .setIssuer(overrides.iss ?? ISSUER)
    .setAudience(overrides.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(overrides.exp ?? '10m')
    .sign(overrides.key ?? privateKey);
}

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof HttpError) return err.status;
    throw err;
  }
}

describe('JWKS sign-in', () => {
  it('accepts a token signed by a published key, for this issuer and audience', async () => {
    const actor = await authenticate(`Bearer ${await token()}`);
    expect(actor).toEqual({ id: 'org-wuming', ...claims });
  });

  it('refuses another audience, another issuer, an expired token, or an unknown key', async () => {
    expect(await statusOf(authenticate(`Bearer ${await token({ aud: 'another-app' })}`))).toBe(401);
    expect(
      await statusOf(authenticate(`Bearer ${await token({ iss: 'https://evil.test' })}`)),
    ).toBe(401);
    expect(
      await statusOf(
        authenticate(`Bearer ${await token({ exp: Math.floor(Date.now() / 1000) - 60 })}`),
      ),
    ).toBe(401);
    const stranger = await generateKeyPair('RS256');
    expect(
      await statusOf(
        authenticate(`Bearer ${await token({ key: stranger.privateKey, kid: 'k2' })}`),
      ),
    ).toBe(401);
    expect(
      await statusOf(authenticate(`Bearer ${await token({ key: stranger.privateKey })}`)),
    ).toBe(401);
  });

  it('refuses an HS256 token when keys are published (no algorithm confusion)', async () => {
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('org-wuming')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a-shared-secret-someone-guessed-at-32-chars'));
    expect(await statusOf(authenticate(`Bearer ${hs}`))).toBe(401);
  });
});
