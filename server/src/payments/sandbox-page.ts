/** The sandbox gateway's pages: plain server-rendered HTML, no JavaScript. */
import { formatMoney } from '../documents/ru-format';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#eef2f6;
    font:16px/1.5 -apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d2733}
  main{width:100%;max-width:440px;margin:24px;background:#fff;border-radius:14px;box-shadow:0 6px 28px rgba(20,40,70,.12);overflow:hidden}
  header{background:#1f5f99;color:#fff;padding:18px 24px}
  header h1{margin:0;font-size:19px;font-weight:600}
  header p{margin:4px 0 0;font-size:13px;opacity:.85}
  .body{padding:22px 24px 26px}
  dl{margin:0 0 20px;display:grid;grid-template-columns:max-content 1fr;gap:8px 16px}
  dt{color:#5b6b7c;font-size:14px}
  dd{margin:0;font-weight:500;overflow-wrap:break-word;hyphens:auto}
  .amount{font-size:28px;font-weight:700;margin:4px 0 18px}
  .note{background:#fff7e0;border:1px solid #f0d98c;border-radius:8px;padding:10px 12px;font-size:13px;color:#6b5200;margin-bottom:20px}
  .buttons{display:flex;gap:12px}
  button,.link{flex:1;padding:12px 16px;border-radius:8px;font-size:16px;font-weight:600;cursor:pointer;text-align:center;text-decoration:none}
  .pay{background:#1f9d55;border:0;color:#fff}
  .pay:hover{background:#17834a}
  .decline{background:#fff;border:1px solid #c5ced8;color:#1d2733}
  .decline:hover{background:#f3f5f8}
  .link{display:block;background:#1f5f99;color:#fff}
  .status{font-size:18px;font-weight:600;margin:0 0 12px}
  @media (max-width:420px){main{margin:12px}.body{padding:18px 16px 22px}dl{grid-template-columns:1fr;gap:2px}dd{margin-bottom:8px}}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>Тестовый платёжный шлюз</h1><p>Песочница: деньги не списываются</p></header>
<div class="body">
${body}
</div>
</main>
</body>
</html>`;
}

export interface SandboxPaymentView {
  id: string;
  amount: string;
  payee: string;
  accountNumber: string;
  description: string;
}

/** The confirmation page: the payee, the amount, the account, «Оплатить» / «Отказаться». */
export function confirmationPage(p: SandboxPaymentView): string {
  const action = `/sandbox-gateway/pay/${encodeURIComponent(p.id)}`;
  return page('Оплата картой — тестовый платёжный шлюз', `
<div class="amount">${escapeHtml(formatMoney(p.amount, { currency: 'symbol' }))}</div>
<dl>
  <dt>Получатель</dt><dd>${escapeHtml(p.payee)}</dd>
  <dt>Лицевой счёт</dt><dd>${escapeHtml(p.accountNumber)}</dd>
  <dt>Назначение</dt><dd>${escapeHtml(p.description)}</dd>
  <dt>Номер платежа</dt><dd><small>${escapeHtml(p.id)}</small></dd>
</dl>
<div class="note">Это тестовая страница оплаты. Нажмите «Оплатить», чтобы имитировать успешную оплату картой, или «Отказаться», чтобы отменить платёж.</div>
<form method="post" action="${escapeHtml(action)}" class="buttons">
  <button type="submit" name="decision" value="pay" class="pay">Оплатить</button>
  <button type="submit" name="decision" value="decline" class="decline">Отказаться</button>
</form>`);
}

/** A payment already settled, or an unknown one, or a delivery problem: a message and a way back to the site. */
export function messagePage(title: string, message: string, backUrl: string | null, retryAction?: { action: string; decision: string }): string {
  const retry = retryAction
    ? `<form method="post" action="${escapeHtml(retryAction.action)}" class="buttons" style="margin-bottom:12px">
  <button type="submit" name="decision" value="${escapeHtml(retryAction.decision)}" class="pay">Повторить</button>
</form>`
    : '';
  const back = backUrl ? `<a class="link" href="${escapeHtml(backUrl)}">Вернуться в личный кабинет</a>` : '';
  return page(title, `<p class="status">${escapeHtml(title)}</p><p>${escapeHtml(message)}</p>${retry}${back}`);
}
