import ArgumentParser
import CirculaBalance
import CirculaCore
import CirculaWorkspace
import Foundation

extension BalanceCommand {
    /// `--measurements`: reconcile the measured flows over the model's node balances.
    /// Needs only the model's flowsheet: no lots, and processes without transfer-coefficient rows are fine
    /// unless `--use-transfer-coefficients` asks for them.
    func reconcile(modelFile: ModelFile, measurementsPath: String) throws {
        let started = Date()
        let outcome: ReconcileOutcome
        do {
            outcome = try Workspace.reconcile(ReconcileRequest(measurements: measurementsPath, constraints: constraintsFile, correlations: correlations,
                                                              useTransferCoefficients: useTransferCoefficients,
                                                              estimateMissingCoefficients: estimateMissingCoefficients,
                                                              tieTolerance: tieTolerance, automaticElimination: !noElimination, eliminate: eliminate),
                                             modelFile: modelFile)
        } catch let error as InputErrors { throw fail(error) } catch let error as WorkspaceError { throw fail(error) } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let report = outcome.report
        let elapsed = Date().timeIntervalSince(started)
        let r = report.result
        let rows = measurementRows(report)
        let firstRows = firstPassRows(report)
        switch output.format {
        case .json:
            print(try jsonString(ReconciliationJSON(report, rows: rows, firstPass: firstRows, unknowns: unknownRows(report))))
        case .csv:
            var table = TextTable(["stream", "quantity", "unit", "measured", "sd", "reconciled", "reconciled_sd", "normalized_residual", "status"])
            for row in rows { table.add([row.stream, row.quantity, row.unit, plain(row.measured), plain(row.sd), plain(row.reconciled), plain(row.reconciledSD), plain(row.normalized), row.status]) }
            for row in unknownRows(report) { table.add([row.stream, row.layer, row.unit, "", "", plain(row.estimate), plain(row.sd), "", row.estimate == nil ? "unobservable" : "observable"]) }
            print(table.csv())
        case .table:
            let constraints = (useTransferCoefficients ? "node balances and transfer coefficients" : "node balances")
                + (outcome.constraintCount == 0 ? "" : " and \(outcome.constraintCount) linear constraint\(outcome.constraintCount == 1 ? "" : "s")")
            print("Reconciliation of \(outcome.measurementCount) measurements (\(measurementsPath)\(outcome.correlationCount == 0 ? "" : ", \(outcome.correlationCount) correlations")) over \(constraints) of \(modelFile.file); flows in t")
            if report.iterations > 0 { print("Bilinear: successive linearisation converged in \(report.iterations) iterations") }
            let first = report.initialResult
            print("Global test (all measurements): \(globalTest(first, quantile: true))")
            if first.verdict == .notTestable { print(notTestableReason) }
            if !report.steps.isEmpty || report.stop != .accepted && report.stop != .notTestable {
                print("\nFirst pass (all measurements):")
                print(measurementTable(firstRows).render())
                print("\nSerial elimination (|normalised residual| > \(formatNumber(GrossErrorDetection.defaultThreshold, decimals: 2)); "
                      + "statistics equal within \(String(format: "%.0e", tieTolerance)) relative are indistinguishable and none of them is dropped):")
                for (n, step) in report.steps.enumerated() {
                    let candidates = step.candidates.prefix(6).map { "\(label($0.variable)) \(formatNumber($0.normalizedResidual, decimals: 2))" }.joined(separator: ", ")
                    switch step.action {
                    case .eliminated(let v):
                        print("  step \(n + 1): eliminated \(label(v)) (largest of: \(candidates)); then \(globalTest(step))")
                    case .chosen(let v):
                        print("  step \(n + 1): eliminated \(label(v)) (chosen with --eliminate; candidates were: \(candidates.isEmpty ? "none" : candidates)); then \(globalTest(step))")
                    case .indistinguishable(let names):
                        print("  step \(n + 1): indistinguishable: \(names.map(label).joined(separator: ", ")) (candidates: \(candidates)); none eliminated")
                    }
                }
                print("  stopped: \(stopText(report.stop))")
                if case .indistinguishable(let names) = report.stop {
                    print("  choose with --eliminate \(names.map(key).joined(separator: " or --eliminate ")), or keep all with --no-elimination")
                }
                if !report.eliminated.isEmpty {
                    print("Gross errors localised by serial elimination:")
                    for (m, nr) in report.eliminated { print("  \(m.flow) \(m.quantity) (\(m.origin)): normalised residual \(formatNumber(nr, decimals: 2))") }
                    print("Global test after elimination: \(globalTest(r, quantile: false))")
                }
                print("\nFinal reconciliation:")
            } else {
                print("Nothing eliminated: the table is the first pass.")
            }
            print()
            print(measurementTable(rows).render())
            let unknowns = unknownRows(report)
            let observable = unknowns.filter { $0.estimate != nil && !$0.determined }
            let determined = unknowns.filter(\.determined)
            let unobservable = unknowns.filter { $0.estimate == nil }
            if !observable.isEmpty {
                print("\nUnmeasured, computed from the reconciled values (observable):")
                var t = TextTable(["stream", "layer", "estimate", "sd"], rightAligned: [2, 3])
                for row in observable { t.add([row.stream, "\(row.layer) [\(row.unit)]", fmt(row.estimate), fmt(row.sd)]) }
                print(t.render())
            }
            if !determined.isEmpty {
                print("\nDetermined by the constraints alone (no uncertainty: fixed by the model's coefficients or by constants), not estimated from the measurements:")
                var t = TextTable(["stream", "layer", "value"], rightAligned: [2])
                for row in determined { t.add([row.stream, "\(row.layer) [\(row.unit)]", fmt(row.estimate)]) }
                print(t.render())
            }
            if !unobservable.isEmpty {
                let names = unobservable.map { "\($0.stream) [\($0.layer)]" }
                print("\nUnobservable (\(names.count)): \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", ..." : "")")
            }
            let imbalances = r.constraintNames.indices.filter { !r.imbalanceBefore[$0].isNaN && abs(r.imbalanceBefore[$0]) > 1e-9 }
            let undefined = r.constraintNames.indices.filter { r.imbalanceBefore[$0].isNaN }
            if !imbalances.isEmpty {
                print("\nNode imbalances [t] (unknowns at their estimates):")
                var t = TextTable(["constraint", "before", "after"], rightAligned: [1, 2])
                for i in imbalances { t.add([r.constraintNames[i], formatNumber(r.imbalanceBefore[i] / 1000, decimals: 3), formatNumber(r.imbalanceAfter[i] / 1000, decimals: 6)]) }
                print(t.render())
            }
            if !undefined.isEmpty { print("\n\(undefined.count) constraints involve unobservable flows (no imbalance defined).") }
            if !r.fixedAtZero.isEmpty { print("\nKept non-negative (fixed at 0): \(r.fixedAtZero.joined(separator: ", "))") }
            if !report.closureEnforced.isEmpty { print("\nHeld at assay closure (Σ elements = mass): \(report.closureEnforced.joined(separator: ", "))") }
            if !report.closureViolations.isEmpty { print("\nAssay closure violated (elements > mass): \(report.closureViolations.joined(separator: ", "))") }
            if elapsed > 1 { print("\n(reconciled in \(formatNumber(elapsed, decimals: 1)) s)") }
        }
    }

