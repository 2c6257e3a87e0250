import { describe, expect, test } from 'vitest';
import { createFinishBlock, finishPattern, type SessionRule } from '../../src/background/finish-block';

// The session rule that stops a watched tab's finish request before it is sent (issue 9, finding 5).
const RETURN = 'http://127.0.0.1:8001/appportal/v1/complete';
const portal = { kind: 'portal' as const, returnUrl: RETURN, serviceUrl: 'http://127.0.0.1:8001', app: 'OctoApp', startedAt: 1 };
const cocalc = { kind: 'cocalc-legacy' as const, serviceUrl: 'http://localhost:8002', app: 'KeyDeck', startedAt: 1 };

describe('finishPattern', () => {
  test('matches the finish address as the browser requests it, and nothing else', () => {
    const re = new RegExp(finishPattern(portal));
    expect(re.test(`${RETURN}?success=true&octoPrintApiKey=x`)).toBe(true);
    for (const other of [RETURN, `${RETURN}/?a=1`, `http://127.0.0.1:80019/appportal/v1/complete?a=1`, `http://127x0x0x1:8001/appportal/v1/complete?a`, `http://evil/?u=${RETURN}?a`])
      expect(re.test(other), other).toBe(false);
    const handOver = new RegExp(finishPattern(cocalc));
    expect(handOver.test('https://authenticated/?api_key=sk_x')).toBe(true);
    expect(handOver.test('https://authenticated:443/?api_key=sk_x')).toBe(true);
    expect(handOver.test('https://authenticated.evil/?api_key=sk_x')).toBe(false);
  });
});

describe('createFinishBlock', () => {
  function rig(firefox: boolean) {
    const rules = new Map<number, SessionRule>();
    const api = {
      async updateSessionRules({ addRules = [], removeRuleIds = [] }: { addRules?: SessionRule[]; removeRuleIds?: number[] }) {
        removeRuleIds.forEach((id) => rules.delete(id));
        addRules.forEach((rule) => rules.set(rule.id, rule));
      },
    };
    return { rules, block: createFinishBlock(api, firefox) };
  }

  test('one rule per watched tab, for its top-level requests only; Chrome redirects to about:blank, Firefox blocks', async () => {
    for (const firefox of [false, true]) {
      const { rules, block } = rig(firefox);
      await block.block(7, portal);
      await block.block(7, portal); // again: still one
      await block.block(9, cocalc);
      expect(rules.get(7)).toEqual({
        id: 7, priority: 1,
        action: firefox ? { type: 'block' } : { type: 'redirect', redirect: { url: 'about:blank' } },
        condition: { tabIds: [7], resourceTypes: ['main_frame'], regexFilter: finishPattern(portal) },
      });
      await block.unblock(7);
      expect([...rules.keys()]).toEqual([9]);
    }
  });
});
