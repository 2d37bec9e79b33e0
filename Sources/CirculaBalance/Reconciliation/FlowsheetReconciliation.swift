import CirculaCore

/// Reconciles measurements of a flowsheet's flows: total mass and element layers, with node balances
/// per layer (and, optionally, the transfer coefficients as constraints), correlated errors, element
/// concentrations (bilinear), gross-error localisation and observability.
///
/// ```swift
/// let network = FlowNetwork(model.flowsheet)
/// let measurements = try MeasurementCSV.load(url, network: network)
/// let report = try FlowsheetReconciliation(network: network, measurements: measurements).run()
/// report.result.chiSquare
/// ```
public struct FlowsheetReconciliation: Sendable {
    public var network: FlowNetwork
    public var measurements: [FlowMeasurement]
    public var correlations: [Correlation]
    /// Also require element flows to follow the model's transfer coefficients (as in STAN with given TCs).
    public var useTransferCoefficients: Bool
    /// Transfer coefficients to estimate; each replaces the model's coefficient for its stream and element.
    public var unknownTransferCoefficients: [UnknownTransferCoefficient]
    /// Treat the coefficients of a process without a row for a reconciled element as unknowns to estimate.
    public var missingTransferCoefficientsAreUnknown: Bool
    /// Linear constraints of any coefficients beside the node balances (splitters, known totals).
    public var constraints: [LinearConstraint] = []
    /// How gross errors are eliminated; `chosen` holds measurement indices (into `measurements`, see `measurementIndex(_:)`).
    public var elimination: EliminationPolicy = .standard

    public init(network: FlowNetwork, measurements: [FlowMeasurement], correlations: [Correlation] = [], useTransferCoefficients: Bool = false,
                unknownTransferCoefficients: [UnknownTransferCoefficient] = [], missingTransferCoefficientsAreUnknown: Bool = false) {
        self.network = network
        self.measurements = measurements
        self.correlations = correlations
        self.useTransferCoefficients = useTransferCoefficients
        self.unknownTransferCoefficients = unknownTransferCoefficients
        self.missingTransferCoefficientsAreUnknown = missingTransferCoefficientsAreUnknown
    }

    /// One variable of the problem: a flow in a layer, or a measured concentration.
    public struct Variable: Sendable, Hashable {
        public var flow: String
        /// `mass`, an element symbol, or `Cu%` for a concentration.
        public var layer: String
        public var isConcentration: Bool
        public var name: String { "\(flow) [\(layer)]" }
    }

    public struct Report: Sendable {
        public var variables: [Variable]
        public var result: ReconciliationResult
        /// Per measurement (in input order): position in `result.measured`, or nil when it was eliminated.
        public var measurementPositions: [Int?]
        public var measurements: [FlowMeasurement]
        public var eliminated: [(measurement: FlowMeasurement, normalizedResidual: Double)]
        /// Normalised residuals of the first pass (all measurements), by measurement.
        public var initialNormalizedResiduals: [Double?]
        public var initialChiSquare: Double
        public var initialPValue: Double
        public var initialDegreesOfFreedom: Int
        /// Iterations of successive linearisation (0 for a linear problem).
        public var iterations: Int
        /// Flows whose reconciled element flows add up to more than their mass (assay closure Σ ≤ 100% violated).
        public var closureViolations: [String]
        /// Flows held at Σ elements = mass because the unconstrained reconciliation exceeded their mass (linear case).
        public var closureEnforced: [String]
        /// The first pass with every measurement (values, sd, χ², each measurement's statistic), always kept.
        public var initialResult: ReconciliationResult
        /// Per measurement: its position in `initialResult.measured`; nil for a constant (sd 0).
        public var initialPositions: [Int?]
        /// Serial elimination step by step, and why it stopped.
        public var steps: [EliminationStep]
        public var stop: EliminationStop

        /// Whether measurement `i` is a constant (sd 0): it enters as a constraint, not as a measurement.
        public func isConstant(_ i: Int) -> Bool { measurements[i].sd == 0 }
    }

    public enum Failure: Error, CustomStringConvertible {
        case linearAlgebra(String)
        case covarianceNotPositiveDefinite
        case bilinear(String)
        case unknownMeasurement(String, expected: String)

