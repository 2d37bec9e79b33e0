import ArgumentParser
import CirculaServer
import Foundation

/// `circula tokens`: API tokens (also used to sign in to the dashboard). Stored as SHA-256 hashes only.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Issue and revoke API tokens of `circula serve` accounts.", subcommands: [Issue.self, Revoke.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a token; it is printed once and stored only as a hash.")
        @OptionGroup var store: ServerStoreOptions
        @Option(help: "User name.") var user: String
        @Option(help: "Days until the token expires (1 to 3650).") var days: Int = 90
        @Flag(help: "Print only the token (for scripts).") var quiet = false

        func run() async throws {
            try await store.withAdministration { admin in
                let (token, record) = try await admin.issueToken(user: user, validDays: days)
                if quiet { print(token); return }
                let expires = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(record.expiresAt)))
                print("token \(record.id) for \(user), expires \(expires) (shown once; only its hash is stored):")
                print(token)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id (the part after circ_).")
        @OptionGroup var store: ServerStoreOptions
        @Argument(help: "Token id.") var id: String

        func run() async throws {
            try await store.withAdministration { admin in
                try await admin.store.revokeToken(id: id, at: Int64(Date().timeIntervalSince1970))
                print("revoked token \(id)")
            }
        }
    }
}
