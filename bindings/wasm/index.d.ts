// Type declarations of the `deminimis` package (Node entries index.cjs and index.mjs; the browser
// entry web.mjs resolves to the same `Deminimis` API). Field names are the JSON contract's
// (snake_case); money, rates and quantities are decimal strings, dates are `YYYY-MM-DD` strings.
// test/types.test.mjs checks these declarations against `deminimis schema` and the core's error
// codes, and `tsc --noEmit` type-checks them.

/** A decimal number written as a string, such as `"12.50"`. A JS number is rejected (`float_amount`). */
export type Decimal = string;
/** A rate written as a string, such as `"16.5%"` or `"Free"`. */
export type Rate = string;
/** A civil date written `YYYY-MM-DD`. */
export type IsoDate = string;
/** An ISO 3166-1 alpha-2 country code (`EL` is accepted for Greece). */
export type CountryCode = string;
/** An ISO 4217 currency code. */
export type CurrencyCode = string;

// ---------------------------------------------------------------------------------------------
// Input: the Shipment document
// ---------------------------------------------------------------------------------------------

/** How the parcel travels. Postal parcels follow the US international-mail rules. */
export type Mode = 'postal' | 'express' | 'air' | 'ocean' | 'road' | 'rail';
/** `sale`: business-to-consumer distance sale; `gift`: private person to private person, free. */
export type Kind = 'sale' | 'b2b' | 'gift';
/** How EU VAT on a low-value consignment is collected. */
export type VatRoute = 'ioss' | 'special' | 'import';
/** The two duty methods of the US international-mail regimes. */
export type PostalMethod = 'ad_valorem' | 'specific';
/** Who owes the EU EUR 3 flat duty, where the sources disagree. */
export type FlatDutyScope = 'all_sales' | 'ioss_or_postal';
/** What counts as one "item" for the EU EUR 3 flat duty. */
export type FlatDutyItem = 'subheading' | 'line';
/** The unit of the French small-parcel fee. */
export type FrParcelFeeUnit = 'subheading' | 'article';
/** The metals of the US Section 232 actions. */
export type Metal = 'steel' | 'aluminum' | 'copper';

/** Readings of disputed law; each has the default named in the contract. */
export interface QuoteOptions {
  eu_flat_duty_scope?: FlatDutyScope;
  eu_flat_duty_item?: FlatDutyItem;
  fr_parcel_fee_unit?: FrParcelFeeUnit;
}

/** A caller exchange rate: 1 `from` = `rate` `to`; it overrides bundled rates for its pair. */
export interface FxRate {
  from: CurrencyCode;
  to: CurrencyCode;
  rate: Decimal;
  date?: IsoDate | null;
}

/** A declared Section 232 metal content (US). */
export interface Section232 {
  metal: Metal;
  /** Value of the metal content, in the shipment's currency. */
  content_value: Decimal;
}

/** One line of the parcel. */
export interface Item {
  /** 6, 8 or 10 digits; dots and spaces are allowed. */
  hs_code: string;
  description?: string;
  /** Country of origin. */
  origin: CountryCode;
  /** Number of units (default "1"). */
  quantity?: Decimal;
  /** Price per unit, excluding VAT, in the shipment's currency. */
  unit_price: Decimal;
  net_weight_kg?: Decimal | null;
  /** Quantities in the units a specific duty may need, e.g. `{ pr: "2", l: "0.75" }`. */
  units?: Record<string, Decimal>;
  /** Ordinary duty rate override, such as `"16.5%"` (default: the bundled tariff's rate). */
  duty_rate?: Rate | null;
  /** A reduced VAT rate, such as `"7%"`. */
  vat_rate?: Rate | null;
  /** A claimed preference programme, e.g. `"USMCA"`. */
  preference?: string | null;
  section_232?: Section232 | null;
}

/** A parcel to quote: what it holds, where it goes, how, and on which date. */
export interface Shipment {
  /** Date of importation (US entry for consumption; EU release for free circulation). */
  date: IsoDate;
  /** `US` or an EU member state. */
  destination: CountryCode;
  /** Currency of every amount in the shipment. */
  currency: CurrencyCode;
  mode?: Mode;
  kind?: Kind;
  /** Transport and delivery charged to the buyer (default "0"). */
  shipping?: Decimal | null;
  /** The part of `shipping` up to entry into the customs territory (default: all of it). */
  shipping_to_border?: Decimal | null;
  insurance?: Decimal | null;
  /** Date of exportation (US currency conversion); default `date`. */
  export_date?: IsoDate | null;
  /** Date payment was accepted (EU IOSS VAT); default `date`. */
  sale_date?: IsoDate | null;
  vat_route?: VatRoute | null;
  postal_method?: PostalMethod;
  /** US: other goods the same person imports the same day. */
  same_day_value?: Decimal | null;
  fx_rates?: FxRate[];
  options?: QuoteOptions;
  items: Item[];
}

