// The English locale alone: the package index loads every locale (about a second at startup).
import { faker } from '@faker-js/faker/locale/en';
import type { DataSource } from '../sandbox/types';
import { autoDetectFieldType } from './auto-detect';
import type { EntityPools } from './entity-pool';
import { loremParagraph, loremSentence, loremWord, loremWords } from './lorem';
import type { Rng } from '../util/rng';

/**
 * Realistic values for the semantic types of spec §5.2. Closed sets that answer keys may depend on
 * (status, department, …) are the reference's exact lists; open-ended values (names, cities, companies,
 * products) come from faker's English locale data, drawn with our `Rng` so a seed reproduces them.
 *
 * Why the locale data and not faker's methods: a `Faker` call goes through its locale proxy and helper
 * layers (~5 µs each); picking from the same arrays with `rng.choice` is ~10x faster, needs no shared
 * mutable randomizer, and lets us drop entries with apostrophes/hyphens/dots that would be awkward in
 * file names, SQL literals and answer strings.
 */

interface Vocabulary {
  firstNames: readonly string[];
  lastNames: readonly string[];
  cities: readonly string[];
  productAdjectives: readonly string[];
  productMaterials: readonly string[];
  productNouns: readonly string[];
}

let vocabulary: Vocabulary | undefined;

/** Words made of letters only (and single spaces between words), so values are safe everywhere. */
function plain(words: readonly string[]): string[] {
  return [...new Set(words.filter((w) => /^[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*$/.test(w)))];
}

function vocab(): Vocabulary {
  if (vocabulary) return vocabulary;
  const en = faker.rawDefinitions;
  const first = en.person?.first_name;
  const last = en.person?.last_name;
  const product = en.commerce?.product_name;
  if (!first || !last || !en.location?.city_name || !product) {
    throw new Error('data-source: @faker-js/faker en locale lacks person/location/commerce/company data');
  }
  const firstLists = Array.isArray(first) ? [first] : Object.values(first);
  const lastLists = Array.isArray(last) ? [last] : Object.values(last);
  vocabulary = {
    firstNames: plain(firstLists.flat()),
    lastNames: plain(lastLists.flat()),
    cities: plain(en.location.city_name),
    productAdjectives: plain(product.adjective),
    productMaterials: plain(product.material),
    productNouns: plain(product.product),
  };
  return vocabulary;
}

/** One-word suffixes: no commas or `&`, so company names stay plain CSV/XML text. */
const COMPANY_SUFFIXES = ['Group', 'Inc', 'LLC', 'Corp', 'Labs', 'Partners', 'Systems', 'Solutions', 'Industries', 'Holdings'];
const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'hotmail.com', 'company.com', 'email.com'];
const STATUSES = ['active', 'inactive', 'completed', 'pending', 'cancelled', 'approved', 'rejected', 'processing'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'HR', 'Operations', 'IT', 'Legal', 'Customer Service', 'Research'];
const REGIONS = ['North', 'South', 'East', 'West', 'Central', 'Northeast', 'Southeast', 'Southwest', 'Northwest', 'Midwest'];
const COURSES = [
  'Math 101', 'Physics 201', 'Chemistry 301', 'Biology 101', 'Engineering 401', 'Computer Science 202',
  'Statistics 301', 'Calculus 401', 'Data Science 501', 'Machine Learning 601', 'Economics 101',
  'Psychology 201', 'History 101', 'Literature 301', 'Art 201',
];
const SEASONS = ['Spring', 'Summer', 'Fall', 'Winter'];
const SEMESTER_YEARS = ['2023', '2024', '2025'];
const CATEGORIES = ['Electronics', 'Clothing', 'Books', 'Home & Garden', 'Sports', 'Toys', 'Automotive', 'Health', 'Beauty', 'Food'];
const BOOLEANS = ['true', 'false', 'yes', 'no', '1', '0'];

type FieldFn = (rng: Rng, pools: EntityPools) => string;

const pad2 = (n: number) => String(n).padStart(2, '0');
const int = (lo: number, hi: number): FieldFn => (rng) => String(rng.int(lo, hi));
const oneOf = (items: readonly string[]): FieldFn => (rng) => rng.choice(items);
const firstName = (rng: Rng): string => rng.choice(vocab().firstNames);
const lastName = (rng: Rng): string => rng.choice(vocab().lastNames);
const city: FieldFn = (rng) => rng.choice(vocab().cities);
const company: FieldFn = (rng) => `${rng.choice(vocab().lastNames)} ${rng.choice(COMPANY_SUFFIXES)}`;
const product: FieldFn = (rng) => {
  const v = vocab();
  return `${rng.choice(v.productAdjectives)} ${rng.choice(v.productMaterials)} ${rng.choice(v.productNouns)}`;
};

/** Generators for every semantic type name of spec §5.2 (29 names, aliases included). */
const FIELDS: Readonly<Record<string, FieldFn>> = {
  person_name: (rng) => `${firstName(rng)} ${lastName(rng)}`,
  first_name: firstName,
  last_name: lastName,
  email: (rng) => {
    const v = vocab();
    return `${rng.choice(v.firstNames).toLowerCase()}.${rng.choice(v.lastNames).toLowerCase()}@${rng.choice(EMAIL_DOMAINS)}`;
  },
  age: int(18, 70),
  city,
  city_name: city,
  company,
  company_name: company,
  product,
  product_name: product,
  currency: int(1000, 100000),
  salary: int(30000, 150000),
  price: (rng) => `${rng.int(10, 500)}.${pad2(rng.int(0, 99))}`,
  phone: (rng) => `(${rng.int(200, 999)}) ${rng.int(200, 999)}-${rng.int(1000, 9999)}`,
  date: (rng) => `${rng.int(2020, 2025)}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}`,
  status: oneOf(STATUSES),
  department: oneOf(DEPARTMENTS),
  region: oneOf(REGIONS),
  id: int(1, 9999),
  experience: int(0, 40),
  score: int(60, 100),
  course: oneOf(COURSES),
  semester: (rng) => `${rng.choice(SEASONS)} ${rng.choice(SEMESTER_YEARS)}`,
  category: oneOf(CATEGORIES),
  boolean: oneOf(BOOLEANS),
  entity_pool: (rng, pools) => rng.choice(pools.default),
  lorem_word: (rng) => loremWord(rng),
  lorem_words: (rng) => loremWords(rng, rng.int(2, 5)),
};

/** Every semantic type name accepted by `DataSource.field` without falling back to lorem. */
export const SEMANTIC_TYPES: readonly string[] = Object.freeze(Object.keys(FIELDS));

/** True when `type` is a known semantic type name (case-sensitive, like the reference). */
export function isSemanticType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(FIELDS, type);
}

/**
 * A `DataSource` drawing every value from `rng`. Unknown type names give 1-3 lorem words, no error
 * (reference behaviour, spec §5.2).
 */
export function createDataSource(rng: Rng, pools: EntityPools): DataSource {
  return {
    field(type: string): string {
      const fn = isSemanticType(type) ? FIELDS[type] : undefined;
      return fn ? fn(rng, pools) : loremWords(rng, rng.int(1, 3));
    },
    detectType: autoDetectFieldType,
    lorem: {
      word: () => loremWord(rng),
      words: (n: number) => loremWords(rng, n),
      sentence: () => loremSentence(rng),
      paragraph: () => loremParagraph(rng),
    },
  };
}
