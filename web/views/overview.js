// The overview of a county or the region (GET /api/overview): a chart per
// figure, drawn by ECharts (served from this origin, loaded on this page
// only), with the same numbers in a table under it for screen readers and
// for copying, and the Excel and CSV downloads.
import { filterForm } from '../actions.js';
import { getLang, label, place, shanghaiDateKey, t } from '../i18n.js';
import { createRef, html, nothing, ref } from '../lit.js';
import { field, select, stateful } from '../parts.js';
import { load } from '../router.js';
import { ApiError, session } from '../session.js';
import {
  CASE_AGES as AGES,
  CASE_GROUNDS as GROUNDS,
  RATINGS,
  STAGES,
  TASK_KINDS,
} from '../vocabulary.js';

/** @typedef {import('../types.js').Overview} Overview */
/**
 * ECharts' option, as the page builds it (its series are added to in places).
 * @typedef {{ series: Record<string, unknown>[], [key: string]: unknown }} ChartOption
 */
/** @typedef {import('../vendor/lit-html/directives/ref.js').Ref<HTMLDivElement>} ChartRef */
/**
 * A figure's section (a template); with its chart container (a ref, set once
 * it is drawn) and option when it has rows to draw.
 * @typedef {{ element: import('../lit.js').TemplateResult, chart?: ChartRef, option?: object }} Figure
 */
/** Calm, distinguishable colours with enough contrast on white. */
const PALETTE = [
  '#1f5fa8',
  '#c2410c',
  '#2f7d32',
  '#7b3fa0',
  '#b8860b',
  '#0f766e',
  '#a61b4a',
  '#4b5563',
  '#5b7fd6',
  '#d97706',
  '#65a30d',
  '#9333ea',
  '#0891b2',
];

/**
 * The little of ECharts' API the page uses (its UMD build is served from
 * node_modules as it is; its own types are for its npm modules).
 * @typedef {{ setOption(option: object): void, resize(): void, dispose(): void }} Chart
 * @typedef {{ init(el: HTMLElement, theme?: string | null, opts?: object): Chart }} ECharts
 */

/** The charts on the page now; disposed when the view is drawn again. @type {Chart[]} */
let charts = [];
/** @type {Promise<ECharts> | undefined} */
let echartsLoading;

/** ECharts' UMD build sets globalThis.echarts when loaded as a module. */
function loadECharts() {
  echartsLoading ??= import('../vendor/echarts.min.js').then(
    () => /** @type {{ echarts: ECharts }} */ (/** @type {unknown} */ (globalThis)).echarts,
  );
  return echartsLoading;
}

/**
 * @template T
 * @param {readonly T[]} rows
 * @param {(row: T) => number} f
 */
const sum = (rows, f) => rows.reduce((n, r) => n + f(r), 0);
/** @param {number} part @param {number} whole */
const percent = (part, whole) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
/** @param {string} county */
// split() gives at least one part, so pop() gives a string.
const countyName = (county) => /** @type {string} */ (place(county).split(' › ').pop());

function thisYear() {
  return Number(shanghaiDateKey(Date.now()).slice(0, 4));
}

export async function overviewView() {
  const q = new URLSearchParams(location.search);
  const current = thisYear();
  const years = [current, current - 1, current - 2];
  const year = years.includes(Number(q.get('year'))) ? Number(q.get('year')) : current;
  /** @type {Overview} */
  const overview = await load(`/api/overview?year=${year}`);

  const form = filterForm({
    path: '/overview',
    fields: [
      {
        param: 'year',
        omit: String(current),
        field: field(
          { id: 'overview-year', label: t('overview.year') },
          select({
            id: 'overview-year',
            name: 'year',
            options: years.map((y) => [String(y), t('overview.yearOption', { year: y })]),
            value: String(year),
          }),
        ),
      },
    ],
    submitLabel: t('overview.apply'),
    ariaLabel: t('overview.yearChoice'),
  });

  const sections = [
    stagesSection(overview),
    overdueSection(overview),
    trainingsSection(overview),
    evaluationSection(overview),
    teamsSection(overview),
    casesSection(overview),
  ];
  // Drawn once the view is in the document (ECharts measures its container).
  requestAnimationFrame(() => void drawCharts(sections));

  const scope = t('overview.scope', {
    place: place(overview.scope.jurisdiction),
    counties: overview.counties.length,
    year: overview.year,
  });
  // Drawn anew for each year (the router draws every view anew): new chart containers, the year's choice as the address says.
  return html`<h1>${t('overview.title')}</h1>
    <p class="lead">${scope}</p>
    ${form} ${downloads(year)} ${sections.map((s) => s.element)}`;
}