    var notTestableReason: String {
        "  not testable: no measurement is redundant (every one is needed to close the balances), so the data cannot contradict "
            + "the constraints; χ² = 0 says nothing. Add measurements\(useTransferCoefficients ? "" : " or constraints (--use-transfer-coefficients)")."
    }

    func globalTest(_ r: ReconciliationResult, quantile: Bool) -> String {
        let q = quantile && r.degreesOfFreedom > 0 ? " (95% quantile \(formatNumber(ChiSquare.quantile95(degreesOfFreedom: r.degreesOfFreedom), decimals: 3)))" : ""
        return "χ² = \(formatNumber(r.chiSquare, decimals: 3)), \(r.degreesOfFreedom) degrees of freedom, p = \(String(format: "%.3g", r.pValue))\(q): \(r.verdict)"
    }

    func globalTest(_ step: EliminationStep) -> String {
        let verdict = step.degreesOfFreedom == 0 ? "not testable" : (step.pValue >= ReconciliationResult.significance ? "accepted" : "rejected")
        return "χ² = \(formatNumber(step.chiSquare, decimals: 3)), \(step.degreesOfFreedom) dof, p = \(String(format: "%.3g", step.pValue)): \(verdict)"
    }

    func stopText(_ stop: EliminationStop) -> String {
        if case .indistinguishable(let names) = stop { return "indistinguishable: \(names.map(label).joined(separator: ", ")) (none eliminated)" }
        return stop.description
    }

    /// `converting.blister [Cu]` → `converting.blister Cu`.
    func label(_ variable: String) -> String {
        variable.replacingOccurrences(of: " [mass]", with: " mass").replacingOccurrences(of: " [", with: " ").replacingOccurrences(of: "]", with: "")
    }

    /// The `--eliminate` key of a variable: `converting.blister [Cu]` → `converting.blister:Cu`.
    func key(_ variable: String) -> String {
        variable.replacingOccurrences(of: " [", with: ":").replacingOccurrences(of: "]", with: "")
    }

