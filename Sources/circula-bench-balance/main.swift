import CirculaBalance
import Foundation

// Benchmark entry: reads a generated case (bench/balance/generate.py), reconciles all layers with
// NetworkReconciliation (one CHOLMOD factorisation for all layers), times the solve phase (best of
// `repeats`), writes the reconciled flows for comparison and prints `seconds`.
// Usage: circula-bench-balance CASE_DIR [repeats]

func readArray<T>(_ url: URL, as: T.Type) throws -> [T] {
    let data = try Data(contentsOf: url)
    return data.withUnsafeBytes { raw in Array(raw.bindMemory(to: T.self)) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: circula-bench-balance CASE_DIR [repeats]\n".utf8))
    exit(2)
}
let directory = URL(fileURLWithPath: arguments[1])
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
do {
    let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("meta.json"))) as! [String: Any]
    let processes = meta["processes"] as! Int, flows = meta["flows"] as! Int, layers = meta["layers"] as! Int
    let from: [Int32] = try readArray(directory.appendingPathComponent("from.i32"), as: Int32.self)
    let to: [Int32] = try readArray(directory.appendingPathComponent("to.i32"), as: Int32.self)
    let measured = try readArray(directory.appendingPathComponent("measured.u8"), as: UInt8.self).map { $0 != 0 }
    let variances: [Double] = try readArray(directory.appendingPathComponent("variances.f64"), as: Double.self)
    let flat: [Double] = try readArray(directory.appendingPathComponent("values.f64"), as: Double.self)
    precondition(from.count == flows && flat.count == flows * layers)
    let network = NetworkReconciliation(processCount: processes, from: from, to: to)

    var best = Double.infinity
    var result = NetworkReconciliation.Reconciled(layers: 0, flows: 0, values: [])
    for _ in 0..<max(repeats, 1) {
        let start = DispatchTime.now().uptimeNanoseconds
        result = try network.reconcile(measured: measured, values: flat, layers: layers, variances: variances)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    try result.values.withUnsafeBytes { try Data($0).write(to: directory.appendingPathComponent("circula.f64")) }
    print(String(format: "%.6f", best))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
