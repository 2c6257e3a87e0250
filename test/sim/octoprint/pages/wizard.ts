// What "/" shows before the first-run wizard is done (transcript C02: 200, not a
// redirect). Only the recognisable frame; the wizard itself is not simulated.
import { escapeHtml } from '../http-util';

export function wizardPage(scriptRoot: string, version: string, versionAttr: boolean): string {
  const attr = versionAttr ? ` data-octoprint-version="${escapeHtml(version)}"` : '';
  return `<!DOCTYPE html>
<html${attr}>
    <head>
        <title>OctoPrint</title>
        <script src="${scriptRoot}/static/webassets/packed_libs.js?sim"></script>
    </head>
    <body>
        <div id="wizard_dialog" class="modal" data-first-run="true">
            <h3>Setup Wizard</h3>
            <p>Please set up Access Control before using this OctoPrint instance.</p>
        </div>
    </body>
</html>`;
}
