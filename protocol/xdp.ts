/** The XDP filter's API: requests validated by the server, the status
 *  the UI draws. */
import { z } from 'zod';

export const DIRECTIONS = ['src', 'dst'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const ATTACH_REQUEST_MODES = ['auto', 'native', 'generic'] as const;
export type AttachRequestMode = (typeof ATTACH_REQUEST_MODES)[number];
export const XDP_MODES = ['native', 'generic', 'offload', 'multi'] as const;
export type XdpMode = (typeof XDP_MODES)[number];

/** "force": the token a 409 answer gave (its own "force"), sent back to
 *  go on all the same: it confirms exactly the problems that answer named,
 *  so it overrides nothing the user was not shown. */
export const forceSchema = z.string().regex(/^[0-9a-f]{16}$/, 'force must be the token a 409 answer gave').optional();

export const attachRequestSchema = z.strictObject({
  ifname: z.string().min(1).max(15),
  mode: z.enum(ATTACH_REQUEST_MODES).default('auto'),
  force: forceSchema,
});

export const RULE_ACTIONS = ['deny', 'allow'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];
export const PROTOS = ['tcp', 'udp'] as const;
export type Proto = (typeof PROTOS)[number];
/** What happens to packets that no rule matches. */
export const DEFAULT_ACTIONS = ['pass', 'drop'] as const;
export type DefaultAction = (typeof DEFAULT_ACTIONS)[number];

/** A year: longer lifetimes are a typo, not a plan. */
export const MAX_TTL_SECONDS = 365 * 24 * 3600;
export const MAX_COMMENT = 200;

/** Printable text on one line: a comment is shown in tables and in the
 *  exported list, where a newline would start a rule. */
const commentSchema = z
  .string()
  .max(MAX_COMMENT)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'a comment is one line of printable text');

/** What a rule matches: an address or prefix, a TCP/UDP destination port,
 *  or both. Port rules match the source address (XDP sees arriving
 *  packets), and name a port whenever they name a protocol. */
const ruleMatch = {
  cidr: z.string().min(1).max(64).optional(),
  direction: z.enum(DIRECTIONS).default('src'),
  /** Without it, a port rule matches TCP and UDP alike. */
  proto: z.enum(PROTOS).optional(),
  port: z.number().int().min(1).max(65535).optional(),
};

function checkMatch(r: { cidr?: string; direction: Direction; proto?: Proto; port?: number }, ctx: z.RefinementCtx) {
  if (r.cidr === undefined && r.port === undefined) {
    ctx.addIssue({ code: 'custom', message: 'a rule needs an address (cidr), a port, or both' });
  }
  if (r.proto !== undefined && r.port === undefined) {
    ctx.addIssue({ code: 'custom', message: `a ${r.proto} rule needs a port: the filter matches protocol and port together` });
  }
  if (r.port !== undefined && r.direction === 'dst') {
    ctx.addIssue({ code: 'custom', message: 'a port rule matches the source address of arriving packets; leave direction at src' });
  }
}

export const ruleRequestSchema = z
  .strictObject({
    ...ruleMatch,
    action: z.enum(RULE_ACTIONS).default('deny'),
    /** The rule removes itself after this many seconds (also across a restart). */
    ttlSeconds: z.number().int().min(1).max(MAX_TTL_SECONDS).optional(),
    comment: commentSchema.default(''),
    force: forceSchema,
  })
  .superRefine(checkMatch);

/** DELETE /api/xdp/rules?cidr=…&direction=…&proto=…&port=…: the rule with
 *  exactly this match. */
export const ruleQuerySchema = z
  .strictObject({ ...ruleMatch, port: z.coerce.number().int().min(1).max(65535).optional(), force: forceSchema })
  .superRefine(checkMatch);

/** POST /api/xdp/rules/import: a block (or allow) list, one address or
 *  prefix per line, # comments (FireHOL .netset files as they are). */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
export const importRequestSchema = z.strictObject({
  text: z.string().max(MAX_IMPORT_BYTES),
  action: z.enum(RULE_ACTIONS).default('deny'),
  ttlSeconds: z.number().int().min(1).max(MAX_TTL_SECONDS).optional(),
  comment: commentSchema.default(''),
  force: forceSchema,
});
export const importAnswerSchema = z.strictObject({
  added: z.number(),
  /** Lines naming a rule that exists already. */
  present: z.number(),
});
/** A list that does not parse: every bad line (the first 50), nothing added. */
export const importErrorSchema = z.object({
  error: z.string(),
  lines: z.array(z.strictObject({ line: z.number(), text: z.string(), error: z.string() })),
});

