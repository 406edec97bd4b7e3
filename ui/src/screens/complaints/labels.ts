import type { ComplaintCategory, ComplaintStep } from "../../backend/types";

/** 区分, in the order the form offers them. */
export const CATEGORIES: ReadonlyArray<readonly [ComplaintCategory, string]> = [
  ["complaint", "苦情"],
  ["consultation", "相談"],
];

/** The four steps of seed 004 §9, in order (the core sends the same labels with a complaint's steps). */
export const STEPS: ReadonlyArray<readonly [ComplaintStep, string]> = [
  ["first_response", "一次対応"],
  ["investigation", "調査・検討"],
  ["improvement", "改善措置"],
  ["reply", "回答・報告"],
];

export const categoryLabel = Object.fromEntries(CATEGORIES) as Record<ComplaintCategory, string>;
export const stepLabel = Object.fromEntries(STEPS) as Record<ComplaintStep, string>;

/** 段階 in the list: the latest step done, or 「未対応」. */
export const stageText = (lastStep: ComplaintStep | null): string => (lastStep ? stepLabel[lastStep] : "未対応");
