// Who the token says you are, and (embedded demo only) the mail the catcher got:
// each actor reads the mail addressed to them, the region administrator all of it.
import type { ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { route } from '../route.js';
import { actionsOf } from '../actions.js';
import { MailPage, MailQuery, MeView } from '../schemas.js';

interface MailRow {
  id: number;
  message_id: string | null;
  from_addr: string | null;
  to_addrs: string[];
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  received_at: Date;
}

export function meRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get',
      path: '/api/me',
      operationId: 'getMe',
      tag: 'me',
      summary: 'The signed-in actor, and what their role may do',
      responses: {
        200: {
          description: 'the actor the token names, with the actions and task kinds of their role',
          schema: MeView,
        },
      },
      handler: async ({ actor }) => ({ status: 200, body: { ...actor, ...actionsOf(actor) } }),
    }),
    route({
      method: 'get',
      path: '/api/mail',
      operationId: 'listCaughtMail',
      tag: 'me',
      summary:
        'Mail caught by the embedded SMTP catcher and addressed to you (all of it for the region administrator), newest first (embedded demo only)',
      query: MailQuery,
      responses: {
        200: { description: 'caught mail', schema: MailPage },
        404: { description: 'not an embedded deployment', codes: ['not_found'] },
      },
      handler: async ({ query, actor }) => {
        if (!deps.config.embedded) throw notFound('the mail page (embedded demo only)');
        const params: unknown[] = [];
        const where: string[] = [];
        if (actor.role !== 'region_admin') {
          // The directory's address (where reminders go), else the token's.
          const { rows } = await deps.pool.query<{ email: string | null }>(
            'SELECT email FROM actors WHERE id = $1',
            [actor.id],
          );
          const email = rows[0]?.email ?? actor.email;
          if (!email) return { status: 200, body: { items: [] } };
          params.push(email.toLowerCase());
          where.push(
            `EXISTS (SELECT 1 FROM unnest(to_addrs) a WHERE lower(a) = $${params.length})`,
          );
        }
        if (query.to) {
          params.push(query.to.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c));
          where.push(
            `EXISTS (SELECT 1 FROM unnest(to_addrs) a WHERE lower(a) LIKE '%' || $${params.length} || '%')`,
          );
        }
        params.push(query.limit);
        const { rows } = await deps.pool.query<MailRow>(
          `SELECT * FROM caught_mail ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY received_at DESC, id DESC LIMIT $${params.length}`,
          params,
        );
        return {
          status: 200,
          body: {
            items: rows.map((m) => ({
              id: Number(m.id),
              ...(m.message_id ? { messageId: m.message_id } : {}),
              ...(m.from_addr ? { from: m.from_addr } : {}),
              to: m.to_addrs,
              ...(m.subject ? { subject: m.subject } : {}),
              ...(m.text_body ? { text: m.text_body } : {}),
              ...(m.html_body ? { html: m.html_body } : {}),
              receivedAt: m.received_at.toISOString(),
            })),
          },
        };
      },
    }),
  ];
}
