import CirculaCore

/// A balance over consecutive periods (months of a fiscal year) in which processes hold stock: anode
/// stock, slimes and matte in process. Each period is a forward balance in which
///
/// - the opening stock of each process (the previous period's closing stock) is released into that
///   process, as sources that keep the lots it came from;
/// - the closing stock is held back from the process's input: a measured closing stock C (kg per element)
///   makes the process keep the fraction f = C / u of its input u (solved by fixed-point iteration, since
///   u depends on f through recycles); without a measurement, the model's `stock` row estimates it;
/// - so, per element, lots in + opening = out + closing, i.e. input = output + stock change.
///
/// Attribution through inventory is stated by `attribution`:
/// - **pro-rata** (the default): stock is taken as well mixed, so the closing stock has the by-lot
///   composition of everything that entered the process in the period (opening stock included);
/// - **first-in-first-out**: the opening stock leaves first, the closing stock is made of what entered in
///   the period (`StockRetention`); the masses are the same, only the lots that make up the stock differ.
/// The closing stock carries its lots into the next period. The first period's opening stock is of unknown
/// origin and counted as primary (never as recycled content).
///
/// ```swift
/// let periods = [InventoryBalance.Period(name: "2024-04", sources: april, closingStock: ["anode_refining": ["Cu": 2.1e6]])]
/// let result = try InventoryBalance(flowsheet: sheet, openingStock: ["anode_refining": ["Cu": 1.8e6]]).run(periods)
/// result.periods[0].stockChange(element: "Cu")   // kg, closing − opening
/// ```
public struct InventoryBalance: Sendable {
    public var flowsheet: Flowsheet
    public var options: BalanceOptions
    /// Stock held at the start of the first period, process id → element → kg (unknown origin, primary).
    public var openingStock: [String: [String: Double]]
    public var attribution: Attribution

    /// How recycled content is attributed through stock.
    public enum Attribution: String, Sendable, CaseIterable {
        /// Stock well mixed: it has the composition of everything that entered the process.
        case proRata = "pro-rata"
        /// What lay in stock leaves first; the closing stock is the period's newest input.
        case firstInFirstOut = "fifo"

        /// As printed with results.
        public var statement: String {
            switch self {
            case .proRata: "pro-rata (stock taken as well mixed)"
            case .firstInFirstOut: "first-in-first-out (opening stock leaves first; closing stock is the period's input)"
            }
        }
    }

    public init(flowsheet: Flowsheet, options: BalanceOptions = BalanceOptions(), openingStock: [String: [String: Double]] = [:],
                attribution: Attribution = .proRata) {
        self.flowsheet = flowsheet
        self.options = options
        self.openingStock = openingStock
        self.attribution = attribution
    }

    public struct Period: Sendable {
        public var name: String
        public var sources: [BalanceSource]
        /// Measured closing stock, process id → element → kg; others are estimated from the model's stock rows.
        public var closingStock: [String: [String: Double]]

        public init(name: String, sources: [BalanceSource], closingStock: [String: [String: Double]] = [:]) {
            self.name = name
            self.sources = sources
            self.closingStock = closingStock
        }
    }

    public struct PeriodResult: Sendable {
        public var name: String
        /// The period's forward balance; its sources are the lots and the released opening stock
        /// (ids `<lot>@stock:<process>`, or `opening@stock:<process>` for the first opening stock).
        public var result: BalanceResult
        /// Process id → element → kg.
        public var opening: [String: [String: Double]]
        public var closing: [String: [String: Double]]
        /// `process|element` keys whose closing stock was measured (the others are estimated).
        public var measured: Set<String>

        /// kg of `element` the period's lots brought in (released stock excluded).
        public func lotInput(element: String) -> Double {
            result.sources.filter { !$0.id.contains(InventoryBalance.stockMarker) }.reduce(0) { $0 + ($1.elementMass[element] ?? 0) }
        }
        public func output(element: String) -> Double { result.boundaryOutputs(element: element).values.reduce(0, +) }
        public func openingStock(element: String) -> Double { opening.values.reduce(0) { $0 + ($1[element] ?? 0) } }
        public func closingStock(element: String) -> Double { closing.values.reduce(0) { $0 + ($1[element] ?? 0) } }
        /// Closing − opening stock of `element` over all processes (kg).
        public func stockChange(element: String) -> Double { closingStock(element: element) - openingStock(element: element) }
        /// Recycled `element` in `stream`, the released stock's recycled lots included.
        public func recycledShare(stream: String, element: String) -> Double? { result.recycledShare(stream: stream, element: element) }
    }

