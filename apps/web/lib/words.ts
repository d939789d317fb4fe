// Codes as words, for every page: the one dictionary lives in the domain
// (packages/domain/src/words/words.ts) so the API's exports use it too.
export { codesOf, dictionaryCodes, wordFor, type Vocabulary } from '@waymark/domain';
