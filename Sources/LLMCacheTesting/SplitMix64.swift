// The tests' seeded generator lives in LLMCore (the similarity index samples with it too); test targets
// get it from here as before.
@_exported import struct LLMCore.SplitMix64
