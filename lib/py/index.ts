/**
 * Python compatibility: the one home of every Python semantic the reference's outputs depend on (`str`, `repr`,
 * `json.dumps`/`json.loads`, `round`, `float()`/`int()` of text, `strip`, truthiness, type names). Imports nothing
 * outside this folder.
 */
export { PyError } from './error';
export { PyFloat, pyFloatStr } from './float';
export { jsonString, pyJsonDumps, pyJsonDumpsList, type PyJsonDumpsOptions } from './json-dumps';
export { pyJsonReindent } from './json-reindent';
export { PyJsonDecodeError, pyJsonLoads, toPlain, type PyJson } from './json-loads';
export { pyParseFloat, pyParseInt } from './parse-number';
export { pyFixed, pyRound, pyRound2 } from './round';
export { pyIntStr, pyRepr, pyStr, pyStrRepr, type PyObject } from './str-repr';
export { pyGetStripped, pySplitWhitespace, pyStrip } from './strip';
export { pyTruthy } from './truthy';
export { pyClassStr, pyTypeName } from './type-name';
