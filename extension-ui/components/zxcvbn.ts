/**
 * zxcvbn with the common and English dictionaries (about 1.6 MB): its own chunk, loaded by
 * `loadEstimator` only when a page first shows a strength meter or checks a new passphrase.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export const estimator = new ZxcvbnFactory({
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...english.dictionary },
});
