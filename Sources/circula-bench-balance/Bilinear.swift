import CirculaBalance
import Foundation

/// Bilinear case: NetworkBilinearReconciliation from the measurements, best of `repeats`; writes
/// circula-bilinear.f64 (masses, then concentrations) and prints `wall-seconds cpu-seconds iterations`.
func runBilinear(_ directory: URL, repeats: Int) throws {
    func file(_ name: String) -> URL { directory.appendingPathComponent(name) }
    let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: file("meta.json"))) as! [String: Any]
    let processes = meta["processes"] as! Int
    let sheet = NetworkBilinearReconciliation(processCount: processes, from: try readArray(file("from.i32"), as: Int32.self),
                                              to: try readArray(file("to.i32"), as: Int32.self), transfer: try readArray(file("transfer.f64"), as: Double.self))
    let mass: [Double] = try readArray(file("mass.f64"), as: Double.self), massVariance: [Double] = try readArray(file("mass_var.f64"), as: Double.self)
    let concentration: [Double] = try readArray(file("conc.f64"), as: Double.self), concentrationVariance: [Double] = try readArray(file("conc_var.f64"), as: Double.self)
    var best = Double.infinity, bestCPU = Double.infinity
    var outcome: NetworkBilinearReconciliation.Outcome?
    for _ in 0..<max(repeats, 1) {
        let start = DispatchTime.now().uptimeNanoseconds, cpu = NetworkReconciliation.threadSeconds()
        let o = try sheet.reconcile(mass: mass, massVariance: massVariance, concentration: concentration, concentrationVariance: concentrationVariance)
        bestCPU = min(bestCPU, NetworkReconciliation.threadSeconds() - cpu)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if seconds < best { best = seconds; outcome = o }
    }
    let o = outcome!
    try (o.mass + o.concentration).withUnsafeBytes { try Data($0).write(to: file("circula-bilinear.f64")) }
    FileHandle.standardError.write(Data(String(format: "  circula bilinear [ms CPU, fastest run]: J and products %.2f, CHOLMOD %.2f; chi2 %.6g (dof %d)\n",
                                               o.assemblySeconds * 1e3, o.choleskySeconds * 1e3, o.chiSquare, o.degreesOfFreedom).utf8))
    print(String(format: "%.6f %.6f %d", best, bestCPU, o.iterations))
}
