/**
 * The browser benchmark's floor: the same Next.js, React and build as the
 * dashboard (a static export), with nothing of the dashboard in it. What
 * its page load costs, no page of this stack can go below on that machine.
 */
import path from 'node:path';

export default {
  output: 'export',
  // node_modules is the repository's, two folders up.
  turbopack: { root: path.resolve(import.meta.dirname, '../..') },
};
