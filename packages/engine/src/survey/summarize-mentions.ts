import { compareText } from '../mining/compare.ts';

/** What the summary needs of an interview: who was interviewed, and the steps each answer names. */
export interface InterviewMentions {
  interviewee: string;
  answers: readonly { steps: readonly string[] }[];
}

export interface StepMentions {
  step: string;
  /** Distinct interviewees with at least one answer tagged with the step. */
  interviewees: number;
  /** Answers tagged with the step, over all interviews. */
  answers: number;
  /** Who named it, in name order. */
  names: string[];
}

/**
 * Per process step, how many of the people interviewed named it ("5 of 8
 * interviewees named contract review"): an interviewee counts once per step
 * however many of their answers (or interviews) are tagged with it. Steps are
 * matched by name after trimming; the total is the number of distinct
 * interviewees. Most-named steps first, then by answers, then by name.
 */
export function summarizeMentions(interviews: readonly InterviewMentions[]): {
  interviewees: number;
  steps: StepMentions[];
} {
  const people = new Set<string>();
  const byStep = new Map<string, { names: Set<string>; answers: number }>();
  for (const interview of interviews) {
    const person = interview.interviewee.trim();
    people.add(person);
    for (const answer of interview.answers) {
      for (const step of new Set(answer.steps.map((name) => name.trim()).filter(Boolean))) {
        let entry = byStep.get(step);
        if (!entry) {
          entry = { names: new Set(), answers: 0 };
          byStep.set(step, entry);
        }
        entry.names.add(person);
        entry.answers++;
      }
    }
  }
  const steps = [...byStep].map(([step, entry]) => ({
    step,
    interviewees: entry.names.size,
    answers: entry.answers,
    names: [...entry.names].sort(compareText),
  }));
  steps.sort(
    (x, y) =>
      y.interviewees - x.interviewees || y.answers - x.answers || compareText(x.step, y.step),
  );
  return { interviewees: people.size, steps };
}
