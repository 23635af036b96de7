/**
 * One page of a long list and GOV.UK's pagination component's parameters for it (previous, next, numbered pages
 * with ellipses), linking by the `page` query parameter while keeping the list's other parameters (its filters).
 */
export interface Paged<T> {
  items: T[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  pages: number;
  /** "Showing 51 to 100 of 230". */
  showing: string;
  /** govukPagination's parameters, or undefined when everything fits on one page. */
  pagination?: {
    previous?: { href: string };
    next?: { href: string };
    items: ({ number: number; href: string; current?: boolean } | { ellipsis: true })[];
  };
}

export function paginate<T>(
  all: T[],
  requested: string | undefined,
  perPage: number,
  base: string,
  query: Record<string, string | undefined>,
): Paged<T> {
  const pages = Math.max(1, Math.ceil(all.length / perPage));
  const asked = Number.parseInt(requested ?? "1", 10);
  const page = Number.isFinite(asked) ? Math.min(Math.max(asked, 1), pages) : 1;
  const start = (page - 1) * perPage;
  const items = all.slice(start, start + perPage);
  const href = (n: number) => {
    const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]);
    if (n > 1) q.set("page", String(n));
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  const showing = all.length ? `Showing ${start + 1} to ${start + items.length} of ${all.length}` : "Showing 0 of 0";
  if (pages === 1) return { items, page, pages, showing };
  // First, last, and the current page with its neighbours; gaps become ellipses.
  const wanted = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages);
  const numbered: NonNullable<Paged<T>["pagination"]>["items"] = [];
  wanted.forEach((n, i) => {
    if (i > 0 && n - wanted[i - 1]! > 1) numbered.push({ ellipsis: true });
    numbered.push({ number: n, href: href(n), ...(n === page ? { current: true } : {}) });
  });
  return {
    items,
    page,
    pages,
    showing,
    pagination: {
      ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
      ...(page < pages ? { next: { href: href(page + 1) } } : {}),
      items: numbered,
    },
  };
}
