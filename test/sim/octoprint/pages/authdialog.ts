// The approval page (appkeys_authdialog.jinja2), modelled on
// fixtures/octoprint-1.11.8-authdialog.html: same ids (#auth-choice, #auth-grant,
// #auth-reject, #auth-done, #auth-error), same texts. The inline script stands in
// for authdialog.js: it POSTs {"decision": …} with the session cookie and the
// X-CSRF-Token header copied from the csrf cookie, as OctoPrint's client does.
import { escapeHtml, scriptJson } from '../http-util';
import { baseCss, GET_COOKIE_JS, iconLinks, libScripts } from './head';

export interface AuthDialogData {
  scriptRoot: string;
  userToken: string;
  redirectUrl: string;
  user: string;
  app: string;
  remoteAddress: string;
  csrfCookie: string;
}

export function authDialogPage(d: AuthDialogData): string {
  const root = d.scriptRoot;
  const decisionUrl = `${root}/plugin/appkeys/decision/${d.userToken}`;
  return `<html>
<head>
    <meta name="viewport" content="width=device-width,initial-scale=1">
    <title>OctoPrint App Authentication</title>

${iconLinks(root)}
    <!-- le CSS -->

${baseCss(root, `${root}/plugin/appkeys/static/css/authdialog.css`)}
    <style>.hide{display:none}</style>

    <!-- le javascript -->

    <script>
        var BASE_URL = ${scriptJson(`${root}/`)};
        var USER_TOKEN = ${scriptJson(d.userToken)};
        var DECISION_URL = ${scriptJson(decisionUrl)};
        var REDIRECT_URL = ${scriptJson(d.redirectUrl)};
        var CSRF_COOKIE = ${scriptJson(d.csrfCookie)};
    </script>
${libScripts(root)}
    <script src="${root}/plugin/appkeys/static/js/authdialog.js"></script>
</head>
<body>
    <div class="container">
        <form id="auth-choice" class="form-auth">
            <h2 class="form-auth-heading" data-test-id="login-title">Access Request</h2>

            <p>Hello ${escapeHtml(d.user)}!</p>
            <p>A client identifying itself as "<strong>${escapeHtml(d.app)}</strong>" has requested access to control OctoPrint through the API. The request originates from <code>${escapeHtml(d.remoteAddress)}</code>.</p>
            <p>
                Do you want to give this client access with your user account?
            </p>
            <p><strong>
                This will allow this client to fully act on your behalf! Make absolutely sure you trust this client and understand why it requested access!
            </strong></p>

            <button class="btn btn-block btn-primary" id="auth-grant" data-test-id="auth-grant" type="submit">Allow</button>
            <button class="btn btn-block" id="auth-reject" data-test-id="auth-reject" type="submit">Deny</button>
        </form>

        <div id="auth-done" class="hide">
            <p>
                The access request has been processed. You may now close this tab.
            </p>
        </div>

        <div id="auth-error" class="hide">
            <p class="text-error">
                Something went wrong while processing the access request. You may now close this tab.
            </p>
        </div>

        <div id="auth-offline" class="hide">
            <p class="text-error">
                The server has gone offline. You may now close this tab.
            </p>
        </div>
    </div>
    <script>
    (function () {
        ${GET_COOKIE_JS}
        function show(id) {
            document.getElementById("auth-choice").classList.add("hide");
            document.getElementById(id).classList.remove("hide");
        }
        function decide(ev, decision) {
            ev.preventDefault();
            fetch(DECISION_URL, {
                method: "POST", credentials: "same-origin",
                headers: {"Content-Type": "application/json", "X-CSRF-Token": simCookie(CSRF_COOKIE)},
                body: JSON.stringify({decision: decision})
            }).then(function (r) {
                if (!r.ok) { show("auth-error"); return; }
                show("auth-done");
                if (REDIRECT_URL) window.location.href = REDIRECT_URL;
            }, function () { show("auth-offline"); });
        }
        document.getElementById("auth-grant").addEventListener("click", function (ev) { decide(ev, true); });
        document.getElementById("auth-reject").addEventListener("click", function (ev) { decide(ev, false); });
    })();
    </script>
</body>
</html>`;
}
