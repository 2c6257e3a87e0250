// The one browser API the content script touches; the full typings would be a large dependency.
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
};
