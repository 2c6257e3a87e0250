// The login page (login.jinja2), modelled on fixtures/octoprint-1.11.8-login.html:
// same ids (#login, #login-user, #login-password, #login-remember, #login-button,
// the #login-error-* alerts). The inline script stands in for login.js: it POSTs
// /api/login with the X-CSRF-Token header from the csrf cookie and then goes to
// REDIRECT_URL — a real POST, so a browser test can type a password and land on /.
import { scriptJson } from '../http-util';
import { baseCss, GET_COOKIE_JS, iconLinks, libScripts } from './head';

export interface LoginPageData {
  scriptRoot: string;
  redirectUrl: string;
  userId: string;
  reauthenticate: boolean;
  csrfCookie: string;
}

export function loginPage(d: LoginPageData): string {
  const root = d.scriptRoot;
  const heading = d.reauthenticate ? 'Please reauthenticate' : 'Please log in';
  return `<html>
<head>
    <meta name="viewport" content="width=device-width,initial-scale=1">
    <title>OctoPrint Login</title>

${iconLinks(root)}
    <!-- le CSS -->

${baseCss(root, `${root}/static/css/login.css`)}
    <style>.login-error,#login-offline,#login-overlay{display:none}</style>

    <!-- le javascript -->

    <script>
        var BASE_URL = ${scriptJson(`${root}/`)};
        var REDIRECT_URL = ${scriptJson(d.redirectUrl)};
        var USER_ID = ${scriptJson(d.userId)};
        var CSRF_COOKIE = ${scriptJson(d.csrfCookie)};
    </script>
${libScripts(root)}
    <script src="${root}/static/js/login/login.js"></script>
</head>
<body>
    <div id="login" class="container" data-test-id="login-form">
        <form class="form-signin" method="post" action="javascript:void(0)">
            <h2 class="form-signin-heading" data-test-id="login-title">
                ${heading}
            </h2>

            <div id="login-error-credentials" class="alert alert-error login-error" data-test-id="login-error">Incorrect username or password. Hint: Both are case sensitive!</div>
            <div id="login-error-csrf" class="alert alert-error login-error" data-test-id="login-error-csrf">CSRF protection error. Reloading the page might fix this.</div>
            <div id="login-error-rate" class="alert alert-error login-error" data-test-id="login-error-rate">You have made too many failed login attempts. Please try again later.</div>
            <div id="login-offline" class="alert alert-error">Server is currently offline.</div>

            <input type="text" id="login-user" data-test-id="login-username" class="input-block-level" placeholder="Username" autofocus autocapitalize="none">
            <input type="password" id="login-password" data-test-id="login-password" class="input-block-level" placeholder="Password">
            <label class="checkbox">
                <input type="checkbox" id="login-remember" data-test-id="login-remember-me"> Remember me
            </label>
            <button class="btn btn-block btn-large btn-primary" id="login-button" data-test-id="login-submit" type="submit">Log in</button>
        </form>
    </div>

    <div id="login-overlay"><i class="fas fa-spinner fa-spin fa-4x"></i></div>
    <script>
    (function () {
        ${GET_COOKIE_JS}
        var form = document.querySelector("#login form");
        var user = document.getElementById("login-user");
        if (USER_ID) user.value = USER_ID;
        function showError(id) { document.getElementById(id).style.display = "block"; }
        form.addEventListener("submit", function (ev) {
            ev.preventDefault();
            var errs = document.querySelectorAll(".login-error");
            for (var i = 0; i < errs.length; i++) errs[i].style.display = "none";
            fetch(BASE_URL + "api/login", {
                method: "POST", credentials: "same-origin",
                headers: {"Content-Type": "application/json", "X-CSRF-Token": simCookie(CSRF_COOKIE)},
                body: JSON.stringify({user: user.value, pass: document.getElementById("login-password").value,
                    remember: document.getElementById("login-remember").checked})
            }).then(function (r) {
                if (r.ok) { window.location.href = REDIRECT_URL || BASE_URL; return; }
                showError(r.status === 400 ? "login-error-csrf" : r.status === 429 ? "login-error-rate" : "login-error-credentials");
            }, function () { document.getElementById("login-offline").style.display = "block"; });
        });
    })();
    </script>
</body>
</html>`;
}