// ---------------------------------------------------------------------------------------------
// Output: the Quote document (exactly the Rust core's serialization)
// ---------------------------------------------------------------------------------------------

/** The regime in force for the destination on the date. */
export interface RegimeInfo {
  id: string;
  name: string;
  legal_basis: string;
}

/** The low-value exemption test and its outcome. */
export interface DeMinimis {
  /** Whether the exemption applies (no duty; for the US also no fees). */
  applies: boolean;
  threshold: Decimal | null;
  threshold_currency: CurrencyCode | null;
  /** The value tested, in the threshold's currency. */
  tested_value: Decimal;
  basis: string;
  /** Why it applies or not, with the legal basis. */
  reason: string;
}

/** One duty measure on one line. */
export interface DutyEntry {
  /** `mfn`, `ieepa_fentanyl`, `ieepa_reciprocal`, `section_122`, `postal_duty`, `eu_duty`, … */
  measure: string;
  /** Chapter 99 heading or legal instrument label, when there is one. */
  heading: string | null;
  /** The rate as applied (e.g. `"16.5%"`, `"EUR 3.00 per subheading"`). */
  rate: string;
  base: Decimal;
  amount: Decimal;
  legal_basis: string;
}

/** One item of the parcel, valued and taxed. */
export interface QuoteLine {
  hs_code: string;
  origin: CountryCode;
  value: Decimal;
  customs_value: Decimal;
  duties: DutyEntry[];
  duty: Decimal;
  vat_rate: Rate | null;
  vat: Decimal;
}

/** When VAT is collected. */
export type VatCollected = 'at_sale' | 'at_import' | 'none';

/** VAT of the whole parcel. */
export interface VatSummary {
  amount: Decimal;
  /** The rate, when one rate applies to every line. */
  rate: Rate | null;
  base: Decimal;
  collected: VatCollected;
  /** The EU VAT route used, if any. */
  route: VatRoute | null;
}

/** A fee or charge other than duty and VAT. */
export interface FeeLine {
  id: string;
  name: string;
  amount: Decimal;
  legal_basis: string;
}

/** One currency conversion the quote made. */
export interface FxUse {
  from: CurrencyCode;
  to: CurrencyCode;
  rate: Decimal;
  rate_date: IsoDate | null;
  purpose: string;
  source: string;
}

/** One step of the computation, in order, with its legal basis. */
export interface TraceStep {
  step: string;
  rule_id: string | null;
  detail: string;
  legal_basis: string;
}

/** A caveat on the quote (a reading that is not certain), with a stable code. */
export interface Warning {
  code: string;
  message: string;
}

/** What a parcel costs on a date, with the reason for every amount. */
export interface Quote {
  destination: CountryCode;
  date: IsoDate;
  /** Currency of every amount in the quote (the destination's on the date). */
  currency: CurrencyCode;
  rules_version: string;
  regime: RegimeInfo;
  de_minimis: DeMinimis;
  goods_value: Decimal;
  shipping: Decimal;
  insurance: Decimal;
  customs_value: Decimal;
  lines: QuoteLine[];
  duty: Decimal;
  vat: VatSummary;
  fees: FeeLine[];
  /** Sum of the fees. */
  fees_total: Decimal;
  /** Duty + VAT + fees. */
  taxes_and_fees: Decimal;
  /** What the border collects (excludes VAT collected at sale). */
  due_at_import: Decimal;
  /** Goods + shipping + insurance + taxes and fees. */
  landed_cost: Decimal;
  fx: FxUse[];
  trace: TraceStep[];
  warnings: Warning[];
}

