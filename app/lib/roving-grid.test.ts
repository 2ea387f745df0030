import { describe, expect, it } from 'vitest';
import { GRID_PAGE, gridMove } from './roving-grid';

// A header of 8 sort buttons, then rows of two links (PID, name), one of one.
const rows = [8, 2, 2, 1, 2];

describe('gridMove', () => {
  it('moves down and up a row, keeping the column where the row has it', () => {
    expect(gridMove(rows, [1, 1], 'ArrowDown')).toEqual([2, 1]);
    expect(gridMove(rows, [2, 1], 'ArrowDown')).toEqual([3, 0]);
    expect(gridMove(rows, [1, 0], 'ArrowUp')).toEqual([0, 0]);
    expect(gridMove(rows, [0, 6], 'ArrowDown')).toEqual([1, 1]);
  });
  it('stops at the edges', () => {
    expect(gridMove(rows, [4, 0], 'ArrowDown')).toEqual([4, 0]);
    expect(gridMove(rows, [0, 3], 'ArrowUp')).toEqual([0, 3]);
    expect(gridMove(rows, [1, 1], 'ArrowRight')).toEqual([1, 1]);
    expect(gridMove(rows, [1, 0], 'ArrowLeft')).toEqual([1, 0]);
  });
  it('skips rows without controls', () => {
    expect(gridMove([2, 0, 0, 2], [0, 1], 'ArrowDown')).toEqual([3, 1]);
    expect(gridMove([2, 0, 0, 2], [3, 0], 'ArrowUp')).toEqual([0, 0]);
  });
  it('goes to the row ends with Home and End, the grid ends with Ctrl', () => {
    expect(gridMove(rows, [0, 3], 'Home')).toEqual([0, 0]);
    expect(gridMove(rows, [0, 3], 'End')).toEqual([0, 7]);
    expect(gridMove(rows, [2, 1], 'Home', true)).toEqual([0, 0]);
    expect(gridMove(rows, [0, 0], 'End', true)).toEqual([4, 1]);
  });
  it('pages by GRID_PAGE rows', () => {
    const long = Array<number>(30).fill(2);
    expect(gridMove(long, [0, 1], 'PageDown')).toEqual([GRID_PAGE, 1]);
    expect(gridMove(long, [5, 0], 'PageUp')).toEqual([0, 0]);
  });
  it('leaves other keys and empty grids alone', () => {
    expect(gridMove(rows, [1, 0], 'Enter')).toBeNull();
    expect(gridMove([0, 0], [0, 0], 'ArrowDown')).toBeNull();
  });
});
