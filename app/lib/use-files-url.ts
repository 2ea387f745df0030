'use client';
/** The Files page's state, kept in its URL (see files-view.ts): the filter
 *  inputs, the grouping, the window and the file shown. Must render
 *  inside <Suspense> (useSearchParams). Typing works as on the overview
 *  (use-url-filter.ts, useUrlDraft): the inputs show the draft until the
 *  URL has it. */
import { useCallback } from 'react';
import type { FileGroup } from '../../protocol/views';
import type { CheckedInput, FilterInput } from './filter-input';
import {
  FILE_KEY, FILES_GROUP_KEY, FILES_WINDOW_KEY, filesQuery, type FilesWindow, parseFileGroup, parseFileParam,
  parseFilesWindow,
} from './files-view';
import { useUrlDraft } from './use-url-filter';

export interface FilesUrl extends CheckedInput {
  input: FilterInput;
  setInput: (next: FilterInput) => void;
  group: FileGroup;
  setGroup: (next: FileGroup) => void;
  window: FilesWindow;
  setWindow: (next: FilesWindow) => void;
  /** The file shown; null: the list. */
  file: string | null;
  /** The list's query as it stands (no file): for links that come back to it. */
  listQuery: string;
}

export function useFilesUrl(): FilesUrl {
  const { params, input, checked, replace } = useUrlDraft();
  const group = parseFileGroup(params.get(FILES_GROUP_KEY));
  const window = parseFilesWindow(params.get(FILES_WINDOW_KEY));
  const file = parseFileParam(params.get(FILE_KEY));
  const write = useCallback(
    (nextInput: FilterInput, nextGroup: FileGroup, nextWindow: FilesWindow) =>
      replace(nextInput, filesQuery(nextInput, nextGroup, nextWindow, file)),
    [replace, file],
  );

  return {
    ...checked,
    input,
    setInput: useCallback((next: FilterInput) => write(next, group, window), [write, group, window]),
    group,
    setGroup: useCallback((next: FileGroup) => write(input, next, window), [write, input, window]),
    window,
    setWindow: useCallback((next: FilesWindow) => write(input, group, next), [write, input, group]),
    file,
    listQuery: filesQuery(input, group, window),
  };
}
