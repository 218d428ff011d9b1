/** Picks the threshold-search structure behind the implicit network. */
import { scanIndex, type IndexFactory } from './leaf-index.js';
import { treeIndex } from './tree-index.js';

export function indexFactory(kind: 'tree' | 'scan'): IndexFactory {
  return kind === 'scan' ? scanIndex : treeIndex;
}
