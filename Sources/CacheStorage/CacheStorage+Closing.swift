extension CacheStorage {
    /// Runs `body` with this store, then closes the store (flushing its buffered bookkeeping), also when
    /// `body` throws. `body`'s error wins over a failure to close, which is then handed to `closeFailed`.
    package func closing<Result>(
        isolation: isolated (any Actor)? = #isolation, closeFailed: (any Error) -> Void,
        _ body: (Self) async throws -> Result
    ) async throws -> Result {
        let result: Result
        do {
            result = try await body(self)
        } catch {
            do { try await close() } catch let closing { closeFailed(closing) }
            throw error
        }
        try await close()
        return result
    }
}
