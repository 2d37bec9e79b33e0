// Benchmark: ledger allocations per second (one allocation per append, durable settings) against the same engine's
// raw single-row insert rate (one row per transaction, same settings), in the same run, with 1 and with 16 concurrent
// clients on both sides (`--clients`; concurrent allocations share commits, `GroupCommit`); allocation latency
// with K credit batches in the account; import of N lots; verify of a large ledger (bench/ledger/run.sh).
//
//   circula-bench-ledger --n 2000 [--clients 1,16] --dir /tmp/bench [--postgres postgres://postgres:bench@127.0.0.1:5434/postgres]
//   circula-bench-ledger --credits 10,100000 --dir /tmp/bench [--postgres URL]
//   circula-bench-ledger --import-lots 1000000 --dir /tmp/bench [--postgres URL]
//   circula-bench-ledger --build-ledger PATH --lots 499000      (then: --verify PATH, under /usr/bin/time -v)
import CirculaLedger
import Foundation
import GRDB
import PostgresNIO

struct Options {
    var n = 2000
    var dir = FileManager.default.temporaryDirectory.path
    var postgres: String?
    /// Credit batches in the account for the latency table (`--credits 10,100000`).
    var credits: [Int] = []
    var importLots: Int?
    var buildLedger: String?
    var lots = 1000
    var verifyPath: String?
    /// Rebuilt rows a verify keeps in memory before spilling (`--memory-rows`; nil: the library's default).
    var memoryRows: Int?
    /// Concurrent clients for the allocations-per-raw-insert table (`--clients 1,16`).
    var clients: [Int] = [1, 16]
    /// Whether appends continue from the state the last one left (`--state-reuse off`: every append reads afresh).
    var stateReuse = true

