// Reading a monitor in tests: wait for the item a test expects, with a deadline.

import type { MonitorEvent, MonitorItem } from '../../src/ops/monitor.js';

/**
 * Read `it` until an event satisfies `pred`, and return it. Fails after `ms`
 * with the names of what did arrive, or when the stream ends.
 */
export async function nextMatching(
  it: AsyncIterator<MonitorItem>, pred: (ev: MonitorEvent) => boolean, ms = 5000,
): Promise<MonitorEvent> {
  const seen: string[] = [];
  const deadline = Date.now() + ms;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now())); });
    const r = await Promise.race([it.next(), late]);
    clearTimeout(timer);
    if (r === 'late') throw new Error(`no matching event within ${ms} ms; saw: ${seen.join(', ') || 'nothing'}`);
    if (r.done) throw new Error(`the stream ended; saw: ${seen.join(', ') || 'nothing'}`);
    const item = r.value;
    seen.push(item.kind === 'event' ? item.name : 'overflow');
    if (item.kind === 'event' && pred(item)) return item;
  }
}

/** The attributes of an event's body (an empty object when it has none). */
export const attrsOf = (ev: MonitorEvent): Record<string, unknown> => (ev.body?.attrs ?? {}) as Record<string, unknown>;

/** Wait until `cond` holds: a pool thread may take a while to start on a loaded machine. */
export async function until(cond: () => boolean, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; !cond(); await new Promise((r) => setTimeout(r, 2))) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
  }
}
