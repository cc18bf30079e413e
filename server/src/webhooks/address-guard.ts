/**
 * SSRF protection of webhook endpoints. A webhook makes the API send requests to an address a caller chose,
 * so the address is checked: an absolute https:// URL without credentials, at most 2048 characters, whose host
 * resolves only to public addresses — never private, loopback, link-local, unique-local, CGNAT, multicast,
 * unspecified, reserved or documentation ranges, nor an IPv6 form that embeds one (IPv4-mapped ::ffff:10.0.0.1,
 * NAT64, 6to4). The check runs when an endpoint is created AND at every delivery, after resolving DNS, and the
 * connection is pinned to the address checked (the `lookup` handed to http.request), so a DNS answer that
 * changes in between (DNS rebinding) cannot lead a delivery elsewhere. WEBHOOK_ALLOW_PRIVATE=true (development,
 * tests) allows private addresses and plain http://.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';

export const WEBHOOK_URL_MAX = 2048;
const DNS_TIMEOUT_MS = 3000;

/** Why a URL or an address is refused, in Russian, for BAD_USER_INPUT on `url` and the deliveries' lastError. */
export class AddressRefused extends Error {}

/** An IPv4 address as a 32-bit unsigned number, or null. */
function ipv4Number(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

/** The 8 groups of an IPv6 address (an IPv4 tail expanded), or null. */
function ipv6Groups(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (tail) {
    const v4 = ipv4Number(tail[1]);
    if (v4 === null) return null;
    text = `${text.slice(0, tail.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)) : []);
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill(0), ...rest];
  return groups.some((g) => Number.isNaN(g)) ? null : groups;
}

const V4_BLOCKED: [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'CGNAT (shared address space)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved or broadcast'],
];

function v4Reason(n: number): string | null {
  for (const [base, bits, reason] of V4_BLOCKED) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if (((n & mask) >>> 0) === ((ipv4Number(base)! & mask) >>> 0)) return reason;
  }
  return null;
}

/**
 * Why an address must not be reached by a webhook (private, loopback, link-local…), or null for a public one.
 * Anything that is not a valid IP address is refused too.
 */
export function forbiddenAddressReason(ip: string): string | null {
  const family = isIP(ip);
  if (family === 4) return v4Reason(ipv4Number(ip)!);
  if (family !== 6) return 'not an IP address';
  const g = ipv6Groups(ip);
  if (!g) return 'not an IP address';
  const v4Of = (hi: number, lo: number) => ((hi << 16) >>> 0) + lo;
  const embedded = (n: number, kind: string) => {
    const reason = v4Reason(n);
    return reason ? `${kind} ${reason}` : null;
  };
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  // ::ffff:a.b.c.d (IPv4-mapped) and ::ffff:0:a.b.c.d (IPv4-translated): the IPv4 address is what is reached.
  if (zeros(0, 5) && g[5] === 0xffff) return embedded(v4Of(g[6], g[7]), 'IPv4-mapped');
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return embedded(v4Of(g[6], g[7]), 'IPv4-translated');
  // ::a.b.c.d (IPv4-compatible, deprecated) and the rest of ::/96.
  if (zeros(0, 6)) return 'IPv4-compatible (deprecated)';
  // NAT64 64:ff9b::/96 reaches the embedded IPv4 address; 64:ff9b:1::/48 is for local use.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embedded(v4Of(g[6], g[7]), 'NAT64');
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'NAT64 local use';
  if (g[0] === 0x100 && zeros(1, 4)) return 'discard-only';
  if (g[0] === 0x2001 && g[1] === 0) return 'Teredo';
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'documentation';
  if (g[0] === 0x2001 && g[1] < 0x200) return 'IETF protocol assignments';
  // 6to4 2002::/16 carries an IPv4 address in its next 32 bits.
  if (g[0] === 0x2002) return embedded(v4Of(g[1], g[2]), '6to4');
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'site-local (deprecated)';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  return null;
}

export interface CheckedUrl {
  url: URL;
  /** The host to resolve, without IPv6 brackets. */
  host: string;
}

/** The URL's form (no DNS): absolute, https:// (http:// too when private addresses are allowed), no credentials, ≤ 2048. */
export function checkWebhookUrlForm(raw: string, allowPrivate: boolean): CheckedUrl {
  const text = String(raw ?? '').trim();
  if (!text) throw new AddressRefused('Укажите адрес (URL), на который отправлять уведомления, например https://example.ru/kabinet/webhook.');
  if (text.length > WEBHOOK_URL_MAX) throw new AddressRefused(`Адрес — не длиннее ${WEBHOOK_URL_MAX} символов.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AddressRefused('Это не адрес (URL): укажите полный адрес, начиная с https://, например https://example.ru/kabinet/webhook.');
  }
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw new AddressRefused('Адрес должен начинаться с https:// — уведомления отправляются только по защищённому соединению.');
  if (url.username || url.password) throw new AddressRefused('Уберите из адреса имя пользователя и пароль: запросы подписываются секретом, пароль в адресе не нужен.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new AddressRefused('В адресе нет имени сервера.');
  return { url, host };
}

export interface VettedAddress {
  address: string;
  family: 4 | 6;
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AddressRefused(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Resolves the host and checks every address it resolves to; returns the one to connect to. Refused when the host
 * does not resolve, or when ANY of its addresses is not public (unless private addresses are allowed).
 */
export async function resolveVetted(host: string, allowPrivate: boolean, timeoutMs = DNS_TIMEOUT_MS): Promise<VettedAddress> {
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal as 4 | 6 }]
    : await withTimeout(
        dnsLookup(host, { all: true, verbatim: true }).catch(() => {
          throw new AddressRefused(`Имя сервера ${host} не найдено в DNS. Проверьте адрес.`);
        }),
        timeoutMs,
        `Имя сервера ${host} не удалось найти в DNS за ${Math.round(timeoutMs / 1000)} с. Проверьте адрес.`,
      );
  if (!addresses.length) throw new AddressRefused(`Имя сервера ${host} не найдено в DNS. Проверьте адрес.`);
  if (!allowPrivate) {
    for (const a of addresses) {
      const reason = forbiddenAddressReason(a.address);
      if (reason) {
        throw new AddressRefused(
          `Адрес ${literal ? host : `${host} (${a.address})`} — внутренний или служебный (${reason}): уведомления отправляются только на публичные адреса в интернете.`,
        );
      }
    }
  }
  const chosen = addresses[0];
  return { address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

/** A `lookup` for http(s).request that answers only the vetted address, whatever DNS would say now. */
export function pinnedLookup(vetted: VettedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean } | number | undefined, callback: (...args: unknown[]) => void) => {
    const cb = typeof options === 'function' ? (options as (...args: unknown[]) => void) : callback;
    const all = typeof options === 'object' && options !== null && options.all;
    if (all) cb(null, [{ address: vetted.address, family: vetted.family }]);
    else cb(null, vetted.address, vetted.family);
  }) as unknown as LookupFunction;
}
