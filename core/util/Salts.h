#pragma once
// Every constant that picks a random stream, in one place. A result depends on these values:
// changing one changes the numbers of every job that uses it (and silently, since job hashes do
// not include them). Code that must reproduce another's stream (a synthetic "view" label source
// degrading inputs exactly as a weak job's view does) uses the same constant, not a copy.
#include <cstdint>

namespace w2s::salt {

// Fixed shuffles of the data, not of a sweep's seed: every sweep that asks for K examples gets
// the same K, and a smaller K is a subset of a larger one (all data sets).
constexpr uint64_t kSubset = 0x5eb5e7;
// Which examples of a corpus without its own test split are the test split (text and tables).
constexpr uint64_t kTextTestSplit = 0x7e575e7;

// Mixed with a GloVe row index: the fixed random vector of that word (glove "vectors": "random").
constexpr uint64_t kRandomWordVectors = 0x3a7d0;

// Mixed with a job's seed (mixSeed(seed, salt, ...)).
constexpr uint64_t kInit = 0x1417;          ///< model initialisation (and GloVe rows)
constexpr uint64_t kShuffle = 0x5b0f;       ///< minibatch order
constexpr uint64_t kHoldOut = 0xea51;       ///< which rows of half B a student holds out
constexpr uint64_t kTrainView = 1;          ///< a view's noise / occlusion on training inputs
constexpr uint64_t kTestView = 2;           ///< the same on test inputs
constexpr uint64_t kPretrainInit = 0x9e77;  ///< a pretrain job's initialisation

// Synthetic label sources (core/run/SyntheticLabels.cpp).
constexpr uint64_t kSourceView = 0x71e3;  ///< the seed of a "view" source's degraded inputs
constexpr uint64_t kBLabels = 0x1abe1;    ///< its labels on half B
constexpr uint64_t kTestLabels = 0x7e57;  ///< its labels on test

}  // namespace w2s::salt
