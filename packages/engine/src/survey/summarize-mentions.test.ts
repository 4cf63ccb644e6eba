import { describe, expect, it } from 'vitest';
import { summarizeMentions } from './summarize-mentions.ts';

const interview = (interviewee: string, ...answers: string[][]) => ({
  interviewee,
  answers: answers.map((steps) => ({ steps })),
});

describe('summarizeMentions', () => {
  it('counts each interviewee once per step they named, most-named first', () => {
    const summary = summarizeMentions([
      interview('张伟', ['合同评审', '报价'], ['合同评审']),
      interview('李娜', ['合同评审'], []),
      interview('王芳', ['报价 '], ['售后交接']),
      // A second interview of the same person adds answers, not a person.
      interview('张伟', ['售后交接']),
    ]);
    expect(summary.interviewees).toBe(3);
    expect(summary.steps).toEqual([
      { step: '合同评审', interviewees: 2, answers: 3, names: ['张伟', '李娜'] },
      { step: '售后交接', interviewees: 2, answers: 2, names: ['张伟', '王芳'] },
      { step: '报价', interviewees: 2, answers: 2, names: ['张伟', '王芳'] },
    ]);
  });

  it('has no steps without tagged answers, and counts an answer once even if it repeats a tag', () => {
    expect(summarizeMentions([])).toEqual({ interviewees: 0, steps: [] });
    const summary = summarizeMentions([interview('A', ['Legal', 'Legal', ' '])]);
    expect(summary.steps).toEqual([{ step: 'Legal', interviewees: 1, answers: 1, names: ['A'] }]);
  });
});