        public var description: String {
            switch self {
            case .linearAlgebra(let message): "reconciliation failed: \(message)"
            case .covarianceNotPositiveDefinite: "the correlations make the measurement covariance not positive definite; expected a consistent set of rho values"
            case .bilinear(let message): "bilinear reconciliation: \(message)"
            case .unknownMeasurement(let text, let expected): "no measurement \"\(text)\"; expected \(expected)"
            }
        }
    }

    /// Layers: mass first, then the elements the measurements name, in first-seen order.
    public var layers: [String] {
        // Total mass only when something measures it (a concentration needs it too).
        var seen: [String] = measurements.contains { if case .mass = $0.quantity { true } else if case .concentration = $0.quantity { true } else { false } } ? ["mass"] : []
        for m in measurements {
            switch m.quantity {
            case .mass: break
            case .elementFlow(let e), .concentration(let e), .transferCoefficient(let e): if !seen.contains(e) { seen.append(e) }
            }
        }
        for u in unknownTransferCoefficients where !seen.contains(u.element) { seen.append(u.element) }
        for c in constraints { for t in c.terms where !seen.contains(t.layer) { if t.layer == "mass" { seen.insert("mass", at: 0) } else { seen.append(t.layer) } } }
        return seen
    }

    /// The problem: variables, constraints, measurements and bilinear products.
    public func problem() -> (LinearProblem, [Variable], [BilinearReconciliation.Product], [Int]) {
        var variables: [Variable] = []
        var index: [String: Int] = [:]
        // Feed imports only for processes where one is measured or constrained (all of that process's feeds then).
        let named = Set(measurements.map(\.flow) + constraints.flatMap { $0.terms.map(\.flow) })
        let importedInto = Set(network.flows.filter { named.contains($0.id) }.compactMap(\.importOf))
        let usedFlows = network.flows.filter { flow in flow.importOf.map(importedInto.contains) ?? true }
        for layer in layers {
            for flow in usedFlows {
                index["\(flow.id)|\(layer)"] = variables.count
                variables.append(Variable(flow: flow.id, layer: layer, isConcentration: false))
            }
        }
        var products: [BilinearReconciliation.Product] = []
        var measuredIndex: [Int] = []
        for m in measurements {
            switch m.quantity {
            case .mass: measuredIndex.append(index["\(m.flow)|mass"]!)
            case .elementFlow(let e): measuredIndex.append(index["\(m.flow)|\(e)"]!)
            case .transferCoefficient:
                measuredIndex.append(-1)   // set below, once the auxiliary input variables exist
            case .concentration(let e):
                let c = variables.count
                variables.append(Variable(flow: m.flow, layer: "\(e)%", isConcentration: true))
                measuredIndex.append(c)
                products.append(.init(flow: index["\(m.flow)|\(e)"]!, mass: index["\(m.flow)|mass"]!, concentration: c))
            }
        }
        var rows: [(String, [(Int, Double)])] = []
        var rowRHS: [Int: Double] = [:]
        // Measured transfer coefficients: x_k = t_k · (input of the process), with the input as an
        // auxiliary variable tied to the inflows; that process's model row for the element is dropped.
        var measuredRows = Set<String>()
        var inputVariable: [String: Int] = [:]
        /// The variable t of x_flow = t · input for `flow` out of process p.
        func coefficientVariable(flow: String, process p: Int, element e: String) -> Int {
            let process = network.flowsheet.processes[p].id
            let key = "\(process)|\(e)"
            if inputVariable[key] == nil {
                inputVariable[key] = variables.count
                variables.append(Variable(flow: "\(process).input", layer: e, isConcentration: true))
                let inflows = network.flows.indices.filter { network.flows[$0].to == p }
                rows.append(("\(process).input [\(e)]", [(inputVariable[key]!, 1)] + inflows.map { (index["\(network.flows[$0].id)|\(e)"]!, -1) }))
            }
            let t = variables.count
            variables.append(Variable(flow: flow, layer: "tc:\(e)", isConcentration: true))
            products.append(.init(flow: index["\(flow)|\(e)"]!, mass: inputVariable[key]!, concentration: t))
            return t
        }
        for (i, m) in measurements.enumerated() {
            guard case .transferCoefficient(let e) = m.quantity, let k = network.index(of: m.flow), let p = network.flows[k].from else { continue }
            measuredRows.insert("\(network.flowsheet.processes[p].id)|\(e)")
            measuredIndex[i] = coefficientVariable(flow: m.flow, process: p, element: e)
        }
        // Unknown coefficients replace only their own stream's model row: the others still hold.
        var unknownRows = Set<String>()
        for u in transferCoefficientsToEstimate {
            guard let k = network.index(of: u.flow), let p = network.flows[k].from else { continue }
            unknownRows.insert("\(u.flow) = t·in [\(u.element)]")
            _ = coefficientVariable(flow: u.flow, process: p, element: u.element)
        }
        for layer in layers {
            for total in importedInto.sorted() {
                let parts = usedFlows.filter { $0.importOf == total }
                let name = network.flows[total].id
                guard let t = index["\(name)|\(layer)"] else { continue }
                rows.append(("\(name) = Σ feed imports [\(layer)]", [(t, 1)] + parts.compactMap { index["\($0.id)|\(layer)"].map { ($0, -1) } }))
            }
            for (process, terms) in network.nodeBalances() {
                rows.append(("\(process) [\(layer)]", terms.map { (index["\(network.flows[$0.0].id)|\(layer)"]!, $0.1) }))
            }
            if useTransferCoefficients, layer != "mass" {
                for (name, process, terms) in network.transferConstraints(layer: layer) where !measuredRows.contains("\(process)|\(layer)") && !unknownRows.contains(name) {
                    rows.append((name, terms.map { (index["\(network.flows[$0.0].id)|\(layer)"]!, $0.1) }))
                }
            }
        }
        for c in constraints {
            let terms = c.terms.compactMap { t in index["\(t.flow)|\(t.layer)"].map { ($0, t.coefficient) } }
            rowRHS[rows.count] = c.rhs
            rows.append(("\(c.name) (\(c.origin))", terms))
        }
        // Measured constants (sd 0) are constraints x = value, not measurements: nothing may correct them.
        let used = measurements.indices.filter { measurements[$0].sd > 0 }
        for (i, m) in measurements.enumerated() where m.sd == 0 {
            rowRHS[rows.count] = m.value
            rows.append(("\(variables[measuredIndex[i]].name) = \(m.value) (constant, \(m.origin))", [(measuredIndex[i], 1)]))
        }
        var a = Matrix(rows: rows.count, columns: variables.count)
        for (r, row) in rows.enumerated() { for (j, v) in row.1 { a[r, j] += v } }
        var v = Matrix.diagonal(used.map { measurements[$0].sd * measurements[$0].sd })
        let position = Dictionary(used.enumerated().map { (measurements[$1].key, $0) }, uniquingKeysWith: { a, _ in a })
        for c in correlations {
            guard let i = position[c.a], let j = position[c.b] else { continue }
            let cov = c.rho * measurements[used[i]].sd * measurements[used[j]].sd
            v[i, j] = cov
            v[j, i] = cov
        }
        let problem = LinearProblem(variables: variables.map(\.name), constraints: a, constraintNames: rows.map(\.0),
                                    rhs: rows.indices.map { rowRHS[$0] ?? 0 },
                                    measured: used.map { measuredIndex[$0] }, values: used.map { measurements[$0].value }, covariance: v)
        return (problem, variables, products, measuredIndex)
    }

