// The popup's strings come from the one lookup the background uses too.
export { t, tn, type MessageKey, type PluralKey } from '../shared/i18n';
