/** Picks the threshold-search structure behind the implicit network. */
import type { IndexFactory } from './implicitNetwork.js';
import { scanIndex } from './leafIndex.js';
import { treeIndex } from './treeIndex.js';

export function indexFactory(kind: 'tree' | 'scan'): IndexFactory {
  return kind === 'scan' ? scanIndex : treeIndex;
}