    func measurementTable(_ rows: [MeasurementRow]) -> TextTable {
        var table = TextTable(["stream", "quantity", "measured", "sd", "reconciled", "sd", "norm. residual", "status"], rightAligned: [2, 3, 4, 5, 6])
        for row in rows {
            table.add([row.stream, "\(row.quantity) [\(row.unit)]", fmt(row.measured), fmt(row.sd), fmt(row.reconciled), fmt(row.reconciledSD),
                       row.normalized.map { formatNumber($0, decimals: 2) } ?? "-", row.status])
        }
        return table
    }

    struct MeasurementRow: Encodable {
        var stream, quantity, unit: String
        /// Display unit per kg (or per fraction); not encoded.
        var scale: Double = 1
        var measured, sd: Double
        var reconciled, reconciledSD, normalized: Double?
        var redundant: Bool
        var status: String

        enum CodingKeys: String, CodingKey { case stream, quantity, unit, measured, sd, reconciled, reconciled_sd, normalized_residual, redundant, status }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(stream, forKey: .stream); try c.encode(quantity, forKey: .quantity); try c.encode(unit, forKey: .unit)
            try c.encode(measured, forKey: .measured); try c.encode(sd, forKey: .sd); try c.encode(reconciled, forKey: .reconciled)
            try c.encode(reconciledSD, forKey: .reconciled_sd); try c.encode(normalized, forKey: .normalized_residual)
            try c.encode(redundant, forKey: .redundant); try c.encode(status, forKey: .status)
        }
    }

    struct UnknownRow: Encodable {
        var stream, layer, unit: String
        var estimate, sd: Double?
        /// Fixed by the constraints alone (sd 0), not estimated from the measurements.
        var determined = false

        enum CodingKeys: String, CodingKey { case stream, layer, unit, estimate, sd, determined }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(stream, forKey: .stream); try c.encode(layer, forKey: .layer); try c.encode(unit, forKey: .unit)
            try c.encode(estimate, forKey: .estimate); try c.encode(sd, forKey: .sd)   // null when unobservable
            try c.encode(determined, forKey: .determined)
        }
    }

    /// Measured values in display units: t for flows, % for concentrations (final reconciliation).
    func measurementRows(_ report: FlowsheetReconciliation.Report) -> [MeasurementRow] {
        rows(report, result: report.result, positions: report.measurementPositions, stop: report.stop)
    }

    /// The first pass, with every measurement.
    func firstPassRows(_ report: FlowsheetReconciliation.Report) -> [MeasurementRow] {
        rows(report, result: report.initialResult, positions: report.initialPositions, stop: nil)
    }

    func rows(_ report: FlowsheetReconciliation.Report, result r: ReconciliationResult, positions: [Int?], stop: EliminationStop?) -> [MeasurementRow] {
        let eliminated = Set(report.eliminated.map(\.measurement.key))
        var tied = Set<String>()
        if case .indistinguishable(let names) = stop { tied = Set(names) }
        return report.measurements.enumerated().map { i, m in
            let (unit, scale): (String, Double) = switch m.quantity {
            case .concentration: ("%", 100)
            case .transferCoefficient: ("fraction", 1)
            default: ("t", 0.001)
            }
            let quantity: String = switch m.quantity {
            case .mass: "mass"
            case .elementFlow(let e): e
            case .concentration(let e): e
            case .transferCoefficient(let e): "tc:\(e)"
            }
            if report.isConstant(i) {
                return MeasurementRow(stream: m.flow, quantity: quantity, unit: unit, scale: scale, measured: m.value * scale, sd: 0,
                                      reconciled: m.value * scale, reconciledSD: 0, normalized: nil, redundant: false, status: "constant")
            }
            guard let position = positions[i] else {
                return MeasurementRow(stream: m.flow, quantity: quantity, unit: unit, scale: scale, measured: m.value * scale, sd: m.sd * scale,
                                      reconciled: nil, reconciledSD: nil, normalized: report.initialNormalizedResiduals[i], redundant: true,
                                      status: eliminated.contains(m.key) ? "gross error (eliminated)" : "eliminated")
            }
            let j = r.measured[position]
            let normalized = r.normalizedResiduals[position]
            let status = !r.redundant[position] ? "not redundant"
                : tied.contains(r.variables[j]) ? "indistinguishable" : (r.isSuspect(position) ? "suspect" : "ok")
            return MeasurementRow(stream: m.flow, quantity: quantity, unit: unit, scale: scale, measured: m.value * scale, sd: m.sd * scale,
                                  reconciled: r.estimates[j].map { $0 * scale }, reconciledSD: r.standardDeviations[j].map { $0 * scale },
                                  normalized: normalized, redundant: r.redundant[position], status: status)
        }
    }

    /// Unmeasured flows of the measured layers (eliminated measurements included).
    func unknownRows(_ report: FlowsheetReconciliation.Report) -> [UnknownRow] {
        let r = report.result
        let measured = Set(r.measured)
        // Flows in t; unknown transfer coefficients (layer tc:Cu) as fractions.
        return report.variables.indices.filter { !measured.contains($0) && (!report.variables[$0].isConcentration || report.variables[$0].layer.hasPrefix("tc:")) }.map { j in
            let scale = report.variables[j].isConcentration ? 1.0 : 1000
            return UnknownRow(stream: report.variables[j].flow, layer: report.variables[j].layer, unit: scale == 1 ? "fraction" : "t",
                              estimate: r.estimates[j].map { $0 / scale }, sd: r.standardDeviations[j].map { $0 / scale },
                              determined: r.isDeterminedByConstraints(j))
        }
    }

    func fmt(_ value: Double?) -> String { value.map { formatNumber($0, decimals: abs($0) < 10 ? 4 : 2) } ?? "-" }
    func plain(_ value: Double?) -> String { value.map(formatPlain) ?? "" }
}

