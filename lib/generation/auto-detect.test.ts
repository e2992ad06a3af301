import { describe, expect, it } from 'vitest';
import { autoDetectFieldType } from './auto-detect';

describe('autoDetectFieldType — verified reference results (C45)', () => {
  it.each([
    ['C_ID', 'id'],
    ['AGE_YRS', 'lorem_words'],
    ['REG_DT', 'lorem_words'],
    ['amount', 'price'],
    ['total_amount', 'lorem_words'],
    ['paid_amount', 'id'],
    ['valid', 'id'],
    ['EMP_NM', 'lorem_words'],
    ['DEPT_CD', 'department'],
    ['STATUS_FLG', 'status'],
    ['years', 'experience'],
    ['item_type', 'category'],
  ])('%s → %s', (header, type) => {
    expect(autoDetectFieldType(header)).toBe(type);
  });
});

describe('autoDetectFieldType — exact rules', () => {
  it.each([
    ['name', 'person_name'], ['Full_Name', 'person_name'], ['fullname', 'person_name'],
    ['first', 'first_name'], ['FirstName', 'first_name'], ['surname', 'last_name'], ['last', 'last_name'],
    ['email_address', 'email'], ['AGE', 'age'], ['location', 'city'], ['employer', 'company'],
    ['item', 'product'], ['income', 'salary'], ['cost', 'price'], ['telephone', 'phone'],
    ['updated_date', 'date'], ['client', 'person_name'], ['customer_name', 'person_name'],
    ['state', 'status'], ['dept', 'department'], ['zone', 'region'], ['area', 'region'],
    ['id', 'id'], ['ID', 'id'], ['years_experience', 'experience'], ['exp', 'experience'],
    ['points', 'score'], ['rating', 'score'], ['class', 'course'], ['subject', 'course'],
    ['term', 'semester'], ['quarter', 'semester'], ['kind', 'category'], ['type', 'category'],
    ['in_stock', 'boolean'], ['available', 'boolean'], ['active', 'boolean'],
    ['total', 'currency'], ['sum', 'currency'], ['revenue', 'currency'],
  ])('%s → %s', (header, type) => {
    expect(autoDetectFieldType(header)).toBe(type);
  });
});

describe('autoDetectFieldType — order and substrings', () => {
  it.each([
    // `_id` suffix beats the later exact rules and the substring rules.
    ['score_id', 'id'], ['name_id', 'id'], ['category_id', 'id'],
    // Substring rules in order: name before email, price before phone, id before experience.
    ['username', 'person_name'], ['work_email', 'email'], ['home_city', 'city'], ['company_size', 'company'],
    ['unit_price', 'price'], ['shipping_cost', 'price'], ['phone_ext', 'phone'], ['birthdate', 'date'],
    ['client_code', 'person_name'], ['order_status', 'status'], ['sales_region', 'region'],
    ['identifier', 'id'], ['expiry', 'experience'], ['final_grade', 'score'], ['course_code', 'course'],
    ['subtype', 'category'], ['product_category', 'category'], ['notes', 'lorem_words'], ['', 'lorem_words'],
  ])('%s → %s', (header, type) => {
    expect(autoDetectFieldType(header)).toBe(type);
  });
});