    public func run() throws(Failure) -> Report {
        let (problem, variables, products, measuredIndex) = problem()
        do { _ = try LAPACK.solveSPD(problem.covariance, Matrix(rows: problem.covariance.rows, columns: 0)) } catch {
            throw .covarianceNotPositiveDefinite
        }
        let initialPositions = positions(measuredIndex, problem.measured)
        var policy = elimination
        policy.chosen = elimination.chosen.compactMap { $0 < initialPositions.count ? initialPositions[$0] : nil }
        if !products.isEmpty {
            let outcome: GrossErrorDetection.BilinearOutcome
            do { outcome = try GrossErrorDetection.serialElimination(problem, products: products, policy: policy) } catch { throw .bilinear(error.description) }
            let first = outcome.initial.result, r = outcome.final.result
            return Report(variables: variables, result: r, measurementPositions: positions(measuredIndex, r.measured), measurements: measurements,
                          eliminated: eliminatedMeasurements(problem, outcome.eliminated),
                          initialNormalizedResiduals: initialPositions.map { $0.flatMap { first.normalizedResiduals[$0] } },
                          initialChiSquare: first.chiSquare, initialPValue: first.pValue, initialDegreesOfFreedom: first.degreesOfFreedom,
                          iterations: outcome.final.iterations, closureViolations: closureViolations(r, variables), closureEnforced: [],
                          initialResult: first, initialPositions: initialPositions, steps: outcome.steps, stop: outcome.stop)
        }
        // Assay closure Σ elements ≤ mass as an active set: a flow whose reconciled elements exceed its
        // mass gets the equality Σ elements = mass, and the reconciliation is repeated.
        var constrained = problem
        var enforced: [String] = []
        var outcome: GrossErrorDetection.Outcome
        while true {
            do { outcome = try GrossErrorDetection.serialElimination(constrained, policy: policy) } catch { throw .linearAlgebra(error.description) }
            let violations = closureViolations(outcome.final, variables).filter { !enforced.contains($0) }
            if violations.isEmpty { break }
            enforced += violations
            constrained = problem.addingRows(enforced.map { flow in
                (name: "\(flow): Σ elements ≤ mass", terms: variables.indices.compactMap { j -> (Int, Double)? in
                    let v = variables[j]
                    guard v.flow == flow, !v.isConcentration else { return nil }
                    return (j, v.layer == "mass" ? -1 : 1)
                })
            })
        }
        let final = outcome.final, first = outcome.initial
        return Report(variables: variables, result: final, measurementPositions: positions(measuredIndex, final.measured), measurements: measurements,
                      eliminated: eliminatedMeasurements(problem, outcome.eliminated),
                      initialNormalizedResiduals: initialPositions.map { $0.flatMap { first.normalizedResiduals[$0] } },
                      initialChiSquare: first.chiSquare, initialPValue: first.pValue,
                      initialDegreesOfFreedom: first.degreesOfFreedom, iterations: 0,
                      closureViolations: closureViolations(final, variables), closureEnforced: enforced,
                      initialResult: first, initialPositions: initialPositions, steps: outcome.steps, stop: outcome.stop)
    }

