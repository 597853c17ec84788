'use strict';
// typecheck walks an object the SDK deserialized and reports every field whose value does not have the type
// the SDK's generated model declares (a number where a string is declared, an Invalid Date, a value outside
// an enum), and every field the model marks required (no "?" in its .d.ts) that came back missing.

const fs = require('fs');

const requiredCache = new Map();

// modelFile finds the compiled .js file that exports cls, so its .d.ts (required fields) and its enums can
// be read; models of the same name live in many SDK modules, so the class itself is matched.
function modelFile(cls) {
  for (const [file, mod] of Object.entries(require.cache)) {
    // The class's own file, not models/all.js or ObjectSerializer.js, which re-export every class.
    if (mod && mod.exports && mod.exports[cls.name] === cls && file.endsWith(`/models/${cls.name}.js`)) {
      return { file, exports: mod.exports };
    }
  }
  return null;
}

function requiredFields(cls) {
  if (requiredCache.has(cls)) return requiredCache.get(cls);
  const found = modelFile(cls);
  const req = new Set();
  if (found) {
    const dts = fs.readFileSync(found.file.replace(/\.js$/, '.d.ts'), 'utf8');
    const body = dts.split(`export declare class ${cls.name} {`)[1] || '';
    for (const m of body.split('static readonly')[0].matchAll(/^\s*'([^']+)'(\?)?:/gm)) {
      if (!m[2]) req.add(m[1]);
    }
  }
  const entry = { req, exports: found ? found.exports : {} };
  requiredCache.set(cls, entry);
  return entry;
}

function checkValue(value, type, where, problems, exportsOfModel) {
  if (value === undefined || value === null) return;
  if (type.includes(' | ') && !type.startsWith('{') && !type.startsWith('Array<')) {
    // A union: the value passes when it fits any alternative.
    const tries = type.split(' | ').filter((t) => t !== 'null').map((t) => {
      const p = [];
      checkValue(value, t, where, p, exportsOfModel);
      return p;
    });
    if (!tries.some((p) => p.length === 0)) problems.push(...tries[0]);
    return;
  }
  if (type === 'string') {
    if (typeof value !== 'string') problems.push(`${where}: want string, got ${typeof value} ${JSON.stringify(value)}`);
  } else if (type === 'number') {
    if (typeof value !== 'number') problems.push(`${where}: want number, got ${typeof value} ${JSON.stringify(value)}`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') problems.push(`${where}: want boolean, got ${typeof value} ${JSON.stringify(value)}`);
  } else if (type === 'Date') {
    if (!(value instanceof Date) || isNaN(value.getTime())) problems.push(`${where}: want a date, got ${String(value)}`);
  } else if (type === 'any' || type === 'object') {
    // anything goes
  } else if (type.startsWith('Array<')) {
    if (!Array.isArray(value)) {
      problems.push(`${where}: want an array, got ${typeof value}`);
      return;
    }
    const inner = type.slice(6, -1);
    value.forEach((v, i) => checkValue(v, inner, `${where}[${i}]`, problems, exportsOfModel));
  } else if (type.startsWith('{ [key: string]: ')) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${where}: want an object map, got ${typeof value}`);
      return;
    }
    const inner = type.slice('{ [key: string]: '.length, -3);
    for (const [k, v] of Object.entries(value)) checkValue(v, inner, `${where}.${k}`, problems, exportsOfModel);
  } else if (exportsOfModel && exportsOfModel[type] && typeof exportsOfModel[type] === 'object') {
    const allowed = Object.values(exportsOfModel[type]);
    if (!allowed.includes(value)) problems.push(`${where}: ${JSON.stringify(value)} is not one of ${allowed.slice(0, 8).join(', ')}${allowed.length > 8 ? ', …' : ''}`);
  } else if (typeof value === 'object' && value.constructor && value.constructor.getAttributeTypeMap) {
    checkModel(value, where, problems);
  } else if (typeof value !== 'object') {
    problems.push(`${where}: want a ${type} object, got ${typeof value} ${JSON.stringify(value)}`);
  }
}

// checkModel checks one model instance and, through checkValue, everything below it.
function checkModel(obj, where, problems) {
  const cls = obj.constructor;
  if (!cls || !cls.getAttributeTypeMap) return problems;
  const { req, exports: ex } = requiredFields(cls);
  for (const attr of cls.getAttributeTypeMap()) {
    const v = obj[attr.name];
    if ((v === undefined || v === null) && req.has(attr.name)) {
      problems.push(`${where}.${attr.name}: required by ${cls.name} but missing (JSON "${attr.baseName}")`);
      continue;
    }
    checkValue(v, attr.type, `${where}.${attr.name}`, problems, ex);
  }
  return problems;
}

// knownDifferences are fields where HubSpot's current public spec (which the sandbox follows) and the
// SDK's generated model disagree; the SDK passes the value through untouched, so they are reported apart.
const knownDifferences = [
  // The spec and the SDK type v4 association object ids as strings; HubSpot's reference examples and the
  // sandbox send numbers.
  [/\.(toObjectId|fromObjectId): want string, got number/, 'v4 association object ids are numbers in HubSpot\'s answers'],
  // The spec collection types list folder ids as strings; SDK 14.0.1 has numbers.
  [/ListFolder\w*Response\.folder\.(id|parentFolderId): want number, got string/, 'list folder ids are strings in the spec'],
  // The spec has a DateTime object {value, dateOnly, timeZoneShift}; SDK 14.0.1 a date-time string.
  [/ReportCreationResponse\.enqueueTime: want a date/, 'enqueueTime is a DateTime object in the spec'],
];

// known reports whether a problem is one of the knownDifferences.
function known(problem) {
  return knownDifferences.some(([re]) => re.test(problem));
}

module.exports = { checkModel, known, knownDifferences };
