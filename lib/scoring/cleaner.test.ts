import { describe, expect, it } from 'vitest';
import { cleanResponse, hasHarmonyFormat, hasThinkingTags } from './cleaner';

// Spec §13.5, C50–C54, plus Python re.IGNORECASE equivalences.
const cases: Array<[string, string | null, string | null, boolean, boolean]> = [
  ['C50 think block', '<think>plan</think>Paris', 'Paris', true, false],
  ['C50 orphan close', '  reasoning...</think>\n\nParis  ', 'Paris', false, false],
  ['C51 harmony', '<|channel|>analysis<|message|>think<|end|><|start|>assistant<|channel|>final<|message|>Paris', 'Paris', false, true],
  ['C51 think + harmony', '<think>x</think><|channel|>final<|message|> Paris ', 'Paris', true, true],
  ['C52 upper case', '<THINKING>x</THINKING> ans', 'ans', true, false],
  ['C52 mixed case multi-line', '<Think>\nmulti\nline\n</THINK>x', 'x', true, false],
  ['C52 reflection + analysis', '<reflection>r</reflection><analysis>a</analysis>OK', 'OK', true, false],
  ['C53 unclosed', '<think>abc', '<think>abc', false, false],
  ['C53 double close', '<think>a</think>b</think>c', 'c', true, false],
  ['C53 nested thinking', '<thinking><thinking>a</thinking>b</thinking>c', 'b</thinking>c', true, false],
  ['C54 message only', '<|message|>only', '<|message|>only', false, false],
  ['C54 scratchpad', '<scratchpad>s</scratchpad>x', '<scratchpad>s</scratchpad>x', false, false],
  ['C54 empty', '', '', false, false],
  ['C54 None', null, null, false, false],
  ['reasoning/thought/internal', '<reasoning>r</reasoning><thought>t</thought><internal>i</internal> 42 ', '42', true, false],
  ['Kelvin sign and dotless i fold like Python', '<thin\u212a>x</th\u0131nk>y', 'y', true, false],
  ['Python strip removes \\x1c and NEL', '\x85 ans \x1c', 'ans', false, false],
  ['Python strip keeps BOM', '\ufeffans', '\ufeffans', false, false],
];

describe('cleanResponse', () => {
  it.each(cases)('%s', (_name, input, output, thinking, harmony) => {
    expect(cleanResponse(input)).toBe(output);
    expect(hasThinkingTags(input)).toBe(thinking);
    expect(hasHarmonyFormat(input)).toBe(harmony);
  });
});
