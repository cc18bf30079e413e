import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ImportLineStatus {
  SKIPPED = 'SKIPPED',
  REFUSED = 'REFUSED',
}
registerEnumType(ImportLineStatus, {
  name: 'ImportLineStatus',
  description: 'What became of a line of an upload that was not loaded.',
  valuesConfig: {
    SKIPPED: { description: 'Already loaded (the same external_id with the same data): nothing to do.' },
    REFUSED: { description: 'Not loaded: the message says which column is wrong and how to fix it.' },
  },
});

/** Why a line was not loaded: stable codes for integrations (the message is for people). */
export enum ImportLineCode {
  ALREADY_LOADED = 'ALREADY_LOADED',
  DUPLICATE_IN_FILE = 'DUPLICATE_IN_FILE',
  CONFLICT_IN_FILE = 'CONFLICT_IN_FILE',
  PAYMENT_CONFLICT = 'PAYMENT_CONFLICT',
  EXTERNAL_ID_CONFLICT = 'EXTERNAL_ID_CONFLICT',
  ACCOUNT_NOT_FOUND = 'ACCOUNT_NOT_FOUND',
  MISSING_VALUE = 'MISSING_VALUE',
  BAD_EXTERNAL_ID = 'BAD_EXTERNAL_ID',
  BAD_ACCOUNT_NUMBER = 'BAD_ACCOUNT_NUMBER',
  BAD_AMOUNT = 'BAD_AMOUNT',
  BAD_DATE = 'BAD_DATE',
  BAD_PAYER = 'BAD_PAYER',
  BAD_PERIOD = 'BAD_PERIOD',
  BAD_KIND = 'BAD_KIND',
  BAD_DESCRIPTION = 'BAD_DESCRIPTION',
  BAD_SERVICE = 'BAD_SERVICE',
  BAD_VOLUME = 'BAD_VOLUME',
  BAD_TARIFF = 'BAD_TARIFF',
  BAD_VALUE = 'BAD_VALUE',
  NOT_SAVED = 'NOT_SAVED',
}

registerEnumType(ImportLineCode, {
  name: 'ImportLineCode',
  description: 'Why a line of an upload was not loaded, as a stable code; `column` names the CSV column at fault.',
  valuesConfig: {
    ALREADY_LOADED: { description: 'SKIPPED: the external_id is already recorded with the same data (an earlier upload or call).' },
    DUPLICATE_IN_FILE: { description: 'SKIPPED: repeats an earlier line of the same file (same external_id, same data).' },
    CONFLICT_IN_FILE: { description: 'REFUSED: an earlier line of the same file has this external_id with other data; column names the value that differs.' },
    PAYMENT_CONFLICT: {
      description: 'REFUSED (bank registry): the external_id is already recorded with another account, amount or paid_on (column names the first that ' +
        'differs), or by an entry that is not a payment (column external_id). As recordPayment\'s PAYMENT_CONFLICT.',
    },
    EXTERNAL_ID_CONFLICT: { description: 'REFUSED (charges): the external_id is already recorded with another account, kind, period or amount.' },
    ACCOUNT_NOT_FOUND: { description: 'REFUSED: no account has this number (column account_number).' },
    MISSING_VALUE: { description: 'REFUSED: a required column is empty.' },
    BAD_EXTERNAL_ID: { description: 'REFUSED: external_id longer than 64 characters.' },
    BAD_ACCOUNT_NUMBER: { description: 'REFUSED: account_number is not 8 to 20 digits.' },
    BAD_AMOUNT: { description: 'REFUSED: amount is not a number of rubles with at most two fraction digits, or out of range.' },
    BAD_DATE: { description: 'REFUSED: paid_on is not a date (YYYY-MM-DD or DD.MM.YYYY) or is in the future.' },
    BAD_PAYER: { description: 'REFUSED: payer longer than 200 characters.' },
    BAD_PERIOD: { description: 'REFUSED (charges): period is not YYYY-MM, has not come yet, or is a month already closed.' },
    BAD_KIND: { description: 'REFUSED (charges): kind is not CHARGE, RECALCULATION or PENALTY.' },
    BAD_DESCRIPTION: { description: 'REFUSED (charges): description longer than 255 characters.' },
    BAD_SERVICE: { description: 'REFUSED (charges): service is not COLD_WATER, HOT_WATER or WASTEWATER.' },
    BAD_VOLUME: { description: 'REFUSED (charges): volume is not m³ with at most three fraction digits, or negative outside a recalculation.' },
    BAD_TARIFF: { description: 'REFUSED (charges): tariff is not rubles per m³ with at most two fraction digits.' },
    BAD_VALUE: { description: 'REFUSED: another column\'s value is wrong; the message says how.' },
    NOT_SAVED: { description: 'REFUSED: not saved because of an internal error (column null). Upload the file again: loaded lines are skipped.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'A line of an upload that was not loaded.' })
export class RegistryImportLine {
  @Field(() => Int, { description: 'Line number in the file (the header is line 1).' })
  line: number;

  @Field(() => ImportLineStatus, { description: 'SKIPPED or REFUSED.' })
  status: ImportLineStatus;

  @Field({ description: 'Why, in Russian, naming the column at fault.' })
  message: string;

  @Field(() => ImportLineCode, { description: 'Why, as a stable code: ALREADY_LOADED, DUPLICATE_IN_FILE (skipped), or the reason of a refusal.' })
  code: ImportLineCode;

  @Field(() => String, {
    nullable: true,
    description: 'The CSV column at fault, lower case as in the header (e.g. amount, paid_on, external_id); null when no column is (NOT_SAVED).',
  })
  column: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'The outcome of an upload (bank registry or charges): counts, and every line not loaded.' })
export class RegistryImportReport {
  @Field(() => Int, { description: 'Lines recorded now as new ledger entries.' })
  loaded: number;

  @Field(() => Int, { description: 'Lines already recorded (same external_id, same data): left as they were.' })
  skipped: number;

  @Field(() => Int, { description: 'Lines not recorded because of an error in the line or a conflicting external_id.' })
  refused: number;

  @Field(() => [RegistryImportLine], { description: 'Every skipped or refused line, by line number.' })
  lines: RegistryImportLine[];
}