// ---- downloads ----------------------------------------------------------------

/** @typedef {'xlsx' | 'csv'} ExportFormat */

/**
 * The two download buttons, each disabled while its file is fetched, and a
 * line that says what is happening.
 * @param {number} year
 */
function downloads(year) {
  /** @typedef {{ xlsx: boolean, csv: boolean, message: string }} DownloadState  a format: being fetched */
  /** @param {ExportFormat} format @param {boolean} busy @returns {Partial<DownloadState>} */
  const fetching = (format, busy) => (format === 'xlsx' ? { xlsx: busy } : { csv: busy });
  /** @type {DownloadState} */
  const initial = { xlsx: false, csv: false, message: '' };
  const content = stateful(initial, (state, update) => {
    /** @param {ExportFormat} format */
    const save = async (format) => {
      update({ ...fetching(format, true), message: t('overview.preparing') });
      let message = '';
      try {
        await saveExport(format, year);
      } catch (err) {
        message = t('overview.downloadFailed', {
          message: err instanceof ApiError ? err.message : String(err),
        });
      }
      update({ ...fetching(format, false), message });
    };
    /** @param {ExportFormat} format @param {string} text */
    const button = (format, text) =>
      html`<button
        type="button"
        class="secondary"
        data-export=${format}
        ?disabled=${state[format]}
        @click=${() => void save(format)}
      >
        ${text}
      </button>`;
    return html`${button('xlsx', t('overview.downloadXlsx'))}
      ${button('csv', t('overview.downloadCsv'))}
      <p class="hint" role="status" aria-live="polite">${state.message}</p>`;
  });
  return html`<div
    class="downloads"
    role="group"
    aria-label=${t('overview.downloads')}
    ${content}
  ></div>`;
}

/**
 * Fetches the file with the bearer token and hands it to the browser as a download.
 * @param {ExportFormat} format
 * @param {number} year
 */
