import CirculaCore

/// The forward balance of a flowsheet for one period: every element in every stream.
///
/// For element e, let u be the vector of e entering each process and b what the lots bring in.
/// Each process q sends the fraction t[q,e,k]·share of its input down stream k, so
/// u = M u + b with M[p,q] = Σ over streams q→p of t·share, and (I − M) u = b is solved exactly by
/// sparse LU (UMFPACK), once per element, with one right-hand side per lot (attribution by linearity).
/// Unknowns are process inputs rather than streams: the same system eliminated to one row per process,
/// smaller and with the same sparsity; stream flows follow as t·share·u.
///
/// ```swift
/// let model = try ModelFile.bundledDefault()
/// let lots = try LotCSV.load(Resources.url("sample-lots.csv"))
/// let result = try ForwardBalance(flowsheet: model.flowsheet).run(lots: lots)
/// result.flow(stream: "electrorefining.cathode", element: "Cu")   // kg
/// ```
public struct ForwardBalance: Sendable {
    public var flowsheet: Flowsheet
    public var options: BalanceOptions

    public init(flowsheet: Flowsheet, options: BalanceOptions = BalanceOptions()) {
        self.flowsheet = flowsheet
        self.options = options
    }

    public func run(lots: [Lot], progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(BalanceError) -> BalanceResult {
        try run(sources: BalanceSource.from(lots, flowsheet: flowsheet), progress: progress)
    }

    /// Balances every element any source carries, in atomic-number order when the symbols are elements.
    /// `progress` is called after each element (for a progress bar in the CLI; libraries never print).
    /// `retention` replaces the model's stock fractions per contributor (first-in-first-out through inventory).
    public func run(sources: [BalanceSource], elements: [String]? = nil, retention: StockRetention? = nil,
                    progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(BalanceError) -> BalanceResult {
        let table = PeriodicTable.standard
        let carried = Set(sources.flatMap { $0.elementMass.keys })
        let ordered = elements ?? carried.sorted { a, b in
            let za = (try? table.element(a))?.z ?? Int.max, zb = (try? table.element(b))?.z ?? Int.max
            return za == zb ? a < b : za < zb
        }
        let streams = flowsheet.streams
        var balances: [String: ElementBalance] = [:]
        var warnings: [BalanceWarning] = []
        for (done, element) in ordered.enumerated() {
            let (balance, notes) = try balanceElement(element, sources: sources, streams: streams, retention: retention)
            balances[element] = balance
            warnings += notes
            progress?(done + 1, ordered.count)
        }
        return BalanceResult(flowsheet: flowsheet, streams: streams, sources: sources, elements: ordered,
                             balances: balances, warnings: warnings)
    }

    func balanceElement(_ element: String, sources: [BalanceSource], streams: [Stream], retention: StockRetention? = nil) throws(BalanceError)
        -> (ElementBalance, [BalanceWarning]) {
        let processes = flowsheet.processes
        let n = processes.count
        let indexOf = Dictionary(uniqueKeysWithValues: processes.enumerated().map { ($1.id, $0) })
        // Coefficient of each stream for this element: t[from, output] · share (nil row = unknown).
        let rows: [[String: Double]?] = processes.map { $0.transferCoefficients[element] }
        let streamFrom = streams.map { indexOf[$0.from]! }
        let streamTo: [Int?] = streams.map { if case .process(let id) = $0.to { indexOf[id] } else { nil } }
        let coefficient: [Double] = streams.indices.map { k in
            (rows[streamFrom[k]]?[streams[k].output] ?? 0) * streams[k].share
        }

        var inputs = [Double](repeating: 0, count: n)
        let contributors = sources.indices.filter { (sources[$0].elementMass[element] ?? 0) > 0 }
        for s in contributors { inputs[sources[s].entry] += sources[s].elementMass[element]! }

        // Processes the element reaches, following streams that carry a positive share of it.
        var reached = [Bool](repeating: false, count: n)
        var queue = (0..<n).filter { inputs[$0] > 0 }
        for p in queue { reached[p] = true }
        var warnings: [BalanceWarning] = []
        var unmodelled = Set<Int>()
        while let p = queue.popLast() {
            if rows[p] == nil {
                switch options.missingCoefficients {
                case .fail: throw .missingCoefficients(process: processes[p].id, element: element)
                case .retainAsStock: unmodelled.insert(p); continue
                }
            }
            for k in streams.indices where streamFrom[k] == p && coefficient[k] > 0 {
                if let q = streamTo[k], !reached[q] { reached[q] = true; queue.append(q) }
            }
        }
        try checkLoopsHaveExits(element: element, reached: reached, streamFrom: streamFrom, streamTo: streamTo, coefficient: coefficient)

        // (I − M) restricted to the reached processes.
        let active = (0..<n).filter { reached[$0] }
        var position = [Int](repeating: -1, count: n)
        for (i, p) in active.enumerated() { position[p] = i }
        let retained = (retention?.fractions[element] ?? [:]).filter { rows[$0.key] != nil && !unmodelled.contains($0.key) }
        // Contributors share one system unless first-in-first-out retention gives the opening stock of a
        // process its own fraction there: one group (and one factorisation) per such process, −1 for the rest.
        func group(_ s: Int) -> Int {
            guard let p = retention?.releasedAt[s], retained[p] != nil else { return -1 }
            return p
        }
        // Stream coefficients of a group: at a retaining process, the row's outputs scaled to 1 − f.
        func coefficients(group g: Int) -> (streams: [Double], stock: [Int: Double]) {
            guard !retained.isEmpty else { return (coefficient, [:]) }
            var scaled = coefficient
            var stock: [Int: Double] = [:]
            var outflow = [Double](repeating: 0, count: n)
            for k in streams.indices { outflow[streamFrom[k]] += coefficient[k] }
            for (p, f) in retained {
                let fraction = p == g ? f.old : f.new
                stock[p] = fraction
                for k in streams.indices where streamFrom[k] == p {
                    scaled[k] = outflow[p] > 0 ? coefficient[k] / outflow[p] * (1 - fraction) : 0
                }
            }
            return (scaled, stock)
        }
        func factorise(_ c: [Double]) throws(BalanceError) -> SparseLU {
            var triplets = active.indices.map { ($0, $0, 1.0) }
            for k in streams.indices {
                guard let q = streamTo[k], reached[q], reached[streamFrom[k]], c[k] > 0 else { continue }
                triplets.append((position[q], position[streamFrom[k]], -c[k]))
            }
            do { return try SparseLU(SparseMatrix(rows: active.count, columns: active.count, triplets: triplets)) } catch {
                throw .solver(element: element, message: "\(error) (processes \(active.map { processes[$0].id }.joined(separator: ", ")))")
            }
        }
        var systems: [Int: (lu: SparseLU, streams: [Double], stock: [Int: Double])] = [:]

        var flowsBy: [[Double]] = []
        var stockBy: [[Double]] = []
        for s in contributors {
            let g = group(s)
            if systems[g] == nil {
                let c = coefficients(group: g)
                systems[g] = (try factorise(c.streams), c.streams, c.stock)
            }
            let system = systems[g]!
            var rhs = [Double](repeating: 0, count: active.count)
            rhs[position[sources[s].entry]] = sources[s].elementMass[element]!
            let solution: [Double]
            do { solution = try system.lu.solve(rhs) } catch { throw .solver(element: element, message: "\(error)") }
            var u = [Double](repeating: 0, count: n)
            for (i, p) in active.enumerated() { u[p] = solution[i] }
            flowsBy.append(streams.indices.map { system.streams[$0] * u[streamFrom[$0]] })
            stockBy.append((0..<n).map { p in
                unmodelled.contains(p) ? u[p] : (system.stock[p] ?? processes[p].stockFraction(element)) * u[p]
            })
        }
        let streamFlows = sumColumns(flowsBy, count: streams.count)
        let stock = sumColumns(stockBy, count: n)
        var processInputs = inputs
        for k in streams.indices { if let q = streamTo[k] { processInputs[q] += streamFlows[k] } }
        for p in unmodelled.sorted() { warnings.append(BalanceWarning(process: processes[p].id, element: element, mass: stock[p])) }

        let balance = ElementBalance(element: element, contributors: contributors, streamFlowByContributor: flowsBy,
                                     stockByContributor: stockBy, streamFlows: streamFlows, inputs: inputs,
                                     processInputs: processInputs, stockChanges: stock)
        let totalIn = balance.totalInput
        let out = streams.indices.filter { streamTo[$0] == nil }.reduce(0.0) { $0 + streamFlows[$1] }
        if abs(totalIn - out - balance.totalStockChange) > options.closureTolerance * max(totalIn, .leastNormalMagnitude) {
            throw .closure(element: element, input: totalIn, output: out, stock: balance.totalStockChange)
        }
        return (balance, warnings)
    }

    /// A set of processes the element can circulate in but never leave makes I − M singular:
    /// find the strongly connected components and name any that has no way out.
    func checkLoopsHaveExits(element: String, reached: [Bool], streamFrom: [Int], streamTo: [Int?], coefficient: [Double]) throws(BalanceError) {
        let n = reached.count
        var successors = [[Int]](repeating: [], count: n)
        for k in streamFrom.indices where coefficient[k] > 0 {
            if let q = streamTo[k], reached[streamFrom[k]] { successors[streamFrom[k]].append(q) }
        }
        for component in StronglyConnected.components(successors: successors) where component.allSatisfy({ reached[$0] }) {
            let members = Set(component)
            let isLoop = component.count > 1 || successors[component[0]].contains(component[0])
            guard isLoop else { continue }
            // Fraction of each member's input that stays in the component.
            var kept = [Int: Double]()
            for k in streamFrom.indices where members.contains(streamFrom[k]) {
                if let q = streamTo[k], members.contains(q) { kept[streamFrom[k], default: 0] += coefficient[k] }
            }
            if component.allSatisfy({ abs((kept[$0] ?? 0) - 1) <= 1e-12 }) {
                throw .closedLoop(element: element, processes: component.sorted().map { flowsheet.processes[$0].id })
            }
        }
    }

    func sumColumns(_ rows: [[Double]], count: Int) -> [Double] {
        var total = [Double](repeating: 0, count: count)
        for row in rows { for i in 0..<count { total[i] += row[i] } }
        return total
    }
}