    /// Per measurement (input order): its position among `measured` (a result's measured variables), nil
    /// when it is not there (eliminated, or a constant).
    func positions(_ measuredIndex: [Int], _ measured: [Int]) -> [Int?] {
        let position = Dictionary(uniqueKeysWithValues: measured.enumerated().map { ($1, $0) })
        return measurements.indices.map { measurements[$0].sd > 0 ? position[measuredIndex[$0]] : nil }
    }

    /// Index into `measurements` of `text`: a key `stream:quantity` (`converting.blister:Cu`), or a stream
    /// measured once. For `--eliminate`.
    public func measurementIndex(_ text: String) throws(Failure) -> Int {
        if let i = measurements.firstIndex(where: { $0.key == text }) { return i }
        let matches = measurements.indices.filter { measurements[$0].flow == text }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            throw .unknownMeasurement(text, expected: "stream:quantity, as it is measured \(matches.count) times (\(matches.map { measurements[$0].key }.joined(separator: ", ")))")
        }
        throw .unknownMeasurement(text, expected: "stream:quantity of a row of the measurements file (e.g. \(measurements.first?.key ?? "P.o1:Cu"))")
    }

    func eliminatedMeasurements(_ problem: LinearProblem, _ eliminated: [(variable: String, normalizedResidual: Double)]) -> [(measurement: FlowMeasurement, normalizedResidual: Double)] {
        let byVariable = Dictionary(problem.measured.enumerated().map { (problem.variables[$1], $0) }, uniquingKeysWith: { a, _ in a })
        let used = measurements.filter { $0.sd > 0 }
        return eliminated.compactMap { item in byVariable[item.variable].map { (used[$0], item.normalizedResidual) } }
    }

    func closureViolations(_ r: ReconciliationResult, _ variables: [Variable]) -> [String] {
        var mass: [String: Double] = [:], elements: [String: Double] = [:]
        for (j, variable) in variables.enumerated() where !variable.isConcentration {
            guard let x = r.estimates[j] else { continue }
            if variable.layer == "mass" { mass[variable.flow] = x } else { elements[variable.flow, default: 0] += x }
        }
        return network.flows.map(\.id).filter { flow in
            guard let m = mass[flow], let e = elements[flow] else { return false }
            return e > m * (1 + 1e-9) + 1e-9
        }
    }
}
