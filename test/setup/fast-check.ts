// Property tests draw their cases from a fixed seed, so a failure reproduces exactly (Standards: determinism).
// Change the seed deliberately to explore new cases; a failing run prints the seed and path to replay.
import fc from 'fast-check'

fc.configureGlobal({ seed: 20261121 })
