/**
 * Words that name losing or dropping the deal (输单, lost, cancelled…). A deal
 * can be lost at any stage, whatever flows a model draws to such a step.
 */
export const LOSING = /输单|丢单|失单|关闭.?丢失|流失|取消|作废|lost|cancel|disqualif|dropped/i;

/** Words that name winning the deal (赢单, 成交, 签约, closed won, won). */
export const WINNING = /赢单|成交|签约|签单|closed[\s-]*won|\bwon\b/i;
