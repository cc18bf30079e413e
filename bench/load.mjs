/**
 * A small load generator on loopback (node:http, keep-alive): closed loop (N requests in
 * flight for D seconds) and open loop (a constant rate, latency counted from the moment each
 * request was due, so a slow server cannot hide its queue: no coordinated omission).
 */
import http from 'node:http';

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(latencies, errors, seconds) {
  const s = Float64Array.from(latencies).sort();
  const result = {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1] : NaN,
  };
  // Kept out of JSON.stringify (results files) but available to combine rounds.
  Object.defineProperty(result, 'latencies', { value: latencies, enumerable: false });
  return result;
}

/** Several rounds of the same measurement as one: requests over the summed time, percentiles over every latency. */
export function combine(rounds) {
  const s = summarize(
    rounds.flatMap((r) => r.latencies),
    rounds.reduce((a, r) => a + r.errors, 0),
    rounds.reduce((a, r) => a + r.seconds, 0),
  );
  s.rounds = rounds.map((r) => Math.round(r.rps));
  return s;
}

/** One POST; resolves { status, body } (body as a string). */
export function post(agent, url, body, headers = {}) {
  const u = new URL(url);
  const data = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const ok = (r) => r.status === 200 && !r.body.includes('"errors"');

/**
 * makeRequest(i) → { url, body, headers }. Closed loop: `concurrency` workers, each sends its
 * next request when the previous answered.
 */
export async function closedLoop({ concurrency, seconds, makeRequest, check = ok, onError }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  let errors = 0;
  let i = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const r = makeRequest(i++);
        const s = performance.now();
        try {
          const res = await post(agent, r.url, r.body, r.headers);
          if (check(res)) latencies.push(performance.now() - s);
          else {
            errors++;
            onError?.(res);
          }
        } catch (e) {
          errors++;
          onError?.({ status: 0, body: String(e) });
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return summarize(latencies, errors, elapsed);
}

/** Open loop: `rate` requests per second for `seconds`, whatever the answers' speed. */
export async function openLoop({ rate, seconds, makeRequest, check = ok, maxSockets = 256, onError }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const latencies = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const t0 = performance.now() + 20;
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const r = makeRequest(i);
    pending.push(
      post(agent, r.url, r.body, r.headers).then(
        (res) => {
          if (check(res)) latencies.push(performance.now() - due);
          else {
            errors++;
            onError?.(res);
          }
        },
        (e) => {
          errors++;
          onError?.({ status: 0, body: String(e) });
        },
      ),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const s = summarize(latencies, errors, elapsed);
  s.offeredRate = rate;
  return s;
}
