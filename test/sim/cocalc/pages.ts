// HTML pages. The sign-in page mirrors src/packages/next/components/auth/sign-in.tsx:
// heading "Sign In to {siteName}", "Sign in using your email address.", an input with
// placeholder "Email address" (autocomplete username), a password input (placeholder "Password",
// autocomplete current-password), a "Sign In" button; it POSTs {email, password} as JSON to
// /api/v2/auth/sign-in (lib/api/post.ts) and shows an antd error Alert with the `error` text.
// Simulator differences: server-rendered instead of React, the inputs carry name attributes
// and the form has method/action so that it also works without JavaScript (Next parses an
// urlencoded body as well), and on success the page goes to "/".
// "/" is a sim-only page that tells who is signed in.
import { escapeHtml } from './http';

export function signInPage(siteName: string): string {
  const site = escapeHtml(siteName);
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign In - ${site}</title></head>
<body>
<div style="padding: 0 15px">
  <div style="text-align: center; margin-bottom: 15px"><h1>Sign In to ${site}</h1></div>
  <div>
    <div style="margin: 10px 0">Sign in using your email address.</div>
    <form id="sign-in-form" method="post" action="/api/v2/auth/sign-in">
      <input class="ant-input" name="email" type="email" autofocus placeholder="Email address" autocomplete="username">
      <div style="margin-top: 30px">
        <p>Password </p>
        <input class="ant-input" name="password" type="password" placeholder="Password" autocomplete="current-password">
      </div>
      <button class="ant-btn ant-btn-primary" type="submit" style="width: 100%; margin-top: 20px">Sign In</button>
    </form>
    <div id="sign-in-error" class="ant-alert ant-alert-error" role="alert" hidden>
      <div class="ant-alert-message">Error</div>
      <div class="ant-alert-description"><p><b id="sign-in-error-text"></b></p></div>
    </div>
  </div>
</div>
<script>
document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const box = document.getElementById('sign-in-error');
  box.hidden = true;
  try {
    const response = await fetch('/api/v2/auth/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: form.email.value, password: form.password.value }),
    });
    const result = await response.json();
    if (result.error) throw new Error(result.error);
    window.location.href = '/';
  } catch (err) {
    document.getElementById('sign-in-error-text').textContent = String(err);
    box.hidden = false;
  }
});
</script>
</body>
</html>
`;
}

/** Sim-only landing page: who the remember_me cookie belongs to. */
export function homePage(siteName: string, email: string | undefined): string {
  const site = escapeHtml(siteName);
  const who = email
    ? `<p id="account">Signed in as <span id="account-email">${escapeHtml(email)}</span></p>`
    : '<p id="account">Not signed in. <a href="/auth/sign-in">Sign In</a></p>';
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${site}</title></head>
<body><h1>${site}</h1>${who}</body>
</html>
`;
}

/** Next.js's default 404 page, reduced to its title and text. */
export function notFoundPage(): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>404: This page could not be found</title></head>
<body><h1>404</h1><h2>This page could not be found.</h2></body></html>
`;
}
