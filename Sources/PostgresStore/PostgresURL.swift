import Foundation
import NIOSSL
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=…` connection URL, parsed.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The role to log in as.
    public var username: String
    /// The password, when the URL has one.
    public var password: String?
    /// The database; `nil` uses the role's name.
    public var database: String?
    /// `disable`, `prefer` or `require`.
    public var sslMode: String

    /// Whether `text` is a PostgreSQL URL rather than a file path.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`.
    ///
    /// - Throws: ``PostgresStoreError/badURL(_:reason:)`` saying what is wrong.
    public init(_ text: String) throws {
        guard Self.isPostgresURL(text) else {
            throw PostgresStoreError.badURL(Self.redact(text), reason: "it must start with postgres://")
        }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw PostgresStoreError.badURL(Self.redact(text), reason: "write postgres://USER@HOST:PORT/DATABASE")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError.badURL(Self.redact(text), reason: "it names no user (postgres://USER@HOST/...)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? nil : path
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(mode) else {
            throw PostgresStoreError.badURL(
                Self.redact(text), reason: "sslmode must be disable, prefer or require, not \(mode)")
        }
        self.sslMode = mode
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database ?? username)?sslmode=\(sslMode)"
    }

    /// The client configuration for this URL.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: try tls())
    }

    /// The single-connection configuration for this URL (the change listener's connection).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch sslMode {
            case "disable": .disable
            case "require": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            default: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        return PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    private func tls() throws -> PostgresClient.Configuration.TLS {
        switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
    }

    /// `text` with any password replaced by `***`.
    static func redact(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "postgres://…"
    }
}
