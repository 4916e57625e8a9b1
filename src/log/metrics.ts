/**
 * Metrics of Tenant Pilot through OpenTelemetry (@opentelemetry/api): sync duration, Microsoft throttling, alerts
 * sent and failed. `startTelemetry` sends them (and traces of incoming and outgoing HTTP) to Application Insights
 * with `useAzureMonitor` when APPLICATIONINSIGHTS_CONNECTION_STRING is set; without it every instrument is the API's
 * no-op, so callers record unconditionally. Attributes are low-cardinality names only: never a secret, a token, a
 * user or a message text (a tenant id is allowed: the MSP's customers are a bounded set).
 *
 * log/ imports nothing of ours.
 */
import { metrics as otelMetrics, type Attributes, type Counter, type Histogram, type Meter } from "@opentelemetry/api";

export const METER_NAME = "tenant-pilot";

export const METRIC_NAMES = {
  syncDuration: "tenantpilot.sync.duration",
  tenantSyncDuration: "tenantpilot.sync.tenant.duration",
  throttled: "tenantpilot.microsoft.throttled",
  alertsSent: "tenantpilot.alerts.sent",
  alertsFailed: "tenantpilot.alerts.failed",
} as const;

export interface Metrics {
  /** A whole sync run ended (`outcome`: "finished", "failed", "stopped"). */
  syncDuration(ms: number, attrs: { outcome: string; trigger?: string; tenants?: number }): void;
  /** One tenant's sync ended (`outcome`: "done", "failed", "parked"). */
  tenantSyncDuration(ms: number, attrs: { outcome: string; tenantId?: string }): void;
  /** Microsoft answered 429 / throttled (`service`: graph, partnerCenter, defender, login). */
  throttled(attrs: { service: string; workload?: string; tenantId?: string }): void;
  /** A proactive message (alert, digest) was delivered. */
  alertSent(attrs: { kind: string }): void;
  /** A proactive message could not be delivered (`reason`: a short code). */
  alertFailed(attrs: { kind: string; reason: string }): void;
}

/** Pure: attributes without undefined values, strings cut to 128 characters. */
export function cleanAttributes(a: Record<string, string | number | undefined>): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out[k] = typeof v === "string" ? v.slice(0, 128) : v;
  }
  return out;
}

interface Instruments {
  syncDuration: Histogram;
  tenantSyncDuration: Histogram;
  throttled: Counter;
  sent: Counter;
  failed: Counter;
}

function instrumentsOf(meter: Meter): Instruments {
  return {
    syncDuration: meter.createHistogram(METRIC_NAMES.syncDuration, { unit: "ms", description: "Duration of a sync run" }),
    tenantSyncDuration: meter.createHistogram(METRIC_NAMES.tenantSyncDuration, { unit: "ms", description: "Duration of one tenant's sync" }),
    throttled: meter.createCounter(METRIC_NAMES.throttled, { description: "Microsoft throttling answers (429)" }),
    sent: meter.createCounter(METRIC_NAMES.alertsSent, { description: "Proactive messages delivered" }),
    failed: meter.createCounter(METRIC_NAMES.alertsFailed, { description: "Proactive messages not delivered" }),
  };
}

/** Set by startTelemetry: the global meter provider is Azure Monitor's from then on. */
let telemetryStarted = false;

/**
 * The instruments, on `meter` (tests) or on the global meter once startTelemetry registered it: created on the first
 * record after that, so a module may hold `metrics` from import time; before (or without) telemetry, records are dropped.
 */
export function createMetrics(meter?: Meter): Metrics {
  let inst: Instruments | undefined;
  const get = (): Instruments | undefined => {
    if (inst) return inst;
    if (meter) return (inst = instrumentsOf(meter));
    return telemetryStarted ? (inst = instrumentsOf(otelMetrics.getMeter(METER_NAME))) : undefined;
  };
  return {
    syncDuration: (ms, a) => get()?.syncDuration.record(Math.max(0, ms), cleanAttributes({ outcome: a.outcome, trigger: a.trigger, tenants: a.tenants })),
    tenantSyncDuration: (ms, a) => get()?.tenantSyncDuration.record(Math.max(0, ms), cleanAttributes({ outcome: a.outcome, tenantId: a.tenantId })),
    throttled: (a) => get()?.throttled.add(1, cleanAttributes({ service: a.service, workload: a.workload, tenantId: a.tenantId })),
    alertSent: (a) => get()?.sent.add(1, cleanAttributes({ kind: a.kind })),
    alertFailed: (a) => get()?.failed.add(1, cleanAttributes({ kind: a.kind, reason: a.reason })),
  };
}

/** The product's metrics (import and record anywhere: `metrics.throttled({ service: "graph" })`). */
export const metrics: Metrics = createMetrics();

/** Instruments that record nothing (tests, and whatever runs before telemetry starts). */
export const noopMetrics: Metrics = {
  syncDuration: () => undefined,
  tenantSyncDuration: () => undefined,
  throttled: () => undefined,
  alertSent: () => undefined,
  alertFailed: () => undefined,
};

export interface Telemetry {
  /** Whether Application Insights receives the telemetry. */
  readonly enabled: boolean;
  readonly metrics: Metrics;
  /** Flushes and stops the exporters (idempotent). */
  shutdown(): Promise<void>;
}

/** What startTelemetry needs of @azure/monitor-opentelemetry (injectable for its unit test). */
export interface AzureMonitorApi {
  useAzureMonitor(options: { azureMonitorExporterOptions: { connectionString: string }; resource?: unknown; samplingRatio?: number }): void;
  shutdownAzureMonitor(): Promise<void>;
}

/**
 * Starts OpenTelemetry with Azure Monitor when a connection string is given (call once, as early as possible, so the
 * HTTP instrumentation sees every request); otherwise the metrics stay no-ops. The connection string is never logged.
 */
export function startTelemetry(opts: { connectionString?: string; api?: () => AzureMonitorApi }): Telemetry {
  if (opts.connectionString === undefined) return { enabled: false, metrics, shutdown: () => Promise.resolve() };
  // Loaded only when used: it pulls in the whole OpenTelemetry SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = opts.api?.() ?? (require("@azure/monitor-opentelemetry") as AzureMonitorApi);
  api.useAzureMonitor({ azureMonitorExporterOptions: { connectionString: opts.connectionString } });
  telemetryStarted = true;
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    metrics,
    shutdown: () =>
      (stopped ??= api.shutdownAzureMonitor().finally(() => {
        telemetryStarted = false;
      })),
  };
}
