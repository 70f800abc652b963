// Presorted CART trees and random forests (see cart.ts): the decision-tree and random-forest members.
export { toColumns, isShared } from './columns.ts'
export type { Columns } from './columns.ts'
export { growTree, predictTree, predictTreeProba, leafOf } from './cart.ts'
export type { Tree, TreeOptions, TreeSample } from './cart.ts'
export { growForest, forestSamples, forestProba, forestPredict, resolveMaxFeatures } from './forest.ts'
export type { Forest, ForestOptions } from './forest.ts'
