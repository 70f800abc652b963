// Minimal typings for the ml.js packages that ship none (only what is used). ml-cart and ml-random-forest are
// devDependencies: the tests check that the presorted trees (trees/) grow the same trees they do.
declare module 'ml-cart' {
  interface Distribution { to1DArray(): number[] }
  interface TreeOptions { gainFunction?: 'gini'; splitFunction?: 'mean'; minNumSamples?: number; maxDepth?: number; gainThreshold?: number }
  export class DecisionTreeClassifier {
    constructor(options?: TreeOptions)
    root: { classify(row: number[]): Distribution }
    train(X: number[][], y: number[]): void
    predict(X: number[][]): number[]
  }
  export class DecisionTreeRegression {
    constructor(options?: TreeOptions)
    train(X: number[][], y: number[]): void
    predict(X: number[][]): number[]
  }
}
declare module 'ml-random-forest' {
  interface ForestOptions { nEstimators?: number; maxFeatures?: number; replacement?: boolean; useSampleBagging?: boolean; noOOB?: boolean; seed?: number; treeOptions?: { minNumSamples?: number; maxDepth?: number; gainThreshold?: number } }
  export class RandomForestClassifier {
    constructor(options?: ForestOptions)
    train(X: number[][], y: number[]): void
    predictionValues(X: number[][]): { rows: number; getRow(i: number): number[] }
  }
  export class RandomForestRegression {
    constructor(options?: ForestOptions)
    train(X: number[][], y: number[]): void
    predict(X: number[][]): number[]
  }
}
declare module 'ml-naivebayes' {
  export class GaussianNB {
    means: number[][]
    /** per class: [logPrior, [1/(sqrt(2π)·sd), -2·sd²] per feature] */
    calculateProbabilities: [number, ...[number, number][]][]
    train(X: number[][], y: number[]): void
  }
}
