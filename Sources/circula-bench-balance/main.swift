import CirculaBalance
import Foundation

// Benchmark entry: reads a generated case (bench/balance/generate.py), reconciles all layers with
// NetworkReconciliation (one CHOLMOD factorisation for all layers), times the solve phase (best of
// `repeats`), writes the reconciled flows for comparison and prints `seconds`.
// Usage: circula-bench-balance CASE_DIR [repeats]
//        circula-bench-balance bilinear CASE_DIR [repeats]   (bench/balance/generate_bilinear.py; prints seconds and iterations)

func readArray<T>(_ url: URL, as: T.Type) throws -> [T] {
    let data = try Data(contentsOf: url)
    return data.withUnsafeBytes { raw in Array(raw.bindMemory(to: T.self)) }
}

var arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "bilinear" {
    arguments.remove(at: 1)
    do { try runBilinear(URL(fileURLWithPath: arguments[1]), repeats: arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3) } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
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

    // Best wall time and best thread CPU time (on a busy machine the CPU time is the work done, without the
    // time other processes held the core); phases: the best of each over the runs.
    var best = Double.infinity, bestCPU = Double.infinity
    var result = NetworkReconciliation.Reconciled(layers: 0, flows: 0, values: [])
    var bestPhases = NetworkReconciliation.Phases()
    bestPhases.contraction = .infinity; bestPhases.assembly = .infinity; bestPhases.analysis = .infinity
    bestPhases.factorisation = .infinity; bestPhases.solve = .infinity; bestPhases.unmeasured = .infinity
    for _ in 0..<max(repeats, 1) {
        let start = DispatchTime.now().uptimeNanoseconds, cpu = NetworkReconciliation.threadSeconds()
        result = try network.reconcile(measured: measured, values: flat, layers: layers, variances: variances)
        bestCPU = min(bestCPU, NetworkReconciliation.threadSeconds() - cpu)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        let p = result.phases
        bestPhases.contraction = min(bestPhases.contraction, p.contraction); bestPhases.assembly = min(bestPhases.assembly, p.assembly)
        bestPhases.analysis = min(bestPhases.analysis, p.analysis); bestPhases.factorisation = min(bestPhases.factorisation, p.factorisation)
        bestPhases.solve = min(bestPhases.solve, p.solve); bestPhases.unmeasured = min(bestPhases.unmeasured, p.unmeasured)
    }
    try result.values.withUnsafeBytes { try Data($0).write(to: directory.appendingPathComponent("circula.f64")) }
    // Phases (ms of CPU, best of each) on stderr; best wall and CPU seconds on stdout.
    let p = bestPhases
    FileHandle.standardError.write(Data(String(format: "  circula phases [ms CPU]: contraction %.2f, assembly %.2f, analysis %.2f, factorisation %.2f, solve %.2f, unmeasured %.2f\n",
                                               p.contraction * 1e3, p.assembly * 1e3, p.analysis * 1e3, p.factorisation * 1e3, p.solve * 1e3, p.unmeasured * 1e3).utf8))
    print(String(format: "%.6f %.6f", best, bestCPU))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
