/**
 * Scenario loading: JSON → zod validation → cross-field checks (role names, group references, regexes).
 * Every problem is reported with the path of the bad field; nothing throws a stack at the user.
 */
import { readFileSync } from "node:fs";
import { z } from "zod/v4";
import { ScenarioSchema, type Scenario } from "./schema";
import { roleTemplateId } from "./roles";

export interface ScenarioIssue {
  /** e.g. "customers[2].gdapRelationships[0].roles[1]" ("" for the whole document). */
  path: string;
  message: string;
}

export class ScenarioError extends Error {
  constructor(
    readonly issues: ScenarioIssue[],
    readonly source?: string,
  ) {
    super(formatIssues(issues, source));
    this.name = "ScenarioError";
  }
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

export function formatIssues(issues: ScenarioIssue[], source?: string): string {
  const head = `Invalid scenario${source ? ` ${source}` : ""}: ${issues.length} problem${issues.length === 1 ? "" : "s"}`;
  return [head, ...issues.map((i) => `  - ${i.path || "(root)"}: ${i.message}`)].join("\n");
}

/** Validates a scenario object (already parsed from JSON). */
export function parseScenario(input: unknown): ParseResult {
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: flattenZodIssues(parsed.error.issues) };
  }
  const issues = semanticIssues(parsed.data);
  return issues.length ? { ok: false, issues } : { ok: true, scenario: parsed.data };
}

function flattenZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const i of issues) {
    const path = [...prefix, ...i.path];
    if (i.code === "invalid_union" && i.errors.length) {
      // Report the branch that got furthest (most specific path) instead of "invalid input".
      const branches = i.errors.map((e) => flattenZodIssues(e, path));
      const best = branches.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      out.push(...best);
      continue;
    }
    if (i.code === "unrecognized_keys") {
      for (const k of i.keys) out.push({ path: formatPath([...path, k]), message: "unknown field" });
      continue;
    }
    out.push({ path: formatPath(path), message: i.message });
  }
  return out;
}

function depth(issues: ScenarioIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}

function semanticIssues(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const role = (ref: string, path: string) => {
    if (!roleTemplateId(ref)) issues.push({ path, message: `unknown directory role "${ref}" (use a role template id or a display name such as "Application Administrator")` });
  };
  const groupIds = new Set(s.partner.groups.map((g) => g.id.toLowerCase()));
  const appIds = new Set(s.partner.applications.map((a) => a.appId.toLowerCase()));
  const tenantIds = new Map<string, string>();
  const seenTenant = (tid: string, path: string) => {
    const k = tid.toLowerCase();
    const prev = tenantIds.get(k);
    if (prev !== undefined) issues.push({ path, message: `tenant id ${tid} is already used by ${prev}` });
    else tenantIds.set(k, path);
  };
  seenTenant(s.partner.tenantId, "partner.tenantId");
  s.partner.users.forEach((u, i) => u.directoryRoles.forEach((r, j) => role(r, `partner.users[${i}].directoryRoles[${j}]`)));
  const partnerObjectIds = new Set([...s.partner.users.map((u) => u.id), ...s.partner.groups.map((g) => g.id), ...s.partner.applications.flatMap((a) => (a.servicePrincipalId ? [a.servicePrincipalId] : []))].map((x) => x.toLowerCase()));
  s.partner.groups.forEach((g, i) =>
    g.members.forEach((m, j) => {
      if (!partnerObjectIds.has(m.id.toLowerCase())) issues.push({ path: `partner.groups[${i}].members[${j}].id`, message: `no ${m.type} with id ${m.id} in the partner tenant` });
    }),
  );
  const ownerIds = new Set([...s.partner.users.map((u) => u.id), ...s.partner.applications.flatMap((a) => (a.servicePrincipalId ? [a.servicePrincipalId] : []))].map((x) => x.toLowerCase()));
  s.partner.applications.forEach((a, i) =>
    a.owners?.forEach((o, j) => {
      if (!ownerIds.has(o.toLowerCase())) issues.push({ path: `partner.applications[${i}].owners[${j}]`, message: `no user or service principal with id ${o} in the partner tenant` });
    }),
  );
  s.customers.forEach((c, ci) => {
    const base = `customers[${ci}]`;
    seenTenant(c.tenantId, `${base}.tenantId`);
    c.users.forEach((u, i) => u.directoryRoles.forEach((r, j) => role(r, `${base}.users[${i}].directoryRoles[${j}]`)));
    c.gdapRelationships.forEach((rel, ri) => {
      const rb = `${base}.gdapRelationships[${ri}]`;
      rel.roles.forEach((r, j) => role(r, `${rb}.roles[${j}]`));
      const relRoles = new Set(rel.roles.map((r) => roleTemplateId(r)));
      rel.accessAssignments.forEach((a, ai) => {
        const ab = `${rb}.accessAssignments[${ai}]`;
        if (!groupIds.has(a.groupId.toLowerCase())) issues.push({ path: `${ab}.groupId`, message: `no group with id ${a.groupId} in the partner tenant` });
        a.roles.forEach((r, j) => {
          role(r, `${ab}.roles[${j}]`);
          const id = roleTemplateId(r);
          if (id && !relRoles.has(id)) issues.push({ path: `${ab}.roles[${j}]`, message: `role "${r}" is not part of the relationship's roles` });
        });
      });
    });
    c.consentedApps.forEach((a, ai) => {
      if (!appIds.has(a.appId.toLowerCase())) issues.push({ path: `${base}.consentedApps[${ai}].appId`, message: `no application with appId ${a.appId} in the partner tenant` });
    });
  });
  if (s.generatedCustomers) {
    const g = s.generatedCustomers;
    g.gdapRoles.forEach((r, j) => role(r, `generatedCustomers.gdapRoles[${j}]`));
    g.accessGroupIds.forEach((id, j) => {
      if (!groupIds.has(id.toLowerCase())) issues.push({ path: `generatedCustomers.accessGroupIds[${j}]`, message: `no group with id ${id} in the partner tenant` });
    });
    g.consentedApps.forEach((a, ai) => {
      if (!appIds.has(a.appId.toLowerCase())) issues.push({ path: `generatedCustomers.consentedApps[${ai}].appId`, message: `no application with appId ${a.appId} in the partner tenant` });
    });
  }
  s.faults.forEach((f, i) => {
    try {
      new RegExp(f.path);
    } catch {
      issues.push({ path: `faults[${i}].path`, message: "not a valid regular expression" });
    }
    if (f.kind === "status" && f.status === undefined) issues.push({ path: `faults[${i}].status`, message: 'required when kind is "status"' });
    if (f.kind === "slow" && f.delayMs === undefined) issues.push({ path: `faults[${i}].delayMs`, message: 'required when kind is "slow"' });
  });
  return issues;
}

/** Reads and validates a scenario file; throws ScenarioError (with every bad field's path) on any problem. */
export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ScenarioError([{ path: "", message: `cannot read the file (${code})` }], file);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([{ path: "", message: `not valid JSON: ${(e as Error).message}` }], file);
  }
  const r = parseScenario(json);
  if (!r.ok) throw new ScenarioError(r.issues, file);
  return r.scenario;
}

/** A scenario given as an object (validated) or a path. */
export function resolveScenario(input: unknown): Scenario {
  if (typeof input === "string") return loadScenarioFile(input);
  const r = parseScenario(input);
  if (!r.ok) throw new ScenarioError(r.issues);
  return r.scenario;
}