async function saveExport(format, year) {
  const res = await fetch(`/api/overview/export.${format}?year=${year}&lang=${getLang()}`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  if (!res.ok) {
    // The API's refusal, or nothing of it when the answer is not its JSON (a proxy's page).
    /** @type {Partial<import('../types.js').ApiErrorBody>} */
    const body = await res.json().catch(() => ({}));
    throw new ApiError(
      res.status,
      body.error?.code ?? 'error',
      body.error?.message ?? res.statusText,
    );
  }
  const blob = await res.blob();
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ??
    `overview.${format}`;
  const url = URL.createObjectURL(blob);
  // A link of the browser's own, never shown: clicked once to save the file, then gone.
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- sections: a chart and its table ------------------------------------------

/**
 * A figure: heading, chart container (an image to assistive technology,
 * described by the table), the table, and the chart's ECharts option.
 * @param {object} figure
 * @param {string} figure.id
 * @param {string} figure.title
 * @param {string} [figure.note]
 * @param {string[]} figure.header
 * @param {(string | number)[][]} figure.rows
 * @param {(string | number)[]} [figure.totals]
 * @param {object} figure.option  ECharts' option
 * @param {string} [figure.empty]  said instead when there are no rows
 * @returns {Figure}
 */
function section({ id, title, note, header, rows, totals, option, empty }) {
  const heading = html`<h2 id="${id}-title">${title}</h2>`;
  if (!rows.length)
    return {
      element: html`<section class="figure" id=${id} aria-labelledby="${id}-title">
        ${heading}
        <p class="empty">${empty ?? t('overview.nothing')}</p>
      </section>`,
    };
  /** @type {ChartRef} */
  const chart = createRef();
  /** @param {number} j  the column @param {string | number} value */
  const cell = (j, value) => {
    const cls = typeof value === 'number' ? 'num' : nothing;
    return j === 0
      ? html`<th scope="row" data-label=${header[j]} class=${cls}>${value}</th>`
      : html`<td data-label=${header[j]} class=${cls}>${value}</td>`;
  };
  const body = [...rows, ...(totals ? [totals] : [])].map(
    (row, i) =>
      html`<tr class=${totals && i === rows.length ? 'total' : nothing}>
        ${row.map((value, j) => cell(j, value))}
      </tr>`,
  );
  return {
    element: html`<section class="figure" id=${id} aria-labelledby="${id}-title">
      ${heading} ${note ? html`<p class="hint">${note}</p>` : nothing}
      <div
        class="chart"
        role="img"
        aria-label=${t('overview.chartLabel', { title })}
        aria-describedby="${id}-table"
        ${ref(chart)}
      ></div>
      <table class="list figures" id="${id}-table">
        <caption>
          ${title}
        </caption>
        <thead>
          <tr>
            ${header.map((x) => html`<th scope="col">${x}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${body}
        </tbody>
      </table>
    </section>`,
    chart,
    option,
  };
}

/**
 * A stacked bar chart: one category per county (or ground), one series per key with a count.
 * @param {string[]} categories
 * @param {{ name: string, data: number[], color?: string, stack?: string }[]} series
 * @returns {ChartOption}
 */
function stackedBars(categories, series, { horizontal = false } = {}) {
  const valueAxis = { type: 'value', minInterval: 1 };
  // Horizontal bars read top-down in the table's order.
  const categoryAxis = {
    type: 'category',
    data: categories,
    axisLabel: { interval: 0 },
    inverse: horizontal,
  };
  return {
    color: PALETTE,
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: series.map((s) => ({ type: 'bar', stack: s.stack ?? 'all', barMaxWidth: 36, ...s })),
  };
}

/** @param {Overview} o */
function stagesSection(o) {
  const rows = o.officialsByStage;
  const stages = STAGES.filter((s) => rows.some((r) => r.stages[s] > 0));
  const header = [
    t('overview.county'),
    ...stages.map((s) => label('stage', s)),
    t('overview.total'),
  ];
  return section({
    id: 'overview-stages',
    title: t('overview.stages'),
    header,
    rows: rows.map((r) => [countyName(r.county), ...stages.map((s) => r.stages[s]), r.total]),
    totals: [
      t('overview.total'),
      ...stages.map((s) => sum(rows, (r) => r.stages[s])),
      sum(rows, (r) => r.total),
    ],
    option: stackedBars(
      rows.map((r) => countyName(r.county)),
      stages.map((s) => ({ name: label('stage', s), data: rows.map((r) => r.stages[s]) })),
      { horizontal: true },
    ),
  });
}

/** @param {Overview} o */
function overdueSection(o) {
  const rows = o.overdueTasks;
  const kinds = TASK_KINDS.filter((k) => rows.some((r) => r.kinds[k] > 0));
  return section({
    id: 'overview-overdue',
    title: t('overview.overdue'),
    empty: t('overview.noOverdue'),
    header: [t('overview.county'), ...kinds.map((k) => label('kind', k)), t('overview.total')],
    rows: rows.map((r) => [countyName(r.county), ...kinds.map((k) => r.kinds[k]), r.total]),
    totals: [
      t('overview.total'),
      ...kinds.map((k) => sum(rows, (r) => r.kinds[k])),
      sum(rows, (r) => r.total),
    ],
    option: stackedBars(
      rows.map((r) => countyName(r.county)),
      kinds.map((k) => ({ name: label('kind', k), data: rows.map((r) => r.kinds[k]) })),
      { horizontal: true },
    ),
  });
}

/** @param {Overview} o */
function trainingsSection(o) {
  const rows = o.trainings;
  /** @param {{ onPost: number, trained: number, sessions: number }} r  a county's row, or the totals */
  const line = (r) => [
    r.onPost,
    r.trained,
    r.onPost - r.trained,
    percent(r.trained, r.onPost),
    r.sessions,
  ];
  const totals = {
    onPost: sum(rows, (r) => r.onPost),
    trained: sum(rows, (r) => r.trained),
    sessions: sum(rows, (r) => r.sessions),
  };
  return section({
    id: 'overview-trainings',
    title: t('overview.trainings', { year: o.year }),
    note: t('overview.trainingsNote'),
    header: [
      t('overview.county'),
      t('overview.onPost'),
      t('overview.trained'),
      t('overview.untrained'),
      t('overview.share'),
      t('overview.sessions'),
    ],
    rows: rows.map((r) => [countyName(r.county), ...line(r)]),
    totals: [t('overview.total'), ...line(totals)],
    option: stackedBars(
      rows.map((r) => countyName(r.county)),
      [
        { name: t('overview.trained'), data: rows.map((r) => r.trained) },
        { name: t('overview.untrained'), data: rows.map((r) => r.onPost - r.trained) },
      ],
    ),
  });
}

/** @param {Overview} o */
function evaluationSection(o) {
  const rows = o.evaluations.rows;
  const quota = `${Math.round(o.evaluations.quota * 100)}%`;
  const option = stackedBars(
    rows.map((r) => countyName(r.county)),
    [
      ...RATINGS.map((rating) => ({
        name: label('rating', rating),
        data: rows.map((r) => r.ratings[rating]),
      })),
      { name: t('overview.unrated'), data: rows.map((r) => r.unrated) },
    ],
  );
  // The quota beside the outstanding bar: how many may be rated outstanding.
  option.series.push({
    type: 'line',
    name: t('overview.slots', { quota }),
    data: rows.map((r) => r.outstandingSlots),
    symbol: 'diamond',
    symbolSize: 12,
    lineStyle: { type: 'dashed' },
    color: '#111827',
  });
  return section({
    id: 'overview-evaluation',
    title: t('overview.evaluation', { year: o.year }),
    note: t('overview.evaluationNote', { quota }),
    empty: t('overview.noEvaluation', { year: o.year }),
    header: [
      t('overview.county'),
      t('overview.evaluated'),
      ...RATINGS.map((r) => label('rating', r)),
      t('overview.unrated'),
      t('overview.slots', { quota }),
      t('overview.overQuota'),
    ],
    rows: rows.map((r) => [
      countyName(r.county),
      r.evaluated,
      ...RATINGS.map((rating) => r.ratings[rating]),
      r.unrated,
      r.outstandingSlots,
      r.overQuota ? t('overview.yes') : t('overview.no'),
    ]),
    option,
  });
}

/**
 * Village teams now: villages with officials on post, those under the
 * policy's team size, those with no first secretary to lead them.
 * @param {Overview} o
 */
function teamsSection(o) {
  const rows = o.teams.rows;
  const size = String(o.teams.minTeamSize);
  /** @param {{ villages: number, understaffed: number, noFirstSecretary: number }} r */
  const line = (r) => [r.villages, r.understaffed, r.noFirstSecretary];
  return section({
    id: 'overview-teams',
    title: t('overview.teams'),
    note: t('overview.teamsNote', { size }),
    empty: t('overview.noTeams'),
    header: [
      t('overview.county'),
      t('overview.villages'),
      t('overview.understaffed', { size }),
      t('overview.noFirstSecretary'),
    ],
    rows: rows.map((r) => [countyName(r.county), ...line(r)]),
    totals: [
      t('overview.total'),
      ...line({
        villages: sum(rows, (r) => r.villages),
        understaffed: sum(rows, (r) => r.understaffed),
        noFirstSecretary: sum(rows, (r) => r.noFirstSecretary),
      }),
    ],
    option: stackedBars(
      rows.map((r) => countyName(r.county)),
      [
        {
          name: t('overview.fullTeams', { size }),
          data: rows.map((r) => r.villages - r.understaffed),
          color: '#2f7d32',
        },
        {
          name: t('overview.understaffed', { size }),
          data: rows.map((r) => r.understaffed),
          color: '#b91c1c',
        },
      ],
    ),
  });
}

/** @param {Overview} o */
function casesSection(o) {
  const rows = o.cases;
  const grounds = GROUNDS.filter((g) => rows.some((r) => r.ground === g));
  const byGround = grounds.map((g) => {
    const of = rows.filter((r) => r.ground === g);
    return Object.fromEntries(AGES.map((a) => [a, sum(of, (r) => r[a])]));
  });
  return section({
    id: 'overview-cases',
    title: t('overview.cases'),
    note: t('overview.casesNote'),
    empty: t('overview.noCases'),
    header: [
      t('overview.county'),
      t('overview.ground'),
      ...AGES.map((a) => t(`overview.age.${a}`)),
      t('overview.total'),
    ],
    rows: rows.map((r) => [
      countyName(r.county),
      label('ground', r.ground),
      ...AGES.map((a) => r[a]),
      sum(AGES, (a) => r[a]),
    ]),
    option: stackedBars(
      grounds.map((g) => label('ground', g)),
      AGES.map((a, i) => ({
        name: t(`overview.age.${a}`),
        data: byGround.map((x) => x[a]),
        color: ['#2f7d32', '#b8860b', '#b91c1c', '#6b7280'][i],
      })),
    ),
  });
}

// ---- drawing ----------------------------------------------------------------------

/** @param {Figure[]} sections */
async function drawCharts(sections) {
  for (const chart of charts.splice(0)) chart.dispose();
  /** @type {{ element: HTMLDivElement, option: object }[]} */
  const drawable = [];
  for (const s of sections) {
    const element = s.chart?.value;
    if (element?.isConnected && s.option) drawable.push({ element, option: s.option });
  }
  if (!drawable.length) return;
  let echarts;
  try {
    echarts = await loadECharts();
  } catch {
    // Without the chart library the tables still carry every number.
    for (const s of drawable) s.element.hidden = true;
    return;
  }
  for (const s of drawable) {
    if (!s.element.isConnected) continue;
    const chart = echarts.init(s.element, null, {
      renderer: 'canvas',
      locale: getLang() === 'zh' ? 'ZH' : 'EN',
    });
    chart.setOption(s.option);
    s.element.dataset.drawn = 'true';
    charts.push(chart);
  }
}

window.addEventListener('resize', () => {
  for (const chart of charts) chart.resize();
});
