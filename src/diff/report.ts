// The diff's report: what compareSnapshots (compare.ts) finds and render.ts prints.
import type { Change } from './change.js';
import type { ProfileOutcome } from './impact.js';
import type { ObjectChange } from './objects.js';
import type { ShapeChanges } from './shapes.js';

export type { Change };

/** Seconds from the onset of the incident to firing; null: never within the horizon. */
export interface ImpactRow {
  profile: string;
  before: ProfileOutcome['firesAfter'];
  after: ProfileOutcome['firesAfter'];
  /** Seconds from the onset until the leak reaches the memory limit, per service (when the limit is known). */
  limit?: Array<{ after: number; services: string[] }>;
  /** A leak rate between the old and the new threshold. */
  between?: boolean;
  /** Set when the row holds for only some of the section's services. */
  services?: string[];
}

export interface AlertRef {
  name: string;
  group: string;
  groups: string[];
  services: string[];
  threshold?: string;
  severity?: string;
}

/** Who gets the alert, before and after, as Alertmanager resolves its labels through the route tree. */
export interface AlertRouting {
  before: string[];
  after: string[];
  /** Inhibitions that silence the alert (their source matchers). */
  silencedBefore: string[];
  silencedAfter: string[];
}

export interface AlertChange {
  name: string;
  /** The first of `groups`. */
  group: string;
  /** Every rule group (one per service) with this same change. */
  groups: string[];
  services: string[];
  /** Set for a rename: the old name. */
  renamedFrom?: string;
  changes: Change[];
  impact: ImpactRow[];
  /** Fires after the memory limit is reached, or no longer before it. */
  warnings: string[];
  routing?: AlertRouting;
  /** 'paged' when a receiver of the new version is PagerDuty, else 'notified': how the time to fire reads. */
  notice: string;
  /** What stops matching the old name. */
  actions: string[];
  /** What the change does on memgen's shape catalog. */
  shapes?: ShapeChanges;
}

export interface DiffSummary {
  alertsAdded: number;
  alertsRemoved: number;
  alertsChanged: number;
  services: string[];
  receiversChanged: number;
  /** Route, timing and inhibition changes. */
  otherRoutingChanges: number;
  warnings: number;
}

export interface DiffReport {
  /** The config does not exist at the base: everything is new. */
  adoption: boolean;
  /** More than one service: sections name the services they apply to. */
  fleet: boolean;
  summary: DiffSummary;
  settings: Change[];
  alerts: { added: AlertRef[]; removed: AlertRef[]; changed: AlertChange[] };
  routing: Change[];
  objects: ObjectChange[];
  jobs: { added: string[]; removed: string[]; changed: Array<{ job: string; changes: Change[] }> };
  panels: { added: string[]; removed: string[]; changed: Array<{ title: string; changes: Change[] }> };
}