/** One row of a timeline: the date a rule touching the shipment changed, and the quote from then on. */
export interface TimelineEntry {
  date: IsoDate;
  /** Rule ids that stopped (`- …`) or started (`+ …`) applying. */
  changes: string[];
  quote: Quote;
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/** The core's stable error codes (`Error::ALL_CODES`; test/types.test.mjs keeps this list equal). */
export type ErrorCode =
  | 'invalid_json'
  | 'float_amount'
  | 'unknown_field'
  | 'missing_field'
  | 'invalid_value'
  | 'invalid_amount'
  | 'invalid_rate'
  | 'invalid_date'
  | 'unknown_country'
  | 'unsupported_destination'
  | 'unknown_currency'
  | 'invalid_hs_code'
  | 'negative_amount'
  | 'invalid_quantity'
  | 'empty_items'
  | 'date_out_of_range'
  | 'ioss_above_threshold'
  | 'vat_route_not_applicable'
  | 'rate_not_supported'
  | 'missing_quantity'
  | 'missing_value_part'
  | 'hs_code_not_found'
  | 'section_232_content_required'
  | 'ambiguous_code'
  | 'fx_rate_unavailable'
  | 'invalid_rules'
  | 'overlapping_validity'
  | 'unsorted_validity';

/** One problem: its stable code, the JSON path of the field at fault, and a sentence. */
export interface ErrorInfo {
  code: ErrorCode;
  /** `$.items[0].unit_price` inside a document; `dates[1]`, `from`, `to`, `date` for arguments. */
  path: string;
  message: string;
}

/** The failure arm of every result. */
export interface Failure {
  ok: false;
  errors: ErrorInfo[];
}

export type QuoteResult = { ok: true; quote: Quote } | Failure;
export type CompareResult = { ok: true; quotes: Quote[] } | Failure;
export type TimelineResult = { ok: true; timeline: TimelineEntry[] } | Failure;
export type LoadRulesResult = { ok: true; version: string } | Failure;
export type TariffResult = { ok: true; tariff: TariffRate } | Failure;

/** How an EU code got its rate (the 2020 CET carried onto today's codes); `exact` for the US. */
export type TariffMapping = 'exact' | 'mapped' | 'fallback' | 'ambiguous' | 'unresolved';

/** The ordinary duty rate of a code in the destination's bundled tariff schedule on a date. */
export interface TariffRate {
  /** `US` or `EU`. */
  territory: 'US' | 'EU';
  /** The code of the schedule line that gave the rate (digits). */
  code: string;
  /** The rate as the schedule states it (US column 1 general, EU erga omnes), e.g. `"16.5%"`. */
  rate: Rate;
  /** Whether the rate is Free. */
  free: boolean;
  /** US column 2 rate, if any. */
  column2: string | null;
  /** US special-programme text, if any. */
  special: string | null;
  /** US units of quantity, if any. */
  units: string | null;
  /** Chapter 99 headings the line's footnotes cite (US). */
  ch99: string[];
  /** The schedule revision, e.g. `"2026-rev10"`. */
  revision: string;
  /** The revision's first date. */
  valid_from: IsoDate;
  /** Where the schedule comes from. */
  source: string;
  mapping: TariffMapping;
  /** The source codes of a mapped or fallback rate. */
  mapped_from: string | null;
  /** The line states no rate of its own: it is its nearest ancestor's (US 10-digit lines). */
  inherited: boolean;
  /** Caveats: `tariff_revision_assumed`, `tariff_code_mapped`, `rate_inherited`. */
  warnings: { code: string; message: string }[];
}

/** A rule document in the format of the bundled rules (see `bundledRules()`). */
export type RuleDocument = Record<string, unknown>;

/** The API, the same in Node and (after `await load()`) in the browser. */
export interface Deminimis {
  /** Quote a shipment (an object, or its JSON text) with the active rules. */
  quote(shipment: Shipment | string): QuoteResult;
  /** The same result as JSON text, exactly as the Rust core serialized it. */
  quoteJson(shipment: Shipment | string): string;
  /** Quote a shipment at each date; export and sale dates move with it. */
  compare(shipment: Shipment | string, dates: IsoDate[]): CompareResult;
  /**
   * Every date from `from` (default: where the rules start, 2015-01-01) to `to` (default: today,
   * UTC) at which a rule touching the shipment changes, each with its quote.
   */
  timeline(shipment: Shipment | string, from?: IsoDate | null, to?: IsoDate | null): TimelineResult;
  /** The ordinary duty rate of an HS code in the destination's bundled tariff on a date. */
  tariff(destination: CountryCode, hsCode: string, date: IsoDate): TariffResult;
  /** The version of the active rules (every quote carries it as `rules_version`). */
  rulesVersion(): string;
  /** Validate a rule document and make it the active rules for later calls. */
  loadRules(rules: RuleDocument | string): LoadRulesResult;
  /** Go back to the bundled rules; returns their version. */
  resetRules(): string;
  /** The bundled rule document as JSON text. */
  bundledRules(): string;
}

export declare const quote: Deminimis['quote'];
export declare const quoteJson: Deminimis['quoteJson'];
export declare const compare: Deminimis['compare'];
export declare const timeline: Deminimis['timeline'];
export declare const tariff: Deminimis['tariff'];
export declare const rulesVersion: Deminimis['rulesVersion'];
export declare const loadRules: Deminimis['loadRules'];
export declare const resetRules: Deminimis['resetRules'];
export declare const bundledRules: Deminimis['bundledRules'];

declare const deminimis: Deminimis;
export default deminimis;