    init(_ args: [String]) {
        var i = 1
        while i < args.count {
            switch args[i] {
            case "--n": n = Int(args[i + 1])!; i += 1
            case "--dir": dir = args[i + 1]; i += 1
            case "--postgres": postgres = args[i + 1]; i += 1
            case "--credits": credits = args[i + 1].split(separator: ",").compactMap { Int($0) }; i += 1
            case "--import-lots": importLots = Int(args[i + 1]); i += 1
            case "--build-ledger": buildLedger = args[i + 1]; i += 1
            case "--lots": lots = Int(args[i + 1])!; i += 1
            case "--verify": verifyPath = args[i + 1]; i += 1
            case "--memory-rows": memoryRows = Int(args[i + 1]); i += 1
            case "--clients": clients = args[i + 1].split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }; i += 1
            case "--state-reuse": stateReuse = args[i + 1] != "off"; i += 1
            default: fatalError("unknown argument \(args[i]); expected --n N, --clients C,C, --dir DIR, --postgres URL, --credits K,K, --import-lots N, --build-ledger PATH --lots N, --verify PATH [--memory-rows N], --state-reuse on|off")
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
        .receive(Receipt(lot: "R1", site: "s1", supplier: "Collector", date: "2024-04-01", category: .postConsumer, elements: ["Cu": 1_000_000_000_000])),
        .issueCredit(CreditIssue(lot: "R1", element: "Cu", account: "pool", factor: try ConversionFactor("0.97"), factorSource: "bench",
                                 amount: 970_000_000_000, date: "2024-04-01")),
    ]
    events += (0..<n).map { .deliver(Delivery(delivery: "D\($0)", customer: "C\($0 % 10)", site: "s1", product: "cu", mass: 1_000_000, date: "2024-04-20")) }
    try await ledger.append(events)
}

/// Allocations `range` (delivery D<i>, 0.5 t each from the pool), one append each, by `clients` concurrent callers.
func allocate(_ ledger: Ledger, _ range: Range<Int>, clients: Int) async throws {
    try await concurrently(range, clients: clients) { i in
        try await ledger.append(.allocate(Allocation(delivery: "D\(i)", account: "pool", amount: 500_000)))
    }
}

/// `operation` for every index of `range`, by `clients` concurrent tasks (client c takes every c-th index, in order).
func concurrently(_ range: Range<Int>, clients: Int, _ operation: @escaping @Sendable (Int) async throws -> Void) async throws {
    if clients == 1 {
        for i in range { try await operation(i) }
        return
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        for c in 0..<clients {
            group.addTask { for i in stride(from: range.lowerBound + c, to: range.upperBound, by: clients) { try await operation(i) } }
        }
        try await group.waitForAll()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// Rates of `a` and `b` (operations per second) over 0..<n, timed in alternating blocks of `block` (a first in
/// even blocks, b first in odd ones), so both see the same machine and the same disk. Why: timed one after the
/// other, the ratio moved with the disk's fsync latency from one minute to the next (0.38 to 0.83 on one build).
func interleaved(n: Int, block: Int = 100, _ a: @Sendable (Range<Int>) async throws -> Void, _ b: @Sendable (Range<Int>) async throws -> Void) async throws -> (a: Double, b: Double) {
    var timeA = Duration.zero, timeB = Duration.zero
    for (index, start) in stride(from: 0, to: n, by: block).enumerated() {
        let range = start..<min(n, start + block)
        if index % 2 == 0 {
            timeA += try await ContinuousClock().measure { try await a(range) }
            timeB += try await ContinuousClock().measure { try await b(range) }
        } else {
            timeB += try await ContinuousClock().measure { try await b(range) }
            timeA += try await ContinuousClock().measure { try await a(range) }
        }
    }
    return (Double(n) / timeA.seconds, Double(n) / timeB.seconds)
}

/// A SQLite file with the ledger's settings (WAL, synchronous=FULL) and an empty `raw` table.
func sqliteRawTable(path: String) async throws -> DatabasePool {
    let pool = try DatabasePool(path: path)
    // as SQLiteStore does: after GRDB's WAL set-up (which sets NORMAL), FULL on the writer connection
    let synchronous = try await pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = FULL")
        return try Int.fetchOne(db, sql: "PRAGMA synchronous")
    }
    precondition(synchronous == 2, "SQLite synchronous is not FULL")
    try await pool.write { db in try db.execute(sql: "CREATE TABLE raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
    return pool
}

/// Raw single-row inserts `range` into SQLite, one per transaction, by `clients` concurrent callers.
func sqliteRawInserts(_ pool: DatabasePool, _ range: Range<Int>, clients: Int) async throws {
    let payload = String(repeating: "x", count: 200)
    try await concurrently(range, clients: clients) { i in
        try await pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: "INSERT INTO raw (id, payload) VALUES (?, ?)", arguments: [i, payload])
                return .commit
            }
        }
    }
}

/// Raw single-row inserts `range` into PostgreSQL, one per transaction (BEGIN; INSERT; COMMIT), default durability,
/// by `clients` concurrent callers (each on a connection of its own from the pool).
func postgresRawInserts(_ client: PostgresClient, _ range: Range<Int>, clients: Int) async throws {
    let logger = Logger(label: "bench")
    let payload = String(repeating: "x", count: 200)
    try await concurrently(range, clients: clients) { i in
        try await client.withConnection { conn in
            try await conn.query("BEGIN", logger: logger)
            try await conn.query("INSERT INTO raw (id, payload) VALUES (\(i), \(payload))", logger: logger)
            try await conn.query("COMMIT", logger: logger)
        }
    }
}

/// Runs `body` with a client of `url` (its connection pool running meanwhile) and an empty `raw` table.
func withPostgresRawTable<T: Sendable>(url: String, _ body: (PostgresClient) async throws -> T) async throws -> T {
    let c = URLComponents(string: url)!
    let client = PostgresClient(configuration: .init(host: c.host!, port: c.port ?? 5432, username: c.user ?? "postgres",
                                                     password: c.password, database: String(c.path.dropFirst()), tls: .disable))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        try await client.query("DROP TABLE IF EXISTS raw", logger: Logger(label: "bench"))
        try await client.query("CREATE TABLE raw (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)", logger: Logger(label: "bench"))
        return try await body(client)
    }
}

