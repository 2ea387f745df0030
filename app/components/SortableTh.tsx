/** A table's column header that sorts by its column: a button, the arrow
 *  of the order it is sorted in, and aria-sort for screen readers. */
export function SortableTh({
  label,
  title,
  align,
  active,
  desc,
  onSort,
  unsorted = 'none',
}: {
  label: string;
  title: string;
  align: 'text-left' | 'text-right';
  /** The table is sorted by this column now. */
  active: boolean;
  desc: boolean;
  onSort: () => void;
  /** aria-sort while another column sorts the table. */
  unsorted?: 'none' | undefined;
}) {
  return (
    <th
      scope="col"
      aria-sort={active ? (desc ? 'descending' : 'ascending') : unsorted}
      className={`p-0 font-medium text-muted ${align}`}
    >
      <button
        type="button"
        aria-label={`Sort by ${label}`}
        title={`${title} — click to sort`}
        onClick={onSort}
        className={`w-full px-2 py-1 hover:text-fg ${align} ${active ? 'text-fg' : ''}`}
      >
        {label}
        <span aria-hidden="true" className="inline-block w-3 text-center">
          {active ? (desc ? '↓' : '↑') : ''}
        </span>
      </button>
    </th>
  );
}