    public struct Result: Sendable {
        public var periods: [PeriodResult]
        public var elements: [String]
        public var attribution: Attribution = .proRata

        /// Over all periods: lots in, out, stock change (last closing − first opening); in = out + change.
        public func total(element: String) -> (input: Double, output: Double, stockChange: Double) {
            let input = periods.reduce(0) { $0 + $1.lotInput(element: element) }
            let output = periods.reduce(0) { $0 + $1.output(element: element) }
            let change = (periods.last?.closingStock(element: element) ?? 0) - (periods.first?.openingStock(element: element) ?? 0)
            return (input, output, change)
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case balance(period: String, BalanceError)
        case unknownProcess(period: String, process: String)
        case stockExceedsInput(period: String, process: String, element: String, stock: Double, input: Double)
        case noRow(period: String, process: String, element: String)
        case noConvergence(period: String, process: String, element: String)
        case firstInFirstOutNoConvergence(period: String, process: String, element: String)

        public var description: String {
            switch self {
            case .balance(let period, let error): "period \(period): \(error)"
            case .unknownProcess(let period, let process): "period \(period): unknown process \"\(process)\" in the stock; expected a process id of the model"
            case .stockExceedsInput(let period, let process, let element, let stock, let input):
                "period \(period): closing stock of \(element) in \(process) (\(formatNumber(stock, decimals: 1)) kg) exceeds what entered it (\(formatNumber(input, decimals: 1)) kg); expected at most the input"
            case .noRow(let period, let process, let element):
                "period \(period): \(process) holds \(element) stock but the model has no \(element) row for it; expected a transfer-coefficient row"
            case .noConvergence(let period, let process, let element):
                "period \(period): the retained fraction of \(element) in \(process) did not settle (its own recycle returns most of it); check the measured stock"
            case .firstInFirstOutNoConvergence(let period, let process, let element):
                "period \(period): first-in-first-out fractions of \(element) stock in \(process) did not settle (its own recycle returns most of it); use --inventory-attribution pro-rata"
            }
        }
    }

    static let stockMarker = "@stock:"

    public func run(_ periods: [Period]) throws(Failure) -> Result {
        var opening = openingStock
        // Lot composition of each process's stock, carried between periods: process → lot key → element → kg.
        var carried: [String: [String: (source: BalanceSource, mass: [String: Double])]] = [:]
        for (process, masses) in openingStock {
            guard let p = flowsheet.index(of: process) else { throw .unknownProcess(period: periods.first?.name ?? "opening", process: process) }
            carried[process] = ["opening": (BalanceSource(id: "opening\(Self.stockMarker)\(process)", supplier: "opening stock", feed: "stock",
                                                        category: .primary, entry: p, elementMass: [:]), masses)]
        }
        var results: [PeriodResult] = []
        var elementsSeen: [String] = []
        for period in periods {
            var sources = period.sources
            var releasedAt: [Int: Int] = [:]
            for (process, lots) in carried.sorted(by: { $0.key < $1.key }) {
                guard let p = flowsheet.index(of: process) else { continue }
                for (key, item) in lots.sorted(by: { $0.key < $1.key }) where item.mass.values.contains(where: { $0 > 0 }) {
                    var source = item.source
                    source.id = key == "opening" ? item.source.id : "\(key)\(Self.stockMarker)\(process)"
                    source.entry = p
                    source.elementMass = item.mass.filter { $0.value > 0 }
                    releasedAt[sources.count] = p
                    sources.append(source)
                }
            }
            for process in period.closingStock.keys where flowsheet.index(of: process) == nil { throw .unknownProcess(period: period.name, process: process) }
            let elements = Array(Set(sources.flatMap { $0.elementMass.keys } + period.closingStock.values.flatMap(\.keys))).sorted()
            for e in elements where !elementsSeen.contains(e) { elementsSeen.append(e) }
            var (result, measured, sheet) = try balance(period, sources: sources, elements: elements)
            if attribution == .firstInFirstOut, !releasedAt.isEmpty {
                result = try firstInFirstOut(result, sheet: sheet, releasedAt: releasedAt, period: period.name)
            }
            // Closing stock per process and element, and by lot for the next period.
            var closing: [String: [String: Double]] = [:]
            var next: [String: [String: (source: BalanceSource, mass: [String: Double])]] = [:]
            for e in result.elements {
                guard let balance = result.balances[e] else { continue }
                for (p, process) in flowsheet.processes.enumerated() where balance.stockChanges[p] > 0 {
                    closing[process.id, default: [:]][e] = balance.stockChanges[p]
                    for (position, s) in balance.contributors.enumerated() {
                        let kg = balance.stockByContributor[position][p]
                        guard kg > 0 else { continue }
                        let source = result.sources[s]
                        let lot = source.id.components(separatedBy: Self.stockMarker).first ?? source.id
                        let key = source.id.hasPrefix("opening\(Self.stockMarker)") ? "opening" : lot
                        var item = next[process.id]?[key] ?? (source, [:])
                        item.mass[e, default: 0] += kg
                        if key == "opening" { item.source.id = source.id.hasSuffix(process.id) ? source.id : "opening\(Self.stockMarker)\(process.id)" }
                        next[process.id, default: [:]][key] = item
                    }
                }
            }
            results.append(PeriodResult(name: period.name, result: result, opening: opening, closing: closing, measured: measured))
            opening = closing
            carried = next
        }
        return Result(periods: results, elements: elementsSeen, attribution: attribution)
    }

