import ArgumentParser
import CirculaServer
import Foundation

extension Role: ExpressibleByArgument {}

/// Opens the server's tables in the ledger's database for `users` and `tokens`.
struct ServerStoreOptions: ParsableArguments {
    @Option(help: "SQLite ledger file.") var db: String = "./circula.sqlite"
    @Option(help: "PostgreSQL URL; overrides --db.") var postgres: String?

    func withAdministration<T>(_ body: (AccountAdministration) async throws -> T) async throws -> T {
        let store: any ServerStore
        do { store = try await openServerStore(db: db, postgres: postgres) } catch { throw fail(error) }
        do {
            let value = try await body(AccountAdministration(store: store))
            try? await store.close()
            return value
        } catch {
            try? await store.close()
            throw fail(error)
        }
    }
}

/// `circula users`: accounts of the server (dashboard, API, customer portal).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Add, list and revoke accounts of `circula serve`.", subcommands: [Add.self, List.self, Revoke.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account: admin, operator (writes), auditor (reads all), customer (reads its own).")
        @OptionGroup var store: ServerStoreOptions
        @Argument(help: "User name (letters, digits, - _ . @).") var name: String
        @Option(help: "admin, operator, auditor or customer.") var role: Role
        @Option(help: "For role customer: the customer's name in the ledger, e.g. \"Customer Alpha\".") var customer: String?

        func run() async throws {
            try await store.withAdministration { admin in
                let user = try await admin.addUser(name: name, role: role, customer: customer)
                print("added user \(user.name), role \(user.role)\(user.customer.map { ", customer \"\($0)\"" } ?? ""); issue a token with `circula tokens issue --user \(user.name)`")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts and their tokens (ids only; secrets are never stored).")
        @OptionGroup var store: ServerStoreOptions

        func run() async throws {
            try await store.withAdministration { admin in
                var table = TextTable(["user", "role", "customer", "status", "tokens (active)"])
                let now = Int64(Date().timeIntervalSince1970)
                for user in try await admin.store.users() {
                    let tokens = try await admin.store.tokens(user: user.name)
                    let active = tokens.filter { $0.revokedAt == nil && $0.expiresAt > now }
                    table.add([user.name, user.role.rawValue, user.customer ?? "", user.revokedAt == nil ? "active" : "revoked",
                               "\(tokens.count) (\(active.count))" + (active.isEmpty ? "" : ": " + active.map(\.id).joined(separator: " "))])
                }
                print(table.render())
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an account: its tokens and sessions stop working (within a second).")
        @OptionGroup var store: ServerStoreOptions
        @Argument(help: "User name.") var name: String

        func run() async throws {
            try await store.withAdministration { admin in
                try await admin.store.revokeUser(named: name, at: Int64(Date().timeIntervalSince1970))
                print("revoked user \(name): its tokens and sessions no longer sign in")
            }
        }
    }
}
