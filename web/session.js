// The signed-in session (bearer token and actor in localStorage, shared by
// every tab until the token expires or someone signs out) and the JSON API
// client. Names of people met in answers, so ids read as names.
import { label, person } from './i18n.js';

export const TOKEN_KEY = 'zhucun.token';
export const ACTOR_KEY = 'zhucun.actor';

/**
 * @typedef {object} Session
 * @property {string | null} token
 * @property {import('./types.js').Me | null} actor  as GET /api/me answered at sign-in
 * @property {import('./types.js').DemoActor[] | null | undefined} demo  demo actors when the deployment is embedded; null in production; undefined until asked
 */
/** @type {Session} */
export const session = {
  token: liveToken(readStored(TOKEN_KEY)),
  actor: parseStoredActor(),
  demo: undefined,
};

/** @param {string} key */
function readStored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled: sign in again in each tab
  }
}

/**
 * The token if it has not expired (its `exp` claim; the server checks it again).
 * @param {string | null} token
 */
export function liveToken(token) {
  if (!token) return null;
  try {
    const payload = JSON.parse(
      atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')),
    );
    return typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now() ? null : token;
  } catch {
    return token;
  }
}

/**
 * Keeps (or, with null, forgets) the session for every tab of this origin.
 * @param {string | null} token
 * @param {import('./types.js').Me} [actor]
 */
export function storeSession(token, actor) {
  try {
    if (token) {
      localStorage.setItem(TOKEN_KEY, token);
      localStorage.setItem(ACTOR_KEY, JSON.stringify(actor));
    } else {
      localStorage.removeItem(TOKEN_KEY);
      localStorage.removeItem(ACTOR_KEY);
    }
  } catch {
    // storage disabled: this tab's session only
  }
}

/**
 * The actor stored with the token.
 * @returns {import('./types.js').Me | null}
 */
export function parseStoredActor() {
  return parseJson(readStored(ACTOR_KEY));
}

/** @param {string | null} s */
function parseJson(s) {
  try {
    return s ? JSON.parse(s) : null;
  } catch {
    return null;
  }
}

/** A refused or failed call: the HTTP status (0: no answer), the API's error code and details. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {unknown} [details]
   */
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * @typedef {object} ApiOptions
 * @property {string} [method]
 * @property {unknown} [body]  sent as JSON
 * @property {string | null} [token]  the bearer token; null: none (the session's by default)
 * @property {Record<string, string>} [headers]
 */

/**
 * A call to the JSON API; its refusal as an ApiError.
 * @param {string} path
 * @param {ApiOptions} [options]
 * @returns {Promise<any>}  the JSON answer, typed by the caller from web/types.d.ts
 */
export async function api(
  path,
  { method = 'GET', body, token = session.token, headers = {} } = {},
) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  const data = (res.headers.get('content-type') ?? '').includes('json')
    ? await res.json().catch(() => null)
    : null;
  if (!res.ok)
    throw new ApiError(
      res.status,
      data?.error?.code ?? 'error',
      data?.error?.message ?? res.statusText,
      data?.error?.details,
    );
  return data;
}

/**
 * Names of officials met in what the API returned, so that their ids read as names elsewhere.
 * @type {Map<string, string>}
 */
const knownNames = new Map();
/** @param {string | undefined} id @param {string | undefined} name */
export const remember = (id, name) => {
  if (id && name) knownNames.set(id, name);
};

/**
 * A person or body by id: its name in the page's language where known (the demo actors, oneself), else the id.
 * @param {string} id
 */
export const who = (id) =>
  person(
    id,
    knownNames.get(id) ??
      session.demo?.find((a) => a.id === id)?.name ??
      (session.actor?.id === id ? session.actor.name : undefined),
  );

/** @param {{ role: string, body?: string }} a */
export const actorRole = (a) =>
  a.body ? `${label('role', a.role)}·${label('body', a.body)}` : label('role', a.role);
