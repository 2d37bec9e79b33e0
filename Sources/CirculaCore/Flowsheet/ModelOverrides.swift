/// A what-if change to one transfer coefficient: `smelting_flash.Cu.slag=0.02`.
///
/// Applying it sets that coefficient and scales the row's other outputs (not `stock`) so the row keeps its
/// sum (1, or 1 − stock): raising Cu to slag takes the difference from matte and off-gas in proportion.
///
/// ```swift
/// let change = try ModelOverride.parse("smelting_flash.Cu.slag=0.02", origin: SourceLocation(file: "--set"))
/// let flowsheet = try model.flowsheet.applying([change])
/// ```
public struct ModelOverride: Sendable, Hashable {
    public var process: String
    public var layer: String
    public var output: String
    public var value: Double
    public var origin: SourceLocation

    public init(process: String, layer: String, output: String, value: Double, origin: SourceLocation) {
        self.process = process
        self.layer = layer
        self.output = output
        self.value = value
        self.origin = origin
    }

    /// `process.layer.output=value` (the output may be `stock`); the value a fraction from 0 to 1.
    public static func parse(_ text: String, origin: SourceLocation) throws(LocatedError) -> ModelOverride {
        let sides = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
        let path = sides[0].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard sides.count == 2, path.count == 3, !path.contains(where: \.isEmpty) else {
            throw LocatedError(origin, "expected process.layer.output=fraction (smelting_flash.Cu.slag=0.02), found \"\(text)\"")
        }
        guard let value = Double(sides[1]), value.isFinite, value >= 0, value <= 1 else {
            throw LocatedError(origin, "expected a transfer coefficient from 0 to 1 after =, found \"\(sides[1])\"")
        }
        return ModelOverride(process: path[0], layer: path[1], output: path[2], value: value, origin: origin)
    }

    /// One override per line (`#` starts a comment); every bad line is reported with its number.
    public static func parseFile(_ text: String, file: String) throws(InputErrors) -> [ModelOverride] {
        var result: [ModelOverride] = [], errors: [LocatedError] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmingWhitespace
            if line.isEmpty { continue }
            do { result.append(try parse(line, origin: SourceLocation(file: file, line: n + 1))) } catch { errors.append(error) }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return result
    }
}

extension Flowsheet {
    /// The flowsheet with the overrides applied in order; an unknown process, layer or output is refused
    /// with the nearest names as suggestions, and nothing is applied unless every override is valid.
    public func applying(_ overrides: [ModelOverride]) throws(InputErrors) -> Flowsheet {
        var copy = self
        var errors: [LocatedError] = []
        for change in overrides {
            guard let p = copy.index(of: change.process) else {
                errors.append(LocatedError(change.origin, "unknown process \"\(change.process)\"; expected a process id\(Self.suggesting(change.process, among: processes.map(\.id)))"))
                continue
            }
            var process = copy.processes[p]
            guard var row = process.transferCoefficients[change.layer] else {
                errors.append(LocatedError(change.origin, "\(change.process) has no \(change.layer) row; expected one of its layers\(Self.suggesting(change.layer, among: process.layerOrder))"))
                continue
            }
            let outputs = process.outputs.map(\.name) + [Process.stockKey]
            guard outputs.contains(change.output) else {
                errors.append(LocatedError(change.origin, "\(change.process) has no output \"\(change.output)\"; expected an output or stock\(Self.suggesting(change.output, among: outputs))"))
                continue
            }
            let stock = change.output == Process.stockKey ? change.value : (row[Process.stockKey] ?? 0)
            let target = 1 - stock
            let others = row.keys.filter { $0 != change.output && $0 != Process.stockKey }
            let fixed = change.output == Process.stockKey ? 0 : change.value
            let rest = others.reduce(0) { $0 + (row[$1] ?? 0) }
            let remaining = target - fixed
            guard remaining >= -1e-12, rest > 0 || abs(remaining) < 1e-12 else {
                errors.append(LocatedError(change.origin, "\(change.process).\(change.layer).\(change.output)=\(change.value) leaves \(remaining) for the other outputs; expected a value that keeps the row's sum (\(target)) reachable"))
                continue
            }
            for key in others { row[key] = rest > 0 ? (row[key] ?? 0) * max(remaining, 0) / rest : 0 }
            row[change.output] = change.value
            process.transferCoefficients[change.layer] = row
            copy.processes[p] = process
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return copy
    }

    /// "; did you mean smelting_flash?", for messages of other modules.
    public static func suggestion(_ name: String, among names: [String]) -> String { suggesting(name, among: names) }

    /// "; did you mean smelting_flash?" for the nearest name within a third of its length (else the list).
    static func suggesting(_ name: String, among names: [String]) -> String {
        let ranked = names.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }.sorted { $0.1 < $1.1 }
        guard let best = ranked.first, best.1 <= max(2, name.count / 3) else { return names.isEmpty ? "" : " (\(names.joined(separator: ", ")))" }
        return "; did you mean \(best.0)?"
    }
}

fileprivate extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
