/**
 * Header name → semantic type (spec §5.3), rule for rule like the reference's `auto_detect_field_type`,
 * including its surprising results (`AGE_YRS` → lorem_words, `valid` → id, `paid_amount` → id): CSV and
 * SQLite columns generated from headers must hold the same kind of data as in the reference.
 */

/** Exact (lowercased) header names, tried in order before any substring rule. */
const EXACT_RULES: ReadonlyArray<readonly [readonly string[], string]> = [
  [['name', 'full_name', 'fullname'], 'person_name'],
  [['first_name', 'firstname', 'first'], 'first_name'],
  [['last_name', 'lastname', 'last', 'surname'], 'last_name'],
  [['email', 'email_address'], 'email'],
  [['age'], 'age'],
  [['city', 'location'], 'city'],
  [['company', 'employer'], 'company'],
  [['product', 'item'], 'product'],
  [['salary', 'income'], 'salary'],
  [['price', 'cost', 'amount'], 'price'],
  [['phone', 'telephone', 'phone_number'], 'phone'],
  [['date', 'created_date', 'updated_date'], 'date'],
  [['customer', 'customer_name', 'client', 'client_name'], 'person_name'],
  [['status', 'state'], 'status'],
  [['department', 'dept'], 'department'],
  [['region', 'area', 'zone'], 'region'],
];

/** Exact rules that come after the `_id` suffix rule (order matters: `years_id` is an id). */
const EXACT_RULES_AFTER_ID: ReadonlyArray<readonly [readonly string[], string]> = [
  [['experience', 'years_experience', 'years', 'exp'], 'experience'],
  [['score', 'grade', 'rating', 'points'], 'score'],
  [['course', 'subject', 'class'], 'course'],
  [['semester', 'term', 'quarter'], 'semester'],
  [['category', 'type', 'kind'], 'category'],
  [['in_stock', 'available', 'active'], 'boolean'],
  [['total', 'sum', 'revenue'], 'currency'],
];

/** Substring rules, first match wins. */
const SUBSTRING_RULES: ReadonlyArray<readonly [readonly string[], string]> = [
  [['name'], 'person_name'],
  [['email'], 'email'],
  [['city'], 'city'],
  [['company'], 'company'],
  [['price', 'cost'], 'price'],
  [['phone'], 'phone'],
  [['date'], 'date'],
  [['customer', 'client'], 'person_name'],
  [['status'], 'status'],
  [['department', 'dept'], 'department'],
  [['region'], 'region'],
  [['id'], 'id'],
  [['experience', 'exp'], 'experience'],
  [['score', 'grade'], 'score'],
  [['course', 'subject'], 'course'],
  [['category', 'type'], 'category'],
];

function exact(h: string, rules: typeof EXACT_RULES): string | undefined {
  for (const [names, type] of rules) if (names.includes(h)) return type;
  return undefined;
}

/**
 * Semantic type for a column header (spec §5.3). The header is lowercased; exact rules, then the
 * `_id`/`id` rule, then more exact rules, then substring rules; `lorem_words` when nothing matches.
 */
export function autoDetectFieldType(header: string): string {
  const h = header.toLowerCase();
  const first = exact(h, EXACT_RULES);
  if (first) return first;
  if (h.endsWith('_id') || h === 'id') return 'id';
  const second = exact(h, EXACT_RULES_AFTER_ID);
  if (second) return second;
  for (const [parts, type] of SUBSTRING_RULES) {
    if (parts.some((p) => h.includes(p))) return type;
  }
  return 'lorem_words';
}
