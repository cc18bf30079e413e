/** Russian names for the operators' area. */

export const STAFF_MENU = [
  { href: '/staff', label: 'Показания' },
  { href: '/staff/appeals', label: 'Обращения' },
  { href: '/staff/accounts', label: 'Абоненты' },
  { href: '/staff/payments', label: 'Платежи' },
  { href: '/staff/charges', label: 'Начисления' },
  { href: '/staff/tariffs', label: 'Тарифы' },
  { href: '/staff/billing', label: 'Закрытие месяца' },
  { href: '/staff/audit', label: 'Журнал' },
] as const;

export const SERVICES = ['COLD_WATER', 'HOT_WATER', 'WASTEWATER'] as const;
export type Service = (typeof SERVICES)[number];

export const SERVICE_NAME: Record<string, string> = {
  COLD_WATER: 'Холодная вода',
  HOT_WATER: 'Горячая вода',
  WASTEWATER: 'Водоотведение',
};

export const IMPORT_LINE_STATUS: Record<string, string> = {
  SKIPPED: 'Пропущена',
  REFUSED: 'Не загружена',
};

export const AUDIT_ACTION: Record<string, string> = {
  'reading.review': 'Проверка показаний',
  'reading.accept': 'Показание принято',
  'reading.reject': 'Показание отклонено',
  'appeal.reply': 'Ответ на обращение',
  'appeal.close': 'Обращение закрыто',
  'payment.record': 'Платёж записан',
  'payment_registry.import': 'Загрузка реестра платежей',
  'charges.import': 'Загрузка начислений',
  'tariff.set': 'Тариф установлен',
  'period.close': 'Закрытие месяца',
  'account.set_residents': 'Проживающие и собственники',
  'meter.replace': 'Замена прибора учёта',
  'meter.fail': 'Прибор учёта неисправен',
  'account.link': 'Лицевой счёт добавлен в кабинет абонента',
  'account.unlink': 'Лицевой счёт отвязан от кабинета абонента',
};

/** "Иванов Иван Иванович". */
export function fullName(a: { lastName: string; firstName: string; middleName?: string | null }): string {
  return [a.lastName, a.firstName, a.middleName].filter(Boolean).join(' ');
}
