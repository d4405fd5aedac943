// What the server counts, rendered in the Prometheus text exposition format (version 0.0.4) for
// GET /metrics. Counters only ever grow; gauges are read when scraped; the histograms keep
// cumulative buckets. One instance per server: nothing here is global.

/** Upper bounds (seconds) of the persistence-latency buckets: fdatasync takes 0.2–5 ms on an SSD. */
const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(readonly bounds: readonly number[] = latencyBuckets) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.bounds.length; i++) if (value <= this.bounds[i]) this.counts[i]++;
  }

  render(name: string): string[] {
    const lines = this.bounds.map((bound, i) => `${name}_bucket{le="${bound}"} ${this.counts[i]}`);
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum}`, `${name}_count ${this.count}`);
    return lines;
  }
}

/** A counter with one optional label (e.g. `status`); the label values seen so far are kept. */
export class Counter {
  private readonly values = new Map<string, number>();

  constructor(private readonly label?: string) {}

  inc(by = 1, labelValue = ''): void {
    this.values.set(labelValue, (this.values.get(labelValue) ?? 0) + by);
  }

  get(labelValue = ''): number {
    return this.values.get(labelValue) ?? 0;
  }

  render(name: string): string[] {
    if (this.label === undefined) return [`${name} ${this.get()}`];
    return Array.from(this.values, ([value, count]) => `${name}{${this.label}="${escapeLabel(value)}"} ${count}`);
  }
}

/** Read at scrape time from the server's live state. */
export interface GaugeSource {
  connections(): number;
  spacesLoaded(): number;
  spacesLoading(): number;
  /** Bytes of whole states kept for fresh clients, over all rooms. */
  cachedStateBytes(): number;
}

/** Adds one metric family to the /metrics text. */
export type MetricFamily = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string, lines: string[]) => void;

export class ServerMetrics {
  readonly connectionsOpened = new Counter();
  readonly upgradesRefused = new Counter('status');
  readonly connectionsClosed = new Counter('reason');
  readonly messagesReceived = new Counter('type');
  readonly bytesReceived = new Counter();
  readonly messagesSent = new Counter();
  readonly bytesSent = new Counter();
  readonly updatesApplied = new Counter();
  readonly updatesDroppedReadOnly = new Counter();
  readonly updatesRelayed = new Counter();
  readonly awarenessRelays = new Counter();
  readonly syncPiecesSent = new Counter();
  readonly syncCacheHits = new Counter();
  readonly persistLatency = new Histogram();
  readonly spaceLoadSeconds = new Histogram([0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120]);
  readonly accessReloads = new Counter('result');
  readonly presenceRefused = new Counter('reason');
  readonly signInsFailed = new Counter();
  readonly signInsThrottled = new Counter();
  readonly syncStepsIgnored = new Counter();
  /** Families of other parts of the server (the notifier), rendered after the server's own. */
  private readonly sources: ((family: MetricFamily) => void)[] = [];

  constructor(private readonly gauges: GaugeSource) {}

  /** Renders `source`'s families on every scrape, after the server's own. */
  addSource(source: (family: MetricFamily) => void): void {
    this.sources.push(source);
  }

  /** The text body of GET /metrics. */
  render(): string {
    const out: string[] = [];
    const family: MetricFamily = (name, type, help, lines) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines);
    };
    family('liaison_connections', 'gauge', 'Open websocket connections.', [`liaison_connections ${this.gauges.connections()}`]);
    family('liaison_spaces_loaded', 'gauge', 'Spaces loaded in memory.', [`liaison_spaces_loaded ${this.gauges.spacesLoaded()}`]);
    family('liaison_spaces_loading', 'gauge', 'Spaces being read from disk.', [`liaison_spaces_loading ${this.gauges.spacesLoading()}`]);
    family('liaison_cached_state_bytes', 'gauge', 'Bytes of whole space states kept for fresh clients.', [
      `liaison_cached_state_bytes ${this.gauges.cachedStateBytes()}`,
    ]);
    family(
      'liaison_connections_opened_total',
      'counter',
      'Websocket connections accepted.',
      this.connectionsOpened.render('liaison_connections_opened_total'),
    );
    family(
      'liaison_upgrades_refused_total',
      'counter',
      'Upgrades refused before the websocket existed, by HTTP status.',
      this.upgradesRefused.render('liaison_upgrades_refused_total'),
    );
    family(
      'liaison_connections_closed_total',
      'counter',
      'Connections the server closed, by reason.',
      this.connectionsClosed.render('liaison_connections_closed_total'),
    );
    family(
      'liaison_messages_received_total',
      'counter',
      'Websocket messages received, by protocol message type.',
      this.messagesReceived.render('liaison_messages_received_total'),
    );
    family(
      'liaison_received_bytes_total',
      'counter',
      'Bytes of websocket messages received.',
      this.bytesReceived.render('liaison_received_bytes_total'),
    );
    family('liaison_messages_sent_total', 'counter', 'Websocket messages sent.', this.messagesSent.render('liaison_messages_sent_total'));
    family('liaison_sent_bytes_total', 'counter', 'Bytes of websocket messages sent.', this.bytesSent.render('liaison_sent_bytes_total'));
    family(
      'liaison_updates_applied_total',
      'counter',
      'Document updates from clients applied to a space.',
      this.updatesApplied.render('liaison_updates_applied_total'),
    );
    family(
      'liaison_updates_dropped_read_only_total',
      'counter',
      'Updates from read-only members dropped.',
      this.updatesDroppedReadOnly.render('liaison_updates_dropped_read_only_total'),
    );
    family(
      'liaison_updates_relayed_total',
      'counter',
      'Document updates relayed (once per update, whatever the number of receivers).',
      this.updatesRelayed.render('liaison_updates_relayed_total'),
    );
    family(
      'liaison_awareness_relays_total',
      'counter',
      'Merged presence messages relayed to a room.',
      this.awarenessRelays.render('liaison_awareness_relays_total'),
    );
    family(
      'liaison_sync_pieces_sent_total',
      'counter',
      'Pieces of initial state sent (a large state goes in several).',
      this.syncPiecesSent.render('liaison_sync_pieces_sent_total'),
    );
    family(
      'liaison_sync_cache_hits_total',
      'counter',
      'Fresh clients served the cached whole state instead of a new encoding.',
      this.syncCacheHits.render('liaison_sync_cache_hits_total'),
    );
    family(
      'liaison_persist_seconds',
      'histogram',
      'Time from applying an update to its being durable on disk (write + fdatasync), per relayed batch.',
      this.persistLatency.render('liaison_persist_seconds'),
    );
    family(
      'liaison_space_load_seconds',
      'histogram',
      'Time to load a space from disk.',
      this.spaceLoadSeconds.render('liaison_space_load_seconds'),
    );
    family(
      'liaison_access_reloads_total',
      'counter',
      'Access config reloads, by result.',
      this.accessReloads.render('liaison_access_reloads_total'),
    );
    family(
      'liaison_presence_refused_total',
      'counter',
      'Presence entries not taken (foreign client id, too large, too many ids for one connection), by reason.',
      this.presenceRefused.render('liaison_presence_refused_total'),
    );
    family(
      'liaison_sync_steps_ignored_total',
      'counter',
      'Sync step 1 messages ignored because the connection was still being sent the state it asked for before.',
      this.syncStepsIgnored.render('liaison_sync_steps_ignored_total'),
    );
    family(
      'liaison_sign_ins_failed_total',
      'counter',
      'Upgrades refused for a missing or unknown token (401).',
      this.signInsFailed.render('liaison_sign_ins_failed_total'),
    );
    family(
      'liaison_sign_ins_throttled_total',
      'counter',
      'Upgrades answered 429 without a look at the token: their address had too many failed sign-ins waiting.',
      this.signInsThrottled.render('liaison_sign_ins_throttled_total'),
    );
    for (const source of this.sources) source(family);
    return `${out.join('\n')}\n`;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
