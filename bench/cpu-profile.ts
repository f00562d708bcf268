// Reads the V8 CPU profiles that `node --cpu-prof` wrote (one file per
// thread: the main thread and, in a Temporal worker, its workflow threads)
// and sums the self time of the samples taken inside one window of the
// monotonic clock, by function and by the part of the code it belongs to.
// V8 stamps samples with the same CLOCK_MONOTONIC microseconds that
// process.hrtime reads, so the driver's own marks cut every child's profile.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './lib.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Now on the monotonic clock the profiles are stamped with, in µs. */
export const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

export interface FrameTime {
  frame: string;
  area: string;
  ms: number;
  share: number;
}

export interface ProcessProfile {
  process: string;
  threads: number;
  /** Self time of every sample in the window, ms. */
  sampledMs: number;
  idleMs: number;
  byArea: { area: string; ms: number; share: number }[];
  topFrames: FrameTime[];
  /** Our own functions (api/, workflows/, …) by inclusive time: they and what they call. */
  ourInclusive: FrameTime[];
  /**
   * Each busy sample charged to the nearest of our files on its stack (the
   * library code it called included), or to none: where our code spends.
   */
  byNearestOurFile: { area: string; ms: number; share: number }[];
}

/** The part of the code a frame belongs to: a package, a folder of ours, or Node/V8 itself. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node';
  const ours = /\/(api|workflows|activities|domain|platform|worker|bench|operations)\//.exec(url);
  if (ours) return `${ours[1]}/`;
  // The workflow bundle runs from a generated file inside the worker.
  if (/workflow-bundle|webpack/.test(url)) return 'workflow bundle';
  return 'other';
}

const frameName = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
  `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/main\//, '');

/**
 * Sums the samples of `files` (each process's profiles) between `from` and
 * `to` (µs, monotonic); `top` frames by self time.
 */
export function summarizeProfiles(
  files: Map<string, string[]>,
  from: number,
  to: number,
  top = 12,
): ProcessProfile[] {
  const out: ProcessProfile[] = [];
  for (const [name, paths] of files) {
    const byFrame = new Map<string, { area: string; us: number }>();
    const inclusive = new Map<string, { area: string; us: number }>();
    const nearest = new Map<string, number>();
    const byArea = new Map<string, number>();
    let sampled = 0;
    let idle = 0;
    for (const path of paths) {
      const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
      const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
      const parentOf = new Map<number, number>();
      for (const node of profile.nodes)
        for (const child of node.children ?? []) parentOf.set(child, node.id);
      let at = profile.startTime;
      for (let i = 0; i < profile.samples.length; i++) {
        const delta = profile.timeDeltas[i] ?? 0;
        at += delta;
        if (at < from || at > to) continue;
        const node = nodes.get(profile.samples[i]!);
        if (!node) continue;
        const { functionName, url } = node.callFrame;
        sampled += delta;
        if (functionName === '(idle)') {
          idle += delta;
          continue;
        }
        const area = areaOf(url, functionName);
        const frame = frameName(node);
        const entry = byFrame.get(frame) ?? { area, us: 0 };
        entry.us += delta;
        byFrame.set(frame, entry);
        byArea.set(area, (byArea.get(area) ?? 0) + delta);
        // Each of our frames on the sample's stack, once even when it recurses.
        const seen = new Set<string>();
        let charged = false;
        for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
          const frameNode = nodes.get(id)!;
          const frameArea = areaOf(frameNode.callFrame.url, frameNode.callFrame.functionName);
          if (!frameArea.endsWith('/') && frameArea !== 'workflow bundle') continue;
          if (!charged) {
            const file = shortUrl(frameNode.callFrame.url).replace(/-[0-9a-f]{20}\.js$/, '.js');
            nearest.set(file, (nearest.get(file) ?? 0) + delta);
            charged = true;
          }
          const key = frameName(frameNode);
          if (seen.has(key)) continue;
          seen.add(key);
          const entry = inclusive.get(key) ?? { area: frameArea, us: 0 };
          entry.us += delta;
          inclusive.set(key, entry);
        }
        if (!charged)
          nearest.set('(no frame of ours)', (nearest.get('(no frame of ours)') ?? 0) + delta);
      }
    }
    const busy = sampled - idle;
    const ranked = (map: Map<string, { area: string; us: number }>) =>
      [...map.entries()]
        .sort((a, b) => b[1].us - a[1].us)
        .slice(0, top)
        .map(([frame, { area, us }]) => ({ frame, area, ms: round(us / 1000), share: share(us) }));
    const share = (us: number) => (busy ? round((100 * us) / busy) : 0);
    out.push({
      process: name,
      threads: paths.length,
      sampledMs: round(sampled / 1000),
      idleMs: round(idle / 1000),
      byArea: [...byArea.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([area, us]) => ({ area, ms: round(us / 1000), share: share(us) })),
      topFrames: ranked(byFrame),
      ourInclusive: ranked(inclusive),
      byNearestOurFile: [...nearest.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([area, us]) => ({ area, ms: round(us / 1000), share: share(us) })),
    });
  }
  return out;
}

/** The profiles in `dir`, grouped by the process (pid → name) that wrote them. */
export function profilesByProcess(dir: string, names: Map<number, string>): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
    const pid = Number(file.split('.')[3]);
    const name = names.get(pid) ?? `pid ${pid}`;
    files.set(name, [...(files.get(name) ?? []), join(dir, file)]);
  }
  return files;
}
