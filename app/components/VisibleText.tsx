import { Fragment } from 'react';
import { escapeCodes, visibleSegments } from '../lib/visible';

/** Untrusted text (process names, paths) with control characters shown as
 *  styled stand-ins. React escapes the rest; nothing is parsed as markup. */
export function VisibleText({ text }: { text: string }) {
  return (
    <>
      {visibleSegments(text).map((s, i) =>
        s.control ? (
          <span key={i} className="ctl" title={escapeCodes(s.raw)}>
            {s.text}
          </span>
        ) : (
          <Fragment key={i}>{s.text}</Fragment>
        ),
      )}
    </>
  );
}
