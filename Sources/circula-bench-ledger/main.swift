// Benchmark: ledger allocations per second (one allocation per transaction, durable settings) against the same
// engine's raw single-row insert rate (one row per transaction, same settings), in the same run.
//
//   circula-bench-ledger --n 2000 --dir /tmp/bench [--postgres postgres://postgres:bench@127.0.0.1:5434/postgres]
import CirculaLedger
import Foundation
import GRDB
import PostgresNIO

struct Options {
    var n = 2000
    var dir = FileManager.default.temporaryDirectory.path
    var postgres: String?

    init(_ args: [String]) {
        var i = 1
        while i < args.count {
            switch args[i] {
            case "--n": n = Int(args[i + 1])!; i += 1
            case "--dir": dir = args[i + 1]; i += 1
            case "--postgres": postgres = args[i + 1]; i += 1
            default: fatalError("unknown argument \(args[i]); expected --n N, --dir DIR, --postgres URL")
            }
            i += 1
        }
    }
}

/// A ledger with one pool account holding enough credits and `n` open deliveries of 1 t each (set up in one transaction).
func prepare(_ ledger: Ledger, n: Int) async throws {
    var events: [LedgerEvent] = [
        .initialize(Setup(company: "Bench", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry)),
        .addSite(Site(id: "s1", name: "Smelter")),
        .addProduct(Product(id: "cu", element: "Cu", form: "cathode", unit: .gram)),
        .openAccount(Account(id: "pool", site: "s1", product: "cu", factor: try ConversionFactor("0.97"))),
        .receive(Receipt(lot: "R1", site: "s1", supplier: "Collector", date: "2024-04-01", category: "post-consumer", elements: ["Cu": 1_000_000_000_000])),
        .issueCredit(CreditIssue(lot: "R1", element: "Cu", account: "pool", factor: try ConversionFactor("0.97"), factorSource: "bench",
                                 amount: 970_000_000_000, date: "2024-04-01")),
    ]
    events += (0..<n).map { .deliver(Delivery(delivery: "D\($0)", customer: "C\($0 % 10)", site: "s1", product: "cu", mass: 1_000_000, date: "2024-04-20")) }
    try await ledger.append(events)
}

/// Allocations per second, one per transaction.
func allocations(_ ledger: Ledger, n: Int) async throws -> Double {
    let start = ContinuousClock.now
    for i in 0..<n {
        try await ledger.append(.allocate(Allocation(delivery: "D\(i)", account: "pool", amount: 500_000)))
    }
    let seconds = (ContinuousClock.now - start).seconds
    let report = try await ledger.verify()
    precondition(report.isValid, "ledger does not verify after the benchmark: \(report)")
    return Double(n) / seconds
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// Raw single-row inserts per second in SQLite with the ledger's settings (WAL, synchronous=FULL), one per transaction.
func sqliteRawInserts(path: String, n: Int) async throws -> Double {
    let pool = try DatabasePool(path: path)
    // as SQLiteStore does: after GRDB's WAL set-up (which sets NORMAL), FULL on the writer connection
    let synchronous = try await pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = FULL")
        return try Int.fetchOne(db, sql: "PRAGMA synchronous")
    }
    precondition(synchronous == 2, "SQLite synchronous is not FULL")
    try await pool.write { db in try db.execute(sql: "CREATE TABLE raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
    let payload = String(repeating: "x", count: 200)
    let start = ContinuousClock.now
    for i in 0..<n {
        try await pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: "INSERT INTO raw (id, payload) VALUES (?, ?)", arguments: [i, payload])
                return .commit
            }
        }
    }
    let seconds = (ContinuousClock.now - start).seconds
    try pool.close()
    return Double(n) / seconds
}

/// Raw single-row inserts per second in PostgreSQL, one per transaction (BEGIN; INSERT; COMMIT), default durability.
func postgresRawInserts(url: String, n: Int) async throws -> Double {
    let c = URLComponents(string: url)!
    let client = PostgresClient(configuration: .init(host: c.host!, port: c.port ?? 5432, username: c.user ?? "postgres",
                                                     password: c.password, database: String(c.path.dropFirst()), tls: .disable))
    let logger = Logger(label: "bench")
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        try await client.query("CREATE TABLE raw (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)", logger: logger)
        let payload = String(repeating: "x", count: 200)
        let start = ContinuousClock.now
        for i in 0..<n {
            try await client.withConnection { conn in
                try await conn.query("BEGIN", logger: logger)
                try await conn.query("INSERT INTO raw (id, payload) VALUES (\(i), \(payload))", logger: logger)
                try await conn.query("COMMIT", logger: logger)
            }
        }
        return Double(n) / (ContinuousClock.now - start).seconds
    }
}

func row(_ engine: String, _ n: Int, _ alloc: Double, _ raw: Double) -> String {
    func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
    return pad(engine, 10) + pad("\(n)", 8) + pad(String(format: "%.0f", alloc), 16) + pad(String(format: "%.0f", raw), 16) + pad(String(format: "%.3f", alloc / raw), 12)
}

let options = Options(CommandLine.arguments)
var lines: [String] = []
do {
    let dir = URL(fileURLWithPath: options.dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let ledgerPath = dir.appendingPathComponent("bench-ledger-\(UUID().uuidString).sqlite").path
    let rawPath = dir.appendingPathComponent("bench-raw-\(UUID().uuidString).sqlite").path
    let store = try SQLiteStore(path: ledgerPath)
    let ledger = Ledger(store: store, actor: "bench")
    try await prepare(ledger, n: options.n)
    let raw = try await sqliteRawInserts(path: rawPath, n: options.n)
    let alloc = try await allocations(ledger, n: options.n)
    try await store.close()
    lines.append(row("sqlite", options.n, alloc, raw))
    for path in [ledgerPath, rawPath] { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }

    if let url = options.postgres {
        let store = try await PostgresStore(url: url)
        let ledger = Ledger(store: store, actor: "bench")
        try await prepare(ledger, n: options.n)
        let raw = try await postgresRawInserts(url: url, n: options.n)
        let alloc = try await allocations(ledger, n: options.n)
        try await store.close()
        lines.append(row("postgres", options.n, alloc, raw))
    }
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
print("    engine       n   allocations/s  raw inserts/s  ratio a/r")
for line in lines { print(line) }
