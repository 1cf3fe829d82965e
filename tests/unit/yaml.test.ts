import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readYamlData, writeYaml } from '../../src/config/yaml.js';

const PACK = { noun: 'the pack', the: 'the pack' };

describe('YAML, read one way', () => {
  it('merges a mapping with "<<" only where asked (the config file), and allows aliases of values', () => {
    const text = 'who: &who Sam\nbase: &base\n  lang: cy\nother:\n  <<: *base\n  author: *who\n';
    expect(readYamlData(text, PACK, { merge: true })).toMatchObject({
      data: { other: { lang: 'cy', author: 'Sam' } },
    });
    expect(readYamlData(text, PACK)).toMatchObject({ data: { other: { '<<': { lang: 'cy' }, author: 'Sam' } } });
  });

  it('says what is wrong in plain words, naming the file as the caller does, at the line to look at', () => {
    const problem = (text: string) => {
      const read = readYamlData(text, PACK);
      return 'problem' in read ? { problem: read.problem, line: read.line } : read;
    };
    expect(problem('title: T\narticles:\n\t- knee-pain\n')).toEqual({
      problem: 'this line is indented with a tab: indent the pack with spaces.',
      line: 3,
    });
    expect(problem('title: Heel pain: first visit\n')).toEqual({
      problem:
        'the value of "title" contains ": " (a colon and a space): put it in quotes, like title: "Knee pain: what helps".',
      line: 1,
    });
    expect(problem('title: "Heel pain\narticles: [a]\n')).toMatchObject({ line: 1 });
    expect(problem('title: T\n: x\n')).toMatchObject({
      problem: expect.stringMatching(/^the pack is not valid YAML/),
      line: 2,
    });
    expect(problem('title: !!binary aGVsbG8=\n')).toMatchObject({ line: 1 });
    expect(problem('articles: [*nowhere]\n')).toMatchObject({
      problem: expect.stringMatching(/^the pack is not valid/),
      line: 1,
    });
  });

  it('writes YAML that reads back as the same values, quoting only where it must, dates unquoted', () => {
    const hostile = `Dr "Bob" O'Neil's # 1: [Physio] {and} <b>& co</b> — Caerdydd`;
    const values = { name: hostile, colour: '#2a6f4e', date: '2026-11-25', number: '0123', list: [], yes: 'yes' };
    const text = writeYaml(values, 0);
    expect(text).toContain('colour: "#2a6f4e"\n');
    expect(text).toContain('date: 2026-11-25\n');
    expect(readYamlData(text, PACK)).toEqual({ data: values, lineOf: expect.any(Function) });
    expect(parse(writeYaml({ title: 'word '.repeat(60).trim() }, 120), { schema: 'core' })).toEqual({
      title: 'word '.repeat(60).trim(),
    });
  });
});
