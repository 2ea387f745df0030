/** The XDP filter's API: requests validated by the server, the status
 *  the UI draws. */
import { z } from 'zod';

export const DIRECTIONS = ['src', 'dst'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const ATTACH_REQUEST_MODES = ['auto', 'native', 'generic'] as const;
export type AttachRequestMode = (typeof ATTACH_REQUEST_MODES)[number];
export const XDP_MODES = ['native', 'generic', 'offload', 'multi'] as const;
export type XdpMode = (typeof XDP_MODES)[number];

export const attachRequestSchema = z.strictObject({
  ifname: z.string().min(1).max(15),
  mode: z.enum(ATTACH_REQUEST_MODES).default('auto'),
  force: z.boolean().default(false),
});

export const ruleRequestSchema = z.strictObject({
  cidr: z.string().min(1).max(64),
  direction: z.enum(DIRECTIONS).default('src'),
  force: z.boolean().default(false),
});

export const ruleQuerySchema = z.strictObject({
  cidr: z.string().min(1).max(64),
  direction: z.enum(DIRECTIONS).default('src'),
});

export const interfaceSchema = z.strictObject({
  name: z.string(),
  ifindex: z.number(),
  state: z.string(),
  addresses: z.array(z.string()),
  xdp: z.strictObject({ mode: z.enum(XDP_MODES), progId: z.number(), progName: z.string() }).nullable(),
});
export type InterfaceInfo = z.infer<typeof interfaceSchema>;

export const progInfoSchema = z.strictObject({
  id: z.number(),
  name: z.string(),
  tag: z.string(),
  loadedAt: z.string(),
  xlatedBytes: z.number(),
  jitedBytes: z.number(),
  memlock: z.number(),
  btfId: z.number().nullable(),
});
export type ProgInfo = z.infer<typeof progInfoSchema>;

export const ruleViewSchema = z.strictObject({
  cidr: z.string(),
  direction: z.enum(DIRECTIONS),
  drops: z.number(),
  createdAt: z.string(),
});
export type RuleView = z.infer<typeof ruleViewSchema>;

export const probeResultSchema = z.strictObject({
  ok: z.boolean(),
  at: z.string(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type ProbeResult = z.infer<typeof probeResultSchema>;

export const labStatusSchema = z.strictObject({
  netns: z.string(),
  hostIf: z.string(),
  peerIf: z.string(),
  hostAddrs: z.array(z.string()).readonly(),
  peerAddrs: z.array(z.string()).readonly(),
  port: z.number(),
  probes: z.array(
    z.strictObject({ target: z.string(), last: probeResultSchema.nullable(), history: z.array(z.boolean()) }),
  ),
});
export type LabStatus = z.infer<typeof labStatusSchema>;

export const xdpStatusSchema = z.strictObject({
  interfaces: z.array(interfaceSchema),
  attached: z.strictObject({ ifname: z.string(), mode: z.enum(XDP_MODES), prog: progInfoSchema }).nullable(),
  rules: z.array(ruleViewSchema),
  totals: z.strictObject({ passed: z.number(), dropped: z.number() }),
  /** Something the user should know, e.g. a rule set restored without its interface. */
  message: z.string().nullable(),
  lab: labStatusSchema.nullable(),
});
export type XdpStatus = z.infer<typeof xdpStatusSchema>;

/** Every API error. force: resending with "force": true would do it. */
export const apiErrorSchema = z.object({
  error: z.string(),
  force: z.literal(true).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** GET /api/audit: every control action, newest first. */
export const auditEntrySchema = z.strictObject({
  time: z.string(),
  client: z.string(),
  action: z.string(),
  args: z.record(z.string(), z.unknown()),
  result: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditAnswerSchema = z.strictObject({ entries: z.array(auditEntrySchema) });
