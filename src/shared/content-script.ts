/** Where the build puts the content script (an IIFE of its own, see vite.config.ts). */
export const CONTENT_SCRIPT_FILE = 'content.js';