/// The ledger still verifies after the allocations.
func checkVerifies(_ ledger: Ledger) async throws {
    let report = try await ledger.verify()
    precondition(report.isValid, "ledger does not verify after the benchmark: \(report)")
}

func row(_ engine: String, _ clients: Int, _ n: Int, _ alloc: Double, _ raw: Double) -> String {
    func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
    return pad(engine, 10) + pad("\(clients)", 9) + pad("\(n)", 8) + pad(String(format: "%.0f", alloc), 16) + pad(String(format: "%.0f", raw), 16) + pad(String(format: "%.3f", alloc / raw), 12)
}

/// A ledger whose pool account holds `credits` batches (one lot each, imported in one transaction), then the median
/// latency of 20 cold and 20 warm allocations from it (the rows a cold one read, at most), the time to import, and
/// the time and peak memory growth of a full verify.
func creditScaling(_ ledger: Ledger, credits: Int) async throws -> (importSeconds: Double, allocationMs: Double, warmMs: Double, rowsRead: Int, verifySeconds: Double, events: Int64) {
    let factor = try ConversionFactor("0.97")
    var events: [LedgerEvent] = [
        .initialize(Setup(company: "Bench", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry)),
        .addSite(Site(id: "s1", name: "Smelter")),
        .addProduct(Product(id: "cu", element: "Cu", form: "cathode", unit: .gram)),
        .openAccount(Account(id: "pool", site: "s1", product: "cu", factor: factor)),
    ]
    for i in 0..<credits {
        events.append(.receive(Receipt(lot: "L\(i)", site: "s1", supplier: "Collector", date: "2024-04-01", category: .postConsumer, elements: ["Cu": 1_000_000])))
        events.append(.issueCredit(CreditIssue(lot: "L\(i)", element: "Cu", account: "pool", factor: factor, factorSource: "bench", amount: 970_000, date: "2024-04-01")))
    }
    events += (0..<40).map { .deliver(Delivery(delivery: "D\($0)", customer: "C", site: "s1", product: "cu", mass: 1_000, date: "2024-04-20")) }
    let importStart = ContinuousClock.now
    try await ledger.append(events)
    let importSeconds = (ContinuousClock.now - importStart).seconds
    events = []
    // Cold: each allocation on a fresh read (the kept state forgotten first), as after another process wrote;
    // then warm: each continuing from the state the last one left (`AppendStateCache`).
    var cold: [Double] = [], warm: [Double] = []
    var rowsRead = 0
    for i in 0..<40 {
        if i < 20 { stateCache(of: ledger.store)?.forget() }
        let start = ContinuousClock.now
        try await ledger.append(.allocate(Allocation(delivery: "D\(i)", account: "pool", amount: 500)))
        let ms = (ContinuousClock.now - start).seconds * 1000
        if i < 20 {
            cold.append(ms)
            rowsRead = max(rowsRead, (ledger.store as? SQLiteStore)?.traffic.withLock { $0.lastRead } ?? (ledger.store as? PostgresStore)?.traffic.withLock { $0.lastRead } ?? -1)
        } else {
            warm.append(ms)
        }
    }
    // Above 100 000 credits the verify is left to the dedicated verify run (its own process, peak memory measured).
    guard credits <= 100_000 else { return (importSeconds, cold.sorted()[10], warm.sorted()[10], rowsRead, .nan, try await ledger.store.head().seq) }
    let verifyStart = ContinuousClock.now
    let report = try await ledger.verify()
    precondition(report.isValid, "ledger does not verify: \(report)")
    return (importSeconds, cold.sorted()[10], warm.sorted()[10], rowsRead, (ContinuousClock.now - verifyStart).seconds, report.events)
}

/// The store's kept state (`AppendStateCache`).
func stateCache(of store: any LedgerStore) -> AppendStateCache? {
    (store as? SQLiteStore)?.stateCache ?? (store as? PostgresStore)?.stateCache
}

/// Peak resident memory of this process so far, in MB (Linux `VmHWM`).
func peakMemoryMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

