/**
 * Route matching: patterns with "{name}" placeholders and literal OData segments ("applications(appId='{appId}')"),
 * compiled once into case-insensitive regular expressions and tried most specific first.
 */
import type { RouteDef, Service } from "./types";

export interface CompiledRoute {
  route: RouteDef;
  regex: RegExp;
  names: string[];
  literalLength: number;
}

export type MatchResult =
  | { kind: "match"; route: RouteDef; params: Record<string, string> }
  | { kind: "methodNotAllowed" }
  | { kind: "none" };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function compileRoute(route: RouteDef): CompiledRoute {
  const names: string[] = [];
  let src = "";
  let literal = 0;
  const re = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const path = route.path.length > 1 ? route.path.replace(/\/+$/, "") : route.path;
  while ((m = re.exec(path))) {
    const lit = path.slice(last, m.index);
    src += escape(lit);
    literal += lit.length;
    // Inside quotes ('{id}') a value may contain anything but the quote; elsewhere anything but a slash.
    const quoted = path[m.index - 1] === "'";
    src += quoted ? "([^']*)" : "([^/]+?)";
    names.push(m[1]);
    last = m.index + m[0].length;
  }
  const tail = path.slice(last);
  src += escape(tail);
  literal += tail.length;
  return { route, regex: new RegExp(`^${src}/?$`, "i"), names, literalLength: literal };
}

export class Router {
  private readonly byService = new Map<Service, CompiledRoute[]>();

  constructor(routes: RouteDef[]) {
    for (const r of routes) {
      const list = this.byService.get(r.service) ?? [];
      list.push(compileRoute(r));
      this.byService.set(r.service, list);
    }
    // Most specific first: fewer placeholders, then more literal characters.
    for (const list of this.byService.values()) list.sort((a, b) => a.names.length - b.names.length || b.literalLength - a.literalLength);
  }

  match(service: Service, method: string, path: string): MatchResult {
    const list = this.byService.get(service);
    if (!list) return { kind: "none" };
    let pathMatched = false;
    for (const c of list) {
      const m = c.regex.exec(path);
      if (!m) continue;
      if (c.route.method !== method) {
        pathMatched = true;
        continue;
      }
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => {
        params[n] = m[i + 1];
      });
      return { kind: "match", route: c.route, params };
    }
    return pathMatched ? { kind: "methodNotAllowed" } : { kind: "none" };
  }

  routes(): RouteDef[] {
    return [...this.byService.values()].flat().map((c) => c.route);
  }
}
