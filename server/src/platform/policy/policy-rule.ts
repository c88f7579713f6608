/**
 * Errors for rules that come from the policy profile: the message cites the article in the district's
 * own words (“扩容后总量超过配额的 120%（青浦办法第十条）”), or — where the regulation is silent and the
 * district fixed the value itself — names the policy parameter.
 */
import { AppError } from '../errors.ts';
import { citeArticle, type PolicyParameterKey, type PolicyProfile } from './policy-profile.ts';

/** What a rule from the profile rests on: its article in the district's words, or else the parameter's name. */
export function citeRule(profile: PolicyProfile, key: PolicyParameterKey): ReturnType<typeof citeArticle> {
  const article = profile.parameters[key].article;
  return article ? citeArticle(profile, article) : { zh: `${profile.district.zh}政策参数 ${key}`, en: `${profile.district.en} policy parameter ${key}` };
}

export function policyViolation(
  profile: PolicyProfile,
  key: PolicyParameterKey,
  init: { status?: number; code: string; zh: string; en: string; path?: string; details?: Record<string, unknown> },
): AppError {
  const article = profile.parameters[key].article;
  const cited = citeRule(profile, key);
  const zh = `${init.zh}（${cited.zh}）`;
  const en = `${init.en} (${cited.en})`;
  return new AppError({
    status: init.status ?? 400,
    code: init.code,
    zh,
    en,
    ...(article ? { article } : {}),
    ...(init.path ? { fields: [{ path: init.path, message: zh, messageEn: en }] } : {}),
    ...(init.details ? { details: init.details } : {}),
  });
}