/// Lots as a lot import records them: one receipt event each, all in one append (one transaction).
func lotEvents(_ range: Range<Int>) -> [LedgerEvent] {
    range.map { .receive(Receipt(lot: "L\($0)", site: "s1", supplier: "Collector \($0 % 50)", date: "2024-04-01", category: .postConsumer,
                                 documents: ["BL-\($0)"], evidence: "assay A-\($0)", elements: ["Cu": 1_000_000 + Int64($0 % 1000)])) }
}

func setupEvents() throws -> [LedgerEvent] {
    [
        .initialize(Setup(company: "Bench", periodKind: .month, maxPeriodMonths: 3, carryOver: .carry)),
        .addSite(Site(id: "s1", name: "Smelter")),
        .addProduct(Product(id: "cu", element: "Cu", form: "cathode", unit: .gram)),
        .openAccount(Account(id: "pool", site: "s1", product: "cu", factor: try ConversionFactor("0.97"))),
    ]
}

/// Seconds to import `n` lots into a fresh ledger in one append.
func importLots(_ ledger: Ledger, n: Int) async throws -> Double {
    try await ledger.append(try setupEvents())
    let events = lotEvents(0..<n)
    let start = ContinuousClock.now
    try await ledger.append(events)
    return (ContinuousClock.now - start).seconds
}

/// A SQLite ledger for the verify benchmark: `lots` lots each received and credited to pool (appends of 50 000
/// events), then 1000 deliveries each with an allocation: 2 × lots + 2004 events.
func buildLedger(path: String, lots: Int) async throws -> Int64 {
    let store = try SQLiteStore(path: path)
    let ledger = Ledger(store: store, actor: "bench")
    try await ledger.append(try setupEvents())
    let factor = try ConversionFactor("0.97")
    var start = 0
    while start < lots {
        let end = min(lots, start + 25_000)
        var events = lotEvents(start..<end)
        events += (start..<end).map { .issueCredit(CreditIssue(lot: "L\($0)", element: "Cu", account: "pool", factor: factor, factorSource: "bench",
                                                               amount: factor.apply(to: 1_000_000 + Int64($0 % 1000)), date: "2024-04-01")) }
        try await ledger.append(events)
        start = end
    }
    try await ledger.append((0..<1000).map { .deliver(Delivery(delivery: "D\($0)", customer: "C\($0 % 10)", site: "s1", product: "cu", mass: 2_000_000, date: "2024-04-20")) })
    for i in 0..<1000 { try await ledger.append(.allocate(Allocation(delivery: "D\(i)", account: "pool", amount: 1_500_000))) }
    let head = try await store.head()
    try await store.close()
    return head.seq
}

