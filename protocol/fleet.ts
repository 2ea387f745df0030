/** GET /api/fleet: every ebpf-dash backend that a Prometheus scrapes, as
 *  that Prometheus sees it (the backend asks it; the browser never does). */
import { z } from 'zod';

/** The scrape job the fleet is read from (deploy/prometheus.yml). */
export const FLEET_JOB = 'ebpf-dash';

/** The answer of GET /api/fleet when the backend was started without
 *  --prometheus (HTTP 503): `prometheus: null` says so to a program, the
 *  sentence to a person. */
export const FLEET_UNCONFIGURED = 'start with --prometheus URL to see the fleet';
export const fleetUnconfiguredSchema = z.strictObject({ error: z.string(), prometheus: z.null() });

/** One backend (one `instance` of the job). Every measurement is null when
 *  Prometheus has no sample for it: a target it cannot scrape, a backend
 *  too old to export it, or too few scrapes yet for a rate. */
export const fleetHostSchema = z.strictObject({
  /** host:port, as Prometheus' `instance` label has it. */
  instance: z.string(),
  /** The last scrape worked (Prometheus' `up`). */
  up: z.boolean().nullable(),
  /** The backend's tracer runs (ebpfdash_tracer_up). */
  tracerUp: z.boolean().nullable(),
  /** How it hooks the open syscalls (ebpfdash_tracer_info's `attach`). */
  attach: z.string().nullable(),
  /** Opens per second over the last minute, failed ones included. */
  openRate: z.number().nullable(),
  /** Failed opens (result other than ok) per second over the last minute. */
  failureRate: z.number().nullable(),
  /** Events the kernel dropped in the last hour (an estimate: Prometheus
   *  extrapolates, so it need not be whole). */
  lostLastHour: z.number().nullable(),
  /** Packets the XDP filter dropped per second over the last minute. */
  xdpDropRate: z.number().nullable(),
  /** The filter runs where it was asked to. */
  xdpAttached: z.boolean().nullable(),
  /** It was asked to run somewhere. */
  xdpWanted: z.boolean().nullable(),
  /** http://INSTANCE/; null when the instance is not a host:port. */
  dashboardUrl: z.string().nullable(),
});
export type FleetHost = z.infer<typeof fleetHostSchema>;

export const fleetAnswerSchema = z.strictObject({
  /** The Prometheus asked (--prometheus). */
  prometheus: z.string(),
  /** One row per instance, by instance. */
  hosts: z.array(fleetHostSchema),
  /** When the queries were evaluated (all at this instant): ms since 1970. */
  queriedAt: z.number(),
  /** What went wrong asking Prometheus, in a sentence; the hosts are then
   *  what the queries that worked said (none when it could not be reached). */
  error: z.string().nullable(),
});
export type FleetAnswer = z.infer<typeof fleetAnswerSchema>;
