import { useSyncExternalStore } from 'react';

/** A touch screen and nothing that hovers: a phone or tablet without a
 *  mouse or keyboard, where keyboard hints only mislead. The same query
 *  as .kbd-hint in globals.css. */
export const TOUCH_ONLY = '(hover: none) and (pointer: coarse)';
/** Narrower than Tailwind's sm breakpoint (640px): a phone held upright,
 *  where tables stack their rows (the max-sm: classes). */
export const NARROW = '(max-width: 639.98px)';

/** Whether the media query matches now; false while prerendering. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const q = window.matchMedia(query);
      q.addEventListener('change', onChange);
      return () => q.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
