// The main UI for a logged-in session: only the landmarks KeyDeck looks for
// (protocols.md "recognising its pages": #navbar, #page-container-main, the
// settings dialog with the Application Keys and API panes, packed_*.js scripts).
// Behaviour (dialogs, tabs, access-request notices) is in ui-script.ts.
import { escapeHtml } from '../http-util';
import { uiScript, type UiConfig } from './ui-script';

export interface IndexData extends UiConfig {
  version: string;
  versionAttr: boolean;
  pluginEnabled: boolean;
}

export function indexPage(d: IndexData): string {
  const root = d.scriptRoot;
  const attr = d.versionAttr ? ` data-octoprint-version="${escapeHtml(d.version)}"` : '';
  const packed = ['libs', 'client', 'core'].map((n) => `${root}/static/webassets/packed_${n}.js?sim`);
  const appkeysLink = d.pluginEnabled
    ? '<li id="settings_plugin_appkeys_link"><a href="#settings_plugin_appkeys">Application Keys</a></li>' : '';
  const appkeysPane = !d.pluginEnabled ? '' : `
              <div class="tab-pane" id="settings_plugin_appkeys">
                <legend>Registered application keys</legend>
                <table class="table table-condensed table-hover" id="settings_plugin_appkeys_allkeys_table">
                  <thead><tr><th class="settings_plugin_appkeys_user">User</th><th class="settings_plugin_appkeys_app">Application identifier</th><th class="settings_plugin_appkeys_actions">Action</th></tr></thead>
                  <tbody></tbody>
                </table>
                <legend>Manually generate an application key</legend>
                <form class="form-horizontal" onsubmit="return false;">
                  <input type="text" id="settings_plugin_appkeys_generate_app" placeholder="Application identifier">
                  <button class="btn btn-primary" id="settings_plugin_appkeys_generate">Generate</button>
                </form>
              </div>`;
  return `<!DOCTYPE html>
<html${attr}>
    <head>
        <title data-bind="text: title">OctoPrint</title>
${packed.map((p) => `        <link rel="preload" as="script" href="${p}">`).join('\n')}
        <style>
          .hide{display:none} .modal{display:none} .modal.in{display:block}
          .tab-pane{display:none} .tab-pane.active{display:block}
          .ui-pnotify{position:fixed;top:36px;right:36px;width:300px;z-index:9999;background:#fff;border:1px solid #ccc;padding:8px}
        </style>
    </head>
    <body>
        <div id="navbar" class="navbar navbar-fixed-top"><div class="navbar-inner"><div class="container">
            <a class="brand" href="${root}/"><span>OctoPrint</span></a>
            <ul class="nav pull-right">
                <li id="navbar_settings"><a id="navbar_show_settings" href="javascript:void(0)" title="Settings">Settings</a></li>
                <li id="navbar_login"><span id="navbar_login_user">${escapeHtml(d.user)}</span>
                    <a id="navbar_usersettings" href="javascript:void(0)">User Settings</a>
                    <a id="logout_button" href="javascript:void(0)">Logout</a></li>
            </ul>
        </div></div></div>
        <div id="page-container-main" class="container">
            <div id="state_wrapper"><h4>State</h4><p>Operational</p></div>
        </div>

        <div id="settings_dialog" class="modal hide fade" tabindex="-1" aria-hidden="true">
          <div class="modal-header"><a href="javascript:void(0)" class="close" id="settings_dialog_close">&times;</a><h3>OctoPrint Settings</h3></div>
          <div class="modal-body"><div class="tabbable row-fluid">
            <div class="span3" id="settings_dialog_menu"><ul class="nav nav-list" id="settingsTabs">
              <li class="nav-header">Features</li>
              <li id="settings_api_link" class="active"><a href="#settings_api">API</a></li>
              <li class="nav-header">Plugins</li>
              ${appkeysLink}
            </ul></div>
            <div class="span9" id="settings_dialog_content"><div class="tab-content">
              <div class="tab-pane active" id="settings_api">
                <label class="checkbox"><input type="checkbox" id="settings-apiCors"> Allow Cross Origin Resource Sharing (CORS)</label>
              </div>${appkeysPane}
            </div></div>
          </div></div>
          <div class="modal-footer"><button class="btn" id="settings_dialog_cancel">Cancel</button> <button class="btn btn-primary" id="settings_dialog_save">Save</button></div>
        </div>

        <div id="usersettings_dialog" class="modal hide fade" tabindex="-1" aria-hidden="true">
          <div class="modal-body"><div class="tab-pane active" id="usersettings_plugin_appkeys"><legend>Application Keys</legend></div></div>
          <div class="modal-footer"><button class="btn" id="usersettings_dialog_close">Close</button></div>
        </div>

        <div id="plugin_appkeys_keygenerated" class="modal hide fade" tabindex="-1" aria-hidden="true">
          <div class="modal-header"><h3 id="plugin_appkeys_keygenerated_title"></h3></div>
          <div class="modal-body">
            <p>User: <span id="plugin_appkeys_keygenerated_user"></span>, App: <span id="plugin_appkeys_keygenerated_app"></span></p>
            <p><code id="plugin_appkeys_keygenerated_key_text"></code>
               <button class="btn btn-mini" id="plugin_appkeys_keygenerated_key_copy">Copy</button></p>
          </div>
          <div class="modal-footer"><button class="btn" id="plugin_appkeys_keygenerated_close">Close</button></div>
        </div>

${packed.map((p) => `        <script type="text/javascript" src="${p}"></script>`).join('\n')}
        <script>${uiScript(d)}</script>
    </body>
</html>`;
}
