// The <head> boilerplate shared by OctoPrint's login and auth dialog templates
// (fixtures/octoprint-1.11.8-login.html, -authdialog.html), prefixed with the
// script root the way url_for does it.

export function iconLinks(root: string): string {
  return [
    `<link rel="shortcut icon" href="${root}/static/img/tentacle-32x32.png">`,
    `<link rel="mask-icon" href="${root}/static/img/mask.svg" color="#56BE37">`,
    `<link rel="mask-icon-theme" href="${root}/static/img/mask-theme.svg" color="#56BE37">`,
    `<link rel="apple-touch-icon" sizes="114x114" href="${root}/static/img/apple-touch-icon-114x114.png">`,
    `<link rel="apple-touch-icon" sizes="144x144" href="${root}/static/img/apple-touch-icon-144x144.png">`,
  ].map((l) => `    ${l}\n`).join('');
}

export function baseCss(root: string, extra: string): string {
  return [
    `${root}/static/css/bootstrap.min.css`,
    `${root}/static/css/bootstrap-responsive.min.css`,
    `${root}/static/vendor/font-awesome-6.5.1/css/all.min.css`,
    `${root}/static/vendor/font-awesome-6.5.1/css/v4-shims.min.css`,
    extra,
  ].map((href) => `    <link rel="stylesheet" href="${href}">\n`).join('');
}

export function libScripts(root: string): string {
  return [
    `${root}/static/js/lib/jquery/jquery.min.js`,
    `${root}/static/js/lib/sockjs.min.js`,
    `${root}/static/js/lib/bootstrap/bootstrap.js`,
    `${root}/static/js/lib/lodash.min.js`,
  ].map((src) => `    <script src="${src}"></script>\n`).join('') +
    `\n        <script type="text/javascript" src="${root}/static/webassets/packed_client.js?sim"></script>\n`;
}

/** Reads a cookie in page scripts (the csrf cookie is not HttpOnly). */
export const GET_COOKIE_JS =
  'function simCookie(n){var m=document.cookie.split(/;\\s*/);for(var i=0;i<m.length;i++){' +
  'var e=m[i].indexOf("=");if(e>0&&m[i].slice(0,e)===n)return m[i].slice(e+1);}return "";}';
