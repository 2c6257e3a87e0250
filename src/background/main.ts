import browser from 'webextension-polyfill';
import { startBackground } from './start-background';

startBackground(browser);
