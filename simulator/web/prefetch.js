// Asks for the first page of messages while the other modules load; api.js takes the answer
// (once) when the Messages view asks for that very page.
if (/^(#\/?(messages(\/[^?]*)?)?)?$/.test(location.hash) && !window.earlyFetch) {
  const url = '/_sim/messages?order=desc&limit=100';
  window.earlyFetch = { url, response: fetch(url) };
  window.earlyFetch.response.catch(() => {}); // api.js reports a failure when it takes it
}
