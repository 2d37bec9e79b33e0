import ArgumentParser
import CirculaBalance
import CirculaCore
import Foundation

extension BalanceCommand {
    /// `--measurements`: reconcile the measured flows over the model's node balances.
    func reconcile(result: BalanceResult, modelFile: ModelFile, measurementsPath: String) throws {
        let network = FlowNetwork(modelFile.flowsheet)
        let measured: [FlowMeasurement]
        let unknownCoefficients: [UnknownTransferCoefficient]
        let correlated: [Correlation]
        do {
            (measured, unknownCoefficients) = try MeasurementCSV.loadWithUnknowns(URL(fileURLWithPath: measurementsPath), displayName: measurementsPath, network: network)
            if let path = correlations {
                correlated = try MeasurementCSV.loadCorrelations(URL(fileURLWithPath: path), displayName: path, measurements: measured)
            } else {
                correlated = []
            }
        } catch { throw fail(error) }
        let started = Date()
        let report: FlowsheetReconciliation.Report
        do {
            report = try FlowsheetReconciliation(network: network, measurements: measured, correlations: correlated,
                                                 useTransferCoefficients: useTransferCoefficients, unknownTransferCoefficients: unknownCoefficients,
                                                 missingTransferCoefficientsAreUnknown: estimateMissingCoefficients).run()
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let elapsed = Date().timeIntervalSince(started)
        let r = report.result
        let rows = measurementRows(report)
        switch output.format {
        case .json:
            print(try jsonString(ReconciliationJSON(report, rows: rows, unknowns: unknownRows(report))))
        case .csv:
            var table = TextTable(["stream", "quantity", "unit", "measured", "sd", "reconciled", "reconciled_sd", "normalized_residual", "status"])
            for row in rows { table.add([row.stream, row.quantity, row.unit, plain(row.measured), plain(row.sd), plain(row.reconciled), plain(row.reconciledSD), plain(row.normalized), row.status]) }
            for row in unknownRows(report) { table.add([row.stream, row.layer, row.unit, "", "", plain(row.estimate), plain(row.sd), "", row.estimate == nil ? "unobservable" : "observable"]) }
            print(table.csv())
        case .table:
            let constraints = useTransferCoefficients ? "node balances and transfer coefficients" : "node balances"
            print("Reconciliation of \(measured.count) measurements (\(measurementsPath)\(correlated.isEmpty ? "" : ", \(correlated.count) correlations")) over \(constraints) of \(modelFile.file); flows in t")
            if report.iterations > 0 { print("Bilinear: successive linearisation converged in \(report.iterations) iterations") }
            let verdict = { (p: Double) in p >= 0.05 ? "accepted" : "rejected" }
            print("Global test (all measurements): χ² = \(formatNumber(report.initialChiSquare, decimals: 3)), \(report.initialDegreesOfFreedom) degrees of freedom, "
                  + "p = \(String(format: "%.3g", report.initialPValue)) (95% quantile \(formatNumber(ChiSquare.quantile95(degreesOfFreedom: report.initialDegreesOfFreedom), decimals: 3))): \(verdict(report.initialPValue))")
            if !report.eliminated.isEmpty {
                print("Gross errors localised by serial elimination:")
                for (m, nr) in report.eliminated { print("  \(m.flow) \(m.quantity) (\(m.origin)): normalised residual \(formatNumber(nr, decimals: 2))") }
                print("Global test after elimination: χ² = \(formatNumber(r.chiSquare, decimals: 3)), \(r.degreesOfFreedom) degrees of freedom, p = \(String(format: "%.3g", r.pValue)): \(verdict(r.pValue))")
            }
            print()
            var table = TextTable(["stream", "quantity", "measured", "sd", "reconciled", "sd", "norm. residual", "status"], rightAligned: [2, 3, 4, 5, 6])
            for row in rows {
                table.add([row.stream, "\(row.quantity) [\(row.unit)]", fmt(row.measured), fmt(row.sd), fmt(row.reconciled), fmt(row.reconciledSD),
                           row.normalized.map { formatNumber($0, decimals: 2) } ?? "-", row.status])
            }
            print(table.render())
            let unknowns = unknownRows(report)
            let observable = unknowns.filter { $0.estimate != nil }
            let unobservable = unknowns.filter { $0.estimate == nil }
            if !observable.isEmpty {
                print("\nUnmeasured, computed from the reconciled values (observable):")
                var t = TextTable(["stream", "layer", "estimate", "sd"], rightAligned: [2, 3])
                for row in observable { t.add([row.stream, "\(row.layer) [\(row.unit)]", fmt(row.estimate), fmt(row.sd)]) }
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

        enum CodingKeys: String, CodingKey { case stream, layer, unit, estimate, sd }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(stream, forKey: .stream); try c.encode(layer, forKey: .layer); try c.encode(unit, forKey: .unit)
            try c.encode(estimate, forKey: .estimate); try c.encode(sd, forKey: .sd)   // null when unobservable
        }
    }

    /// Measured values in display units: t for flows, % for concentrations.
    func measurementRows(_ report: FlowsheetReconciliation.Report) -> [MeasurementRow] {
        let r = report.result
        let eliminated = Set(report.eliminated.map(\.measurement.key))
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
            guard let position = report.measurementPositions[i] else {
                return MeasurementRow(stream: m.flow, quantity: quantity, unit: unit, scale: scale, measured: m.value * scale, sd: m.sd * scale,
                                      reconciled: nil, reconciledSD: nil, normalized: report.initialNormalizedResiduals[i], redundant: true,
                                      status: eliminated.contains(m.key) ? "gross error (eliminated)" : "eliminated")
            }
            let j = r.measured[position]
            let normalized = r.normalizedResiduals[position]
            let status = !r.redundant[position] ? "not redundant" : (abs(normalized ?? 0) > 1.96 ? "suspect" : "ok")
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
                              estimate: r.estimates[j].map { $0 / scale }, sd: r.standardDeviations[j].map { $0 / scale })
        }
    }

    func fmt(_ value: Double?) -> String { value.map { formatNumber($0, decimals: abs($0) < 10 ? 4 : 2) } ?? "-" }
    func plain(_ value: Double?) -> String { value.map(formatPlain) ?? "" }
}

/// The documented JSON shape of a reconciliation (flows in t, concentrations in %).
struct ReconciliationJSON: Encodable {
    struct Eliminated: Encodable { var stream, quantity, origin: String; var normalized_residual: Double }
    struct Imbalance: Encodable { var constraint: String; var before_t, after_t: Double }
    var chi_square, p_value: Double
    var degrees_of_freedom: Int
    var chi_square_initial, p_value_initial: Double
    var degrees_of_freedom_initial: Int
    var iterations: Int
    var eliminated: [Eliminated]
    var measurements: [BalanceCommand.MeasurementRow]
    var unmeasured: [BalanceCommand.UnknownRow]
    var imbalances: [Imbalance]
    var fixed_at_zero: [String]
    /// Reconciled covariance of the measurements still in use (display units squared), in `measurements` order.
    var reconciled_covariance: [[Double]]
    var closure_violations: [String]
    var closure_enforced: [String]

    init(_ report: FlowsheetReconciliation.Report, rows: [BalanceCommand.MeasurementRow], unknowns: [BalanceCommand.UnknownRow]) {
        let r = report.result
        chi_square = r.chiSquare
        p_value = r.pValue
        degrees_of_freedom = r.degreesOfFreedom
        chi_square_initial = report.initialChiSquare
        p_value_initial = report.initialPValue
        degrees_of_freedom_initial = report.initialDegreesOfFreedom
        iterations = report.iterations
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
