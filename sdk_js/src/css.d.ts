/** A stylesheet imported as its text, minified (scripts/build.mjs for the bundle, vitest.config.mjs for the tests). */
declare module '*.css?raw' {
  const css: string;
  export default css;
}
