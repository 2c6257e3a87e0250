import { expect, test } from 'vitest';
import { isFinishOf } from '../../src/background/capture-watch';

// Look-alike finish addresses (issue 9): only the return address itself, origin and path exactly,
// counts as the finish page. The e2e attack suite navigates a real hand-over tab to most of these;
// userinfo is checked here for both browsers (Firefox stops such an address with a prompt first).
const RETURN = 'https://app.octoeverywhere.com/appportal/v1/complete';
const Q = '?success=true&octoPrintApiKey=F0rg3dAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

test.each([
  [`https://app.octoeverywhere.com.evil.test/appportal/v1/complete${Q}`, 'the portal host as a prefix of another'],
  [`https://app.octoeverywhere.com@evil.test/appportal/v1/complete${Q}`, 'the portal host as a user name'],
  [`https://app.octoeverywhere.com:443@evil.test/appportal/v1/complete${Q}`, 'host and port as user info'],
  [`https://evil.test/app.octoeverywhere.com/appportal/v1/complete${Q}`, 'the portal host in the path'],
  [`https://evil.test/appportal/v1/complete${Q}`, 'the right path elsewhere'],
  [`http://app.octoeverywhere.com/appportal/v1/complete${Q}`, 'plain http'],
  [`https://app.octoeverywhere.com:8443/appportal/v1/complete${Q}`, 'another port'],
  [`https://app.octoeverywhere.com/appportal/v1/complete/x${Q}`, 'a path below'],
  [`https://app.octoeverywhere.com/appportal/v1/completed${Q}`, 'a longer path'],
  [`https://app.octoeverywhere.com/APPPORTAL/V1/COMPLETE${Q}`, 'another case'],
  [`https://app.octoeverywhere.com/appportal/v1/complete#${Q.slice(1)}`, 'the query in the fragment'],
  ['https://app.octoeverywhere.com/appportal/v1/complete', 'no query at all'],
])('%s (%s) is not the finish page', (url) => {
  expect(isFinishOf(url, RETURN)).toBe(false);
});

test('the return address with its query is', () => {
  expect(isFinishOf(`${RETURN}${Q}`, RETURN)).toBe(true);
});
