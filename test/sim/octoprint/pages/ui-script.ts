// Inline behaviour of the simulated main UI. Real OctoPrint pushes appkeys
// "request_access"/"end_request" plugin messages over its socket; the simulator
// polls the sim-only GET <root>/sim/pending every 250 ms instead. Everything else
// goes through the real API with the session cookie and the X-CSRF-Token header
// copied from the csrf cookie, as OctoPrint's JS client does. The notice markup is
// PNotify's (div.ui-pnotify > h4.ui-pnotify-title, .ui-pnotify-text, action bar);
// its text follows promptForAccess in plugins/appkeys/static/js/appkeys.js. The
// user token lives only in this script's closure, never in the DOM.
import { scriptJson } from '../http-util';
import { GET_COOKIE_JS } from './head';

export interface UiConfig {
  scriptRoot: string;
  csrfCookie: string;
  user: string;
}

export function uiScript(cfg: UiConfig): string {
  return `
(function () {
  var CFG = ${scriptJson(cfg)};
  ${GET_COOKIE_JS}
  function $(id) { return document.getElementById(id); }
  function call(method, path, body) {
    var headers = {"X-CSRF-Token": simCookie(CFG.csrfCookie)};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(CFG.scriptRoot + "/" + path, {method: method, credentials: "same-origin", cache: "no-store",
      headers: headers, body: body === undefined ? undefined : JSON.stringify(body)});
  }
  function open(el) { el.classList.add("in"); el.classList.remove("hide"); el.setAttribute("aria-hidden", "false"); }
  function close(el) { el.classList.remove("in"); el.classList.add("hide"); el.setAttribute("aria-hidden", "true"); }

  function loadKeys() {
    var table = $("settings_plugin_appkeys_allkeys_table");
    if (!table) return;
    call("GET", "api/plugin/appkeys?all=true").then(function (r) { return r.ok ? r.json() : {keys: []}; }).then(function (data) {
      var body = table.querySelector("tbody");
      body.textContent = "";
      (data.keys || []).forEach(function (k) {
        var tr = document.createElement("tr");
        [k.user_id, k.app_id, ""].forEach(function (v) { var td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
        body.appendChild(tr);
      });
    });
  }
  $("navbar_show_settings").addEventListener("click", function () {
    open($("settings_dialog"));
    call("GET", "api/settings").then(function (r) { return r.json(); }).then(function (s) {
      $("settings-apiCors").checked = !!(s.api && s.api.allowCrossOrigin);
    });
    loadKeys();
  });
  Array.prototype.forEach.call(document.querySelectorAll("#settingsTabs a[href^='#']"), function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      Array.prototype.forEach.call(document.querySelectorAll("#settingsTabs li"), function (li) { li.classList.remove("active"); });
      Array.prototype.forEach.call(document.querySelectorAll("#settings_dialog .tab-pane"), function (p) { p.classList.remove("active"); });
      a.parentNode.classList.add("active");
      document.querySelector(a.getAttribute("href")).classList.add("active");
    });
  });
  $("settings_dialog_close").addEventListener("click", function () { close($("settings_dialog")); });
  $("settings_dialog_cancel").addEventListener("click", function () { close($("settings_dialog")); });
  $("settings_dialog_save").addEventListener("click", function () {
    call("POST", "api/settings", {api: {allowCrossOrigin: $("settings-apiCors").checked}})
      .then(function () { close($("settings_dialog")); });
  });
  var gen = $("settings_plugin_appkeys_generate");
  if (gen) gen.addEventListener("click", function () {
    var app = $("settings_plugin_appkeys_generate_app").value;
    call("POST", "api/plugin/appkeys", {command: "generate", app: app}).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) return;
        $("plugin_appkeys_keygenerated_title").textContent = "New key generated!";
        $("plugin_appkeys_keygenerated_user").textContent = d.user_id;
        $("plugin_appkeys_keygenerated_app").textContent = d.app_id;
        $("plugin_appkeys_keygenerated_key_text").textContent = d.api_key;
        open($("plugin_appkeys_keygenerated"));
        loadKeys();
      });
  });
  $("plugin_appkeys_keygenerated_key_copy").addEventListener("click", function () {
    var text = $("plugin_appkeys_keygenerated_key_text").textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(text).catch(function () {});
  });
  $("plugin_appkeys_keygenerated_close").addEventListener("click", function () { close($("plugin_appkeys_keygenerated")); });
  $("navbar_usersettings").addEventListener("click", function () { open($("usersettings_dialog")); });
  $("usersettings_dialog_close").addEventListener("click", function () { close($("usersettings_dialog")); });
  $("logout_button").addEventListener("click", function () {
    call("POST", "api/logout").then(function () { window.location.href = CFG.scriptRoot + "/"; });
  });

  var notices = {}, decided = {};
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function removeNotice(token) { if (notices[token]) { notices[token].remove(); delete notices[token]; } }
  function decide(token, decision) {
    decided[token] = true;
    removeNotice(token);
    call("POST", "plugin/appkeys/decision/" + encodeURIComponent(token), {decision: decision}).then(function (r) {
      document.body.setAttribute("data-sim-last-decision-status", String(r.status));
    });
  }
  function showNotice(p) {
    var outer = el("div", "ui-pnotify"), box = el("div", "alert ui-pnotify-container alert-info");
    outer.setAttribute("aria-live", "assertive");
    var icon = el("div", "ui-pnotify-icon"); icon.appendChild(el("span", "fa fa-key"));
    var text = el("div", "ui-pnotify-text"), p1 = el("p"), code = el("code", "", p.remote_address);
    p1.appendChild(document.createTextNode('"')); p1.appendChild(el("strong", "", p.app_id));
    p1.appendChild(document.createTextNode('" has requested access to control OctoPrint through the API. The request originates from '));
    p1.appendChild(code); p1.appendChild(document.createTextNode("."));
    text.appendChild(p1); text.appendChild(el("p", "", "Do you want to allow access to this application with your user account?"));
    var bar = el("div", "ui-pnotify-action-bar");
    [["Allow", true], ["Deny", false]].forEach(function (b) {
      var btn = el("button", "btn btn-default ui-pnotify-action-button", b[0]);
      btn.type = "button";
      btn.addEventListener("click", function () { decide(p.user_token, b[1]); });
      bar.appendChild(btn);
    });
    box.appendChild(icon); box.appendChild(el("h4", "ui-pnotify-title", "Access Request")); box.appendChild(text); box.appendChild(bar);
    outer.appendChild(box); document.body.appendChild(outer);
    return outer;
  }
  function poll() {
    fetch(CFG.scriptRoot + "/sim/pending", {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (list) {
        if (!list) return;
        var seen = {};
        list.forEach(function (p) {
          seen[p.user_token] = true;
          if (!notices[p.user_token] && !decided[p.user_token]) notices[p.user_token] = showNotice(p);
        });
        Object.keys(notices).forEach(function (t) { if (!seen[t]) removeNotice(t); });
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 250); });
  }
  poll();
})();
`;
}