let options = Options(CommandLine.arguments)
if let path = options.verifyPath {
    do {
        let store = try SQLiteStore(path: path, readOnly: true)
        let start = ContinuousClock.now
        let ledger = Ledger(store: store)
        let report = if let rows = options.memoryRows { try await ledger.verify(memoryRows: rows) } else { try await ledger.verify() }
        let seconds = (ContinuousClock.now - start).seconds
        guard report.isValid else { FileHandle.standardError.write(Data("verify failed: \(report)\n".utf8)); exit(1) }
        print(String(format: "verify: %lld events in %.1f s, peak RSS %.0f MB", report.events, seconds, peakMemoryMB()))
    } catch {
        FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
if let path = options.buildLedger {
    do {
        let start = ContinuousClock.now
        let events = try await buildLedger(path: path, lots: options.lots)
        print(String(format: "built %lld events in %.1f s", events, (ContinuousClock.now - start).seconds))
    } catch {
        FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
/// A new SQLite ledger at `sqlitePath` and, with --postgres, an emptied PostgreSQL one (a fresh schema per run: what
/// an earlier size left is dropped).
func freshEngines(sqlitePath: String) async throws -> [(String, any LedgerStore)] {
    try FileManager.default.createDirectory(atPath: options.dir, withIntermediateDirectories: true)
    var engines: [(String, any LedgerStore)] = [("sqlite", try SQLiteStore(path: sqlitePath))]
    if let url = options.postgres {
        let client = try await PostgresStore(url: url)
        try await client.dropForBenchmark()
        try await client.close()
        engines.append(("postgres", try await PostgresStore(url: url)))
    }
    for (_, store) in engines { stateCache(of: store)?.isEnabled = options.stateReuse }
    return engines
}
if let n = options.importLots {
    print("    engine      lots  import [s]  lots/s")
    do {
        let path = options.dir + "/bench-lots-\(UUID().uuidString).sqlite"
        for (name, store) in try await freshEngines(sqlitePath: path) {
            let seconds = try await importLots(Ledger(store: store, actor: "bench"), n: n)
            try await store.close()
            print(String(format: "%10@ %9d %11.1f %7.0f", name as NSString, n, seconds, Double(n) / seconds))
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    } catch {
        FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
if !options.credits.isEmpty {
    print("    engine   credits  import [s]  allocation median [ms]: cold  warm  rows read (cold)  verify [s]  events  peak RSS so far [MB]")
    for credits in options.credits {
        do {
            let path = options.dir + "/bench-credits-\(UUID().uuidString).sqlite"
            for (name, store) in try await freshEngines(sqlitePath: path) {
                let r = try await creditScaling(Ledger(store: store, actor: "bench"), credits: credits)
                try await store.close()
                print(String(format: "%10@ %9d %11.2f %29.1f %5.1f %18d %11.2f %7lld %21.0f", name as NSString, credits, r.importSeconds, r.allocationMs, r.warmMs, r.rowsRead, r.verifySeconds, r.events, peakMemoryMB()))
            }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        } catch {
            FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
            exit(1)
        }
    }
    exit(0)
}
var lines: [String] = []
do {
    let dir = URL(fileURLWithPath: options.dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let ledgerPath = dir.appendingPathComponent("bench-ledger-\(UUID().uuidString).sqlite").path
    let rawPath = dir.appendingPathComponent("bench-raw-\(UUID().uuidString).sqlite").path
    // Each engine fresh (`freshEngines`: a new SQLite file, an emptied PostgreSQL schema), the allocations timed
    // against the same engine's raw inserts.
    for (name, store) in try await freshEngines(sqlitePath: ledgerPath) {
        let ledger = Ledger(store: store, actor: "bench")
        // Deliveries for every run; run k allocates D<k·n> … and inserts raw ids from k·n on. The state the set-up
        // left is forgotten: each allocation then reads its delivery's row, as one made by another process would.
        try await prepare(ledger, n: options.n * options.clients.count)
        stateCache(of: store)?.forget()
        for (k, clients) in options.clients.enumerated() {
            let offset = k * options.n
            @Sendable func shifted(_ r: Range<Int>) -> Range<Int> { (r.lowerBound + offset)..<(r.upperBound + offset) }
            let rates: (a: Double, b: Double)
            if let url = options.postgres, store is PostgresStore {
                rates = try await withPostgresRawTable(url: url) { client in
                    try await interleaved(n: options.n, { try await allocate(ledger, shifted($0), clients: clients) },
                                          { try await postgresRawInserts(client, shifted($0), clients: clients) })
                }
            } else {
                let pool = try await sqliteRawTable(path: rawPath + "-\(clients)")
                rates = try await interleaved(n: options.n, { try await allocate(ledger, shifted($0), clients: clients) },
                                              { try await sqliteRawInserts(pool, shifted($0), clients: clients) })
                try pool.close()
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: rawPath + "-\(clients)" + suffix) }
            }
            lines.append(row(name, clients, options.n, rates.a, rates.b))
        }
        try await checkVerifies(ledger)
        try await store.close()
    }
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: ledgerPath + suffix) }
} catch {
    FileHandle.standardError.write(Data("benchmark failed: \(error)\n".utf8))
    exit(1)
}
print("    engine  clients       n   allocations/s  raw inserts/s  ratio a/r")
for line in lines { print(line) }
