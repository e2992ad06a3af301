import { describe, expect, it } from 'vitest';
import { parseTextToolCall, stripThinkingTags } from './text-protocol';

describe('stripThinkingTags', () => {
  it.each([
    ['<think>plan</think>\nAnswer', 'Answer'],
    ['<THINKING>a</THINKING>b<reflection>c</reflection>', 'b'],
    ['leaked reasoning</think> Final', 'Final'],
    ['  plain  ', 'plain'],
    ['<think>x</think><think>y</think>z</think>w', 'w'],
  ])('%j → %j', (input, expected) => {
    expect(stripThinkingTags(input)).toBe(expected);
  });
});

describe('parseTextToolCall', () => {
  it.each([
    ['Just an answer.', { kind: 'none' }],
    ['<tool_call>{"name":"a"}</tool_call><tool_call>{"name":"b"}</tool_call>', { kind: 'multiple' }],
    ['<tool_call>{"name": "read_file", "input": {"path": "/x"}}</tool_call>', { kind: 'call', name: 'read_file', input: { path: '/x' } }],
    ['<tool_call>\n{"name": "get_cwd", "input": ""}\n</tool_call>', { kind: 'call', name: 'get_cwd', input: {} }],
    ['<tool_call>{"name": "python_execute_code", "input": {"code": "print(\'{\')"}} trailing', { kind: 'call', name: 'python_execute_code', input: { code: "print('{')" } }],
    ['<tool_call>{"name": "x", "input": {', { kind: 'invalid' }],
    ['<tool_call>{"input": {}}</tool_call>', { kind: 'invalid' }],
    ['<tool_call> no json', { kind: 'invalid' }],
  ])('%j', (input, expected) => {
    expect(parseTextToolCall(input)).toEqual(expected);
  });
});
