// The signed-in session (bearer token and actor in sessionStorage) and the
// JSON API client. Names of people met in answers, so ids read as names.
import { label, person } from './i18n.js';

export const TOKEN_KEY = 'zhucun.token';
export const ACTOR_KEY = 'zhucun.actor';
export const session = {
  token: sessionStorage.getItem(TOKEN_KEY),
  actor: parseJson(sessionStorage.getItem(ACTOR_KEY)),
  /** Demo actors when the deployment is embedded; null in production; undefined until asked. */
  demo: undefined,
};

function parseJson(s) {
  try {
    return s ? JSON.parse(s) : null;
  } catch {
    return null;
  }
}

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

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

/** Names of officials met in what the API returned, so that their ids read as names elsewhere. */
const knownNames = new Map();
export const remember = (id, name) => {
  if (id && name) knownNames.set(id, name);
};

/** A person or body by id: its name in the page's language where known (the demo actors, oneself), else the id. */
export const who = (id) =>
  person(
    id,
    knownNames.get(id) ??
      session.demo?.find((a) => a.id === id)?.name ??
      (session.actor?.id === id ? session.actor.name : undefined),
  );

export const actorRole = (a) =>
  a.body ? `${label('role', a.role)}·${label('body', a.body)}` : label('role', a.role);
