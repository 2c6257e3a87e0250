// js-yaml 4 (in node_modules through web-ext's eslint; the parser @fdm-monster/server reads its YAML
// import with) ships no types: the one function the farm-export tests use.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
