// The page's token filter: with one set, every list, the live stream and the reset button are
// about that token alone (?tokenid= on each call), as a test that shares the simulator sees it.
// It lives in the URL, after the view (#/messages?tokenid=tok-1): a link, a reload or a
// bookmark keeps it, and the tabs carry it along.

function hashQuery(hash = location.hash) {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

// The token id filtered on, '' for every token.
export function currentTokenId(hash = location.hash) {
  return (hashQuery(hash).get('tokenid') ?? '').trim();
}

// `hash` (a view's route) with the current filter kept.
export function withTokenFilter(hash, tokenid = currentTokenId()) {
  return tokenid ? `${hash}?tokenid=${encodeURIComponent(tokenid)}` : hash;
}

// The current route with `tokenid` as its filter ('' for none).
export function routeWithTokenId(tokenid) {
  const path = location.hash.split('?')[0] || '#/messages';
  return withTokenFilter(path, tokenid.trim());
}

// A query for a list call: the filter's tokenid with the call's own query.
export const scopedQuery = (query = {}) => {
  const tokenid = currentTokenId();
  return tokenid ? { tokenid, ...query } : query;
};
