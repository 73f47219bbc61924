import Testing

/// The bounded fuzz run (issue 14): each target gets its corpus (`Corpus/<target>/`) and a fixed number of
/// generated inputs from a fixed seed. A trap fails the run by killing the process (``CrashReporter``
/// prints the input first); an error of a type a target must not throw, or a broken invariant, is a
/// recorded issue that prints the seed, the iteration and the input. Serialized, so that the crash
/// reporter's one buffer always holds the input of the target that is running.
@Suite("Fuzz: every input gives a value or a typed error", .serialized)
struct FuzzTests {}
