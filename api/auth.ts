// Bearer JWTs: HS256 with a shared secret (embedded/demo), or an identity
// provider's keys (JWKS) with issuer and audience checked (production).
import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ActorSchema, type Actor } from '../domain/actors.js';
import { findUnsafeText } from '../domain/text.js';
import type { AuthConfig } from '../platform/config.js';
import { unauthorized } from './errors.js';

/** Issuer and audience of the tokens this deployment signs itself. */
export const LOCAL_ISSUER = 'zhucun';
export const LOCAL_AUDIENCE = 'zhucun-api';

const ClaimsSchema = z.object({
  sub: ActorSchema.shape.id,
  name: ActorSchema.shape.name,
  role: ActorSchema.shape.role,
  jurisdiction: ActorSchema.shape.jurisdiction,
  body: ActorSchema.shape.body,
  email: ActorSchema.shape.email,
});

export type Authenticate = (authorization: string | undefined) => Promise<Actor>;

export function createAuthenticator(auth: AuthConfig): Authenticate {
  let verify: (token: string) => Promise<unknown>;
  if (auth.kind === 'hs256') {
    const key = new TextEncoder().encode(auth.secret);
    verify = async (token) =>
      (
        await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          requiredClaims: ['exp'],
        })
      ).payload;
  } else {
    const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(auth.jwksUrl));
    verify = async (token) =>
      (
        await jwtVerify(token, jwks, {
          issuer: auth.issuer,
          audience: auth.audience,
          requiredClaims: ['exp'],
        })
      ).payload;
  }

  return async (authorization) => {
    const m = /^Bearer\s+([A-Za-z0-9_.~+/=-]+)\s*$/i.exec(authorization ?? '');
    if (!m) throw unauthorized();
    let payload: unknown;
    try {
      payload = await verify(m[1]!);
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw unauthorized('the token has expired; sign in again');
      if (err instanceof joseErrors.JOSEError) throw unauthorized('the token is not valid');
      throw err;
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success)
      throw unauthorized('the token lacks the actor claims (sub, name, role, jurisdiction)');
    // The actor's id and name go into every log entry they cause: the same
    // rule as any text the record takes.
    const unfit = findUnsafeText(claims.data);
    if (unfit)
      throw unauthorized(`the token's ${unfit.path.join('.')} claim is not fit for the record`);
    const { sub, body, email, ...rest } = claims.data;
    return { id: sub, ...rest, ...(body ? { body } : {}), ...(email ? { email } : {}) };
  };
}