/// The documented JSON shape of a reconciliation (flows in t, concentrations in %).
struct ReconciliationJSON: Encodable {
    struct Eliminated: Encodable { var stream, quantity, origin: String; var normalized_residual: Double }
    struct Step: Encodable {
        struct Candidate: Encodable { var variable: String; var normalized_residual: Double }
        /// `eliminated`, `chosen` or `indistinguishable`.
        var action: String
        var variables: [String]
        var candidates: [Candidate]
        var chi_square, p_value: Double
        var degrees_of_freedom: Int
    }
    struct Imbalance: Encodable { var constraint: String; var before_t, after_t: Double }
    var chi_square, p_value: Double
    var degrees_of_freedom: Int
    var chi_square_initial, p_value_initial: Double
    var degrees_of_freedom_initial: Int
    var iterations: Int
    /// `accepted`, `rejected` or `not testable` (0 degrees of freedom), final and first pass.
    var verdict, verdict_initial: String
    var elimination_steps: [Step]
    var elimination_stop: String
    /// Every measurement in the first pass (all measurements), as `measurements`.
    var first_pass: [BalanceCommand.MeasurementRow]
    var eliminated: [Eliminated]
    var measurements: [BalanceCommand.MeasurementRow]
    var unmeasured: [BalanceCommand.UnknownRow]
    var imbalances: [Imbalance]
    var fixed_at_zero: [String]
    /// Reconciled covariance of the measurements still in use (display units squared), in `measurements` order.
    var reconciled_covariance: [[Double]]
    var closure_violations: [String]
    var closure_enforced: [String]

    init(_ report: FlowsheetReconciliation.Report, rows: [BalanceCommand.MeasurementRow], firstPass: [BalanceCommand.MeasurementRow],
         unknowns: [BalanceCommand.UnknownRow]) {
        let r = report.result
        chi_square = r.chiSquare
        p_value = r.pValue
        degrees_of_freedom = r.degreesOfFreedom
        chi_square_initial = report.initialChiSquare
        p_value_initial = report.initialPValue
        degrees_of_freedom_initial = report.initialDegreesOfFreedom
        iterations = report.iterations
        verdict = r.verdict.description
        verdict_initial = report.initialResult.verdict.description
        elimination_steps = report.steps.map { step in
            let (action, variables): (String, [String]) = switch step.action {
            case .eliminated(let v): ("eliminated", [v])
            case .chosen(let v): ("chosen", [v])
            case .indistinguishable(let names): ("indistinguishable", names)
            }
            return Step(action: action, variables: variables, candidates: step.candidates.map { .init(variable: $0.variable, normalized_residual: $0.normalizedResidual) },
                        chi_square: step.chiSquare, p_value: step.pValue, degrees_of_freedom: step.degreesOfFreedom)
        }
        elimination_stop = report.stop.description
        first_pass = firstPass
        eliminated = report.eliminated.map { Eliminated(stream: $0.measurement.flow, quantity: $0.measurement.quantity.description, origin: $0.measurement.origin, normalized_residual: $0.normalizedResidual) }
        measurements = rows
        unmeasured = unknowns
        imbalances = r.constraintNames.indices.filter { !r.imbalanceBefore[$0].isNaN }.map {
            Imbalance(constraint: r.constraintNames[$0], before_t: r.imbalanceBefore[$0] / 1000, after_t: r.imbalanceAfter[$0] / 1000)
        }
        fixed_at_zero = r.fixedAtZero
        let used = report.measurementPositions.enumerated().compactMap { i, position in position.map { (i, $0) } }
        reconciled_covariance = used.map { i, a in
            used.map { j, b in r.reconciledCovariance[a, b] * rows[i].scale * rows[j].scale }
        }
        closure_violations = report.closureViolations
        closure_enforced = report.closureEnforced
    }
}