/** DELETE /api/xdp/rules/by-comment?comment=…: every rule with it (an
 *  imported list, given a comment) → { removed: n }. */
export const removeByCommentSchema = z.strictObject({ comment: z.string().min(1).max(MAX_COMMENT), force: forceSchema });

/** POST /api/xdp/default */
export const defaultRequestSchema = z.strictObject({
  default: z.enum(DEFAULT_ACTIONS),
  force: forceSchema,
});

export const TALKER_GROUPS = ['addr', 'prefix'] as const;
export type TalkerGroup = (typeof TALKER_GROUPS)[number];
/** GET /api/xdp/talkers?group=addr|prefix (prefix: /24 and /64)&limit=N */
export const talkersQuerySchema = z.strictObject({
  group: z.enum(TALKER_GROUPS).default('addr'),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
export const talkerSchema = z.strictObject({
  /** An address, or a /24 or /64 prefix when grouped. */
  addr: z.string(),
  packets: z.number(),
  bytes: z.number(),
  dropped: z.number(),
  /** When the filter last saw a packet from it. */
  lastSeen: z.string(),
  /** Per second since the previous answer; null on the first. */
  pps: z.number().nullable(),
  bps: z.number().nullable(),
  droppedPps: z.number().nullable(),
});
export type Talker = z.infer<typeof talkerSchema>;
export const talkersAnswerSchema = z.strictObject({
  talkers: z.array(talkerSchema),
  group: z.enum(TALKER_GROUPS),
  /** Source addresses the map holds now, and how many it can (LRU). */
  tracked: z.number(),
  capacity: z.number(),
  sampledAt: z.string(),
  /** Counting happens in the program: none while it is not attached. */
  attached: z.boolean(),
});
export type TalkersAnswer = z.infer<typeof talkersAnswerSchema>;

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
  /** null: any address (a port rule). */
  cidr: z.string().nullable(),
  direction: z.enum(DIRECTIONS),
  /** null: TCP and UDP (with a port), or any (without). */
  proto: z.enum(PROTOS).nullable(),
  port: z.number().nullable(),
  action: z.enum(RULE_ACTIONS),
  drops: z.number(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  comment: z.string(),
  /** The filter is attached and enforcing it. */
  active: z.boolean(),
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
  /** UDP each peer address sends to the host, packets per second. */
  traffic: z.array(z.strictObject({ from: z.string(), pps: z.number() })),
  probes: z.array(
    z.strictObject({ target: z.string(), last: probeResultSchema.nullable(), history: z.array(z.boolean()) }),
  ),
});
export type LabStatus = z.infer<typeof labStatusSchema>;

export const xdpStatusSchema = z.strictObject({
  interfaces: z.array(interfaceSchema),
  attached: z.strictObject({ ifname: z.string(), mode: z.enum(XDP_MODES), prog: progInfoSchema }).nullable(),
  /** Where the user asked the filter to run, even while it cannot (the interface is gone). */
  wanted: z.strictObject({ ifname: z.string(), mode: z.enum(ATTACH_REQUEST_MODES) }).nullable(),
  rules: z.array(ruleViewSchema),
  /** Packets no rule matches: passed, or dropped (an allow list). */
  default: z.enum(DEFAULT_ACTIONS),
  /** unlisted: of the dropped, those the default dropped. */
  totals: z.strictObject({ passed: z.number(), dropped: z.number(), unlisted: z.number() }),
  /** Something the user should know, e.g. a rule set restored without its interface. */
  message: z.string().nullable(),
  lab: labStatusSchema.nullable(),
});
export type XdpStatus = z.infer<typeof xdpStatusSchema>;

/** Every API error. force: sending the request again with this as its
 *  "force" would do it (forceSchema). */
export const apiErrorSchema = z.object({
  error: z.string(),
  /** An import's bad lines. */
  lines: importErrorSchema.shape.lines.optional(),
  force: z.string().optional(),
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
