import LLMCore
import PostgresStore
import Testing

@Suite("PostgreSQL store options")
struct PostgresStoreOptionsTests {
    @Test("the defaults are the documented ones")
    func defaults() {
        let options = PostgresStoreOptions()
        #expect(!options.readOnly)
        #expect(options.maxEntries == nil)
        #expect(options.maxBytes == nil)
        #expect(options.flushInterval == .seconds(1))
        #expect(options.flushThreshold == 1024)
        #expect(options.operationTimeout == .seconds(2))
        #expect(options.retryInterval == .milliseconds(500))
        #expect(options.changeRetention == .seconds(3600))
        #expect(options.maximumConnections == 8)
    }

    @Test("each parameter lands in its property")
    func memberwise() {
        let options = PostgresStoreOptions(
            readOnly: true, maxEntries: 10, maxBytes: 4096, flushInterval: .seconds(3), flushThreshold: 5,
            operationTimeout: .seconds(20), retryInterval: .milliseconds(100), changeRetention: .seconds(60),
            maximumConnections: 2)
        #expect(options.readOnly)
        #expect(options.maxEntries == 10)
        #expect(options.maxBytes == 4096)
        #expect(options.flushInterval == .seconds(3))
        #expect(options.flushThreshold == 5)
        #expect(options.operationTimeout == .seconds(20))
        #expect(options.retryInterval == .milliseconds(100))
        #expect(options.changeRetention == .seconds(60))
        #expect(options.maximumConnections == 2)
        #expect(PostgresStoreOptions(readOnly: true).operationTimeout == PostgresStoreOptions().operationTimeout)
    }
}
