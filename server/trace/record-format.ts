/**
 * A recording (--record FILE) is the raw trace_pipe lines of a session,
 * one per line as the kernel wrote them (bytes kept as they were), with a
 * `#odash-tag <hex>` line before the lines of each loader run, so a replay
 * can tell our lines from forgeries as the live backend did. Any plain
 * trace_pipe capture (`cat trace_pipe > file`) replays too; without tag
 * lines only the article's BCC lines become events.
 */
export const RECORD_TAG_PREFIX = '#odash-tag ';
