/** The instruments over a recording stand-in of the OpenTelemetry Meter (the API right below), and the start-up switch. */
import { metrics as otelMetrics, type Meter } from "@opentelemetry/api";
import { cleanAttributes, createMetrics, METRIC_NAMES, metrics, noopMetrics, startTelemetry, type AzureMonitorApi } from "./metrics";

type Recorded = { name: string; kind: "histogram" | "counter"; value: number; attrs: unknown };
function recordingMeter(): { meter: Meter; recorded: Recorded[] } {
  const recorded: Recorded[] = [];
  const meter = {
    createHistogram: (name: string) => ({ record: (value: number, attrs: unknown) => recorded.push({ name, kind: "histogram", value, attrs }) }),
    createCounter: (name: string) => ({ add: (value: number, attrs: unknown) => recorded.push({ name, kind: "counter", value, attrs }) }),
  } as unknown as Meter;
  return { meter, recorded };
}

it("records sync durations, throttling and alerts with clean, bounded attributes", () => {
  const { meter, recorded } = recordingMeter();
  const m = createMetrics(meter);
  m.syncDuration(1234, { outcome: "finished", trigger: "manual", tenants: 12 });
  m.tenantSyncDuration(-5, { outcome: "failed", tenantId: "cc000000-0000-4000-8000-000000000001" });
  m.throttled({ service: "graph", workload: "intune" });
  m.alertSent({ kind: "gdap.expiring" });
  m.alertFailed({ kind: "sync.failed", reason: "x".repeat(500) });
  expect(recorded).toEqual([
    { name: METRIC_NAMES.syncDuration, kind: "histogram", value: 1234, attrs: { outcome: "finished", trigger: "manual", tenants: 12 } },
    { name: METRIC_NAMES.tenantSyncDuration, kind: "histogram", value: 0, attrs: { outcome: "failed", tenantId: "cc000000-0000-4000-8000-000000000001" } },
    { name: METRIC_NAMES.throttled, kind: "counter", value: 1, attrs: { service: "graph", workload: "intune" } },
    { name: METRIC_NAMES.alertsSent, kind: "counter", value: 1, attrs: { kind: "gdap.expiring" } },
    { name: METRIC_NAMES.alertsFailed, kind: "counter", value: 1, attrs: { kind: "sync.failed", reason: "x".repeat(128) } },
  ]);
  expect(cleanAttributes({ a: undefined, b: 1 })).toEqual({ b: 1 });
});

it("without a connection string: not enabled, instruments are the API's no-ops, Azure Monitor never loaded", async () => {
  const api = jest.fn<AzureMonitorApi, []>();
  const t = startTelemetry({ api });
  expect(t.enabled).toBe(false);
  expect(() => t.metrics.throttled({ service: "graph" })).not.toThrow();
  expect(() => noopMetrics.syncDuration(1, { outcome: "finished" })).not.toThrow();
  await t.shutdown();
  expect(api).not.toHaveBeenCalled();
});

it("with a connection string: useAzureMonitor with it, the global instruments bound from then on, shutdown once", async () => {
  const { meter, recorded } = recordingMeter();
  otelMetrics.setGlobalMeterProvider({ getMeter: () => meter });
  metrics.throttled({ service: "graph" }); // before telemetry: dropped
  expect(recorded).toEqual([]);
  const calls: unknown[] = [];
  let shutdowns = 0;
  const api: AzureMonitorApi = {
    useAzureMonitor: (o) => void calls.push(o),
    shutdownAzureMonitor: () => {
      shutdowns++;
      return Promise.resolve();
    },
  };
  const cs = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.in.applicationinsights.azure.com/";
  const t = startTelemetry({ connectionString: cs, api: () => api });
  expect(t.enabled).toBe(true);
  expect(calls).toEqual([{ azureMonitorExporterOptions: { connectionString: cs } }]);
  t.metrics.throttled({ service: "partnerCenter" });
  metrics.alertSent({ kind: "digest" });
  expect(recorded.map((r) => [r.name, r.attrs])).toEqual([
    [METRIC_NAMES.throttled, { service: "partnerCenter" }],
    [METRIC_NAMES.alertsSent, { kind: "digest" }],
  ]);
  await Promise.all([t.shutdown(), t.shutdown()]);
  expect(shutdowns).toBe(1);
});
