import LLMCacheTesting
import Logging
import ServerHosting
import ServiceLifecycle
import Testing

@Suite("Servers as services")
struct ServerServiceTests {
    @Test("a server in a service group reports its port, serves, and stops on graceful shutdown")
    func gracefulShutdown() async throws {
        let simulator = ProviderSimulator()
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let service = ServerService(simulator) { port in continuation.yield(port) }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [service], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        let running = Task { try await group.run() }
        var reported: Int?
        for await port in ports {
            reported = port
            break
        }
        #expect(reported != nil && reported == simulator.port)
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(simulator.port == nil)
    }

    @Test("a port in use is a ServerStartError that names the server")
    func portInUse() async throws {
        let first = ProviderSimulator()
        let port = try await first.start()
        defer { Task { await first.stop() } }
        let second = ProviderSimulator(configuration: SimulatorConfiguration(port: port))
        let error = await #expect(throws: ServerStartError.self) { try await second.start() }
        #expect(error?.description.hasPrefix("the provider simulator could not start: ") == true)
    }
}
