import CBLAS

/// The number of threads OpenBLAS uses for one call, a process-wide setting.
///
/// LLMCache runs OpenBLAS single-threaded (see ``recommendedThreadCount``): the work comes as many
/// small, independent products from concurrent tasks (embedding requests, similarity searches), and
/// the tasks themselves keep the cores busy. With more than one OpenBLAS thread, concurrent callers
/// contend for OpenBLAS's one thread pool and the small products pay for waking its threads.
public enum BLASThreading {
    /// The setting LLMCache applies when it loads a model: one thread per call.
    public static let recommendedThreadCount = 1

    /// The number of threads OpenBLAS currently uses for one call.
    public static var threadCount: Int {
        Int(openblas_get_num_threads())
    }

    /// Sets the number of threads OpenBLAS uses for one call, for the whole process.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, min(count, 256))))
    }
}
