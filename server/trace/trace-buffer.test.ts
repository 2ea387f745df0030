import { describe, expect, it } from 'vitest';
import { parseBufferSizeKb } from './trace-buffer';

describe('parseBufferSizeKb', () => {
  it('reads the size in force, expanded or not', () => {
    expect(parseBufferSizeKb('7 (expanded: 1408)\n')).toBe(7);
    expect(parseBufferSizeKb('1408\n')).toBe(1408);
    expect(parseBufferSizeKb('X\n')).toBeUndefined();
  });
});
