// Unit and integration tests run outside a browser: KeyDeck's t() answers from the real
// public/_locales/en/messages.json, so tests keep asserting the English people read.
import { useMessages } from '../../src/shared/i18n';
import { getMessage } from '../unit/support/i18n-mock';

useMessages({ getMessage, getUILanguage: () => 'en' });
