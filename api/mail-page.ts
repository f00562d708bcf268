// The caught-mail page of the embedded demo: what the reminders would have sent,
// readable in a browser without a token. Served only when EMBEDDED=1, where all
// mail goes to the loopback catcher and nothing leaves the machine.
import type { RequestHandler } from 'express';
import type { Pool } from '../platform/db.js';

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

interface Row {
  id: number;
  from_addr: string | null;
  to_addrs: string[];
  subject: string | null;
  text_body: string | null;
  received_at: Date;
}

export function mailPage(pool: Pool): RequestHandler {
  return async (_req, res) => {
    const { rows } = await pool.query<Row>(
      'SELECT id, from_addr, to_addrs, subject, text_body, received_at FROM caught_mail ORDER BY received_at DESC, id DESC LIMIT 200',
    );
    const items = rows
      .map(
        (
          m,
        ) => `<details><summary><time>${esc(m.received_at.toISOString().replace('T', ' ').slice(0, 19))}</time>
<b>${esc(m.subject)}</b> <span>→ ${esc(m.to_addrs.join(', '))}</span></summary>
<p class="from">From ${esc(m.from_addr)}</p><pre>${esc(m.text_body)}</pre></details>`,
      )
      .join('\n');
    res.type('html').send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>Caught mail — Zhucun demo</title><style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
details{border-top:1px solid #ddd;padding:.4rem 0}summary{cursor:pointer}time{color:#777;font:12px monospace;margin-right:.5rem}
span{color:#555}pre{white-space:pre-wrap;background:#f7f7f7;padding:.6rem}.from{color:#777;margin:.3rem 0}</style></head><body>
<h1>Caught mail</h1><p>Every message the demo sent, newest first (${rows.length}${rows.length === 200 ? ', the latest 200' : ''}). Nothing left this machine.</p>
${items || '<p><i>No mail yet.</i></p>'}</body></html>`);
  };
}