    /// One period's balance with the measured closing stocks held back (fixed point on the retained fractions).
    /// Returns the balance, the measured `process|element` keys and the flowsheet with the retained fractions.
    func balance(_ period: Period, sources: [BalanceSource], elements: [String]) throws(Failure) -> (BalanceResult, Set<String>, Flowsheet) {
        var sheet = flowsheet
        var measured = Set<String>()
        var targets: [(p: Int, element: String, kg: Double)] = []
        for (process, masses) in period.closingStock {
            guard let p = flowsheet.index(of: process) else { throw .unknownProcess(period: period.name, process: process) }
            for (e, kg) in masses {
                guard flowsheet.processes[p].transferCoefficients[e] != nil else { throw .noRow(period: period.name, process: process, element: e) }
                targets.append((p, e, kg))
                measured.insert("\(process)|\(e)")
            }
        }
        func run(_ sheet: Flowsheet, elements: [String]) throws(Failure) -> BalanceResult {
            do { return try ForwardBalance(flowsheet: sheet, options: options).run(sources: sources, elements: elements) } catch {
                throw .balance(period: period.name, error)
            }
        }
        var result = try run(sheet, elements: elements)
        guard !targets.isEmpty else { return (result, measured, sheet) }
        // Only the measured elements' rows change, so only they are balanced again.
        let moving = elements.filter { e in targets.contains { $0.element == e } }
        for _ in 0..<200 {
            var worst = 0.0
            var overrides: [ModelOverride] = []
            for (p, e, kg) in targets {
                let input = result.balances[e]?.processInputs[p] ?? 0
                guard kg <= input * (1 + 1e-12) else {
                    throw .stockExceedsInput(period: period.name, process: flowsheet.processes[p].id, element: e, stock: kg, input: input)
                }
                let fraction = input > 0 ? min(kg / input, 1) : 0
                worst = max(worst, abs(fraction - sheet.processes[p].stockFraction(e)))
                overrides.append(ModelOverride(process: flowsheet.processes[p].id, layer: e, output: Process.stockKey, value: fraction,
                                               origin: SourceLocation(file: "stock")))
            }
            if worst < 1e-13 { return (result, measured, sheet) }
            do { sheet = try sheet.applying(overrides) } catch {
                throw .noRow(period: period.name, process: overrides.first?.process ?? "", element: overrides.first?.layer ?? "")
            }
            result.merge(try run(sheet, elements: moving))
        }
        let first = targets[0]
        throw .noConvergence(period: period.name, process: flowsheet.processes[first.p].id, element: first.element)
    }
}
