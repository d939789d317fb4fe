// Where a search lives in the portal: /search#q=…. The query rides in the
// fragment, which the browser never sends to a server, so an NI number typed
// into the box reaches no URL in a request log — the API is asked by POST.
export const SEARCH_PATH = '/search';
export const SEARCH_EVENT = 'waymark:search';

export function searchHref(query: string): string {
  return `${SEARCH_PATH}#q=${encodeURIComponent(query)}`;
}

/** The query in the current location's fragment ('' when none). */
export function readSearchQuery(hash: string): string {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('q');
  return value?.trim() ?? '';
}
