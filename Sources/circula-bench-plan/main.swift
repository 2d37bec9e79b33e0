import CirculaPlan
import Foundation

// Benchmark entry for bench/plan/run.sh (not a user command).
//   circula-bench-plan lp REPEATS FILE...        solve LP instance files with GLPK; one JSON line each
//   circula-bench-plan stock REPEATS CASE OUT    run a StockCase; write results; one JSON line with seconds
//   circula-bench-plan mc REPEATS DRAWS          the bundled outlook's Monte Carlo (2 threads); one JSON line

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func line(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

let args = CommandLine.arguments
guard args.count >= 4, let repeats = Int(args[2]) else {
    FileHandle.standardError.write(Data("usage: circula-bench-plan lp REPEATS FILE... | stock REPEATS CASE OUT | mc REPEATS DRAWS\n".utf8))
    exit(2)
}
switch args[1] {
case "lp":
    for path in args[3...] {
        let instance = try JSONDecoder().decode(LPInstance.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        let program = instance.program
        var best = Double.infinity
        var objective = 0.0
        var status = LPStatus.undefined
        for _ in 0..<repeats {
            let t = try seconds {
                let s = try LPSolver.solve(program, integer: program.hasIntegers, ranging: false)
                objective = s.objective
                status = s.status
            }
            best = min(best, t)
        }
        line(["name": instance.name, "n": instance.c.count, "rows": instance.rows.count, "seconds": best, "objective": objective, "status": status.rawValue])
    }
case "stock":
    let stockCase = try JSONDecoder().decode(StockCase.self, from: Data(contentsOf: URL(fileURLWithPath: args[3])))
    var results: [DynamicStockModel.Result] = []
    var best = Double.infinity
    for _ in 0..<repeats { best = min(best, try seconds { results = try stockCase.run() }) }
    let out = results.map { ["inflow": $0.inflow, "stock": $0.stock, "outflow": $0.outflow] }
    try JSONSerialization.data(withJSONObject: ["results": out]).write(to: URL(fileURLWithPath: args[4]))
    line(["series": results.count, "years": stockCase.years.count, "seconds": best])
case "mc":
    // circula-bench-plan mc REPEATS DRAWS: the bundled outlook's Monte Carlo on 2 threads.
    let model = try StockModelFile.bundledDefault()
    let draws = Int(args[3]) ?? 10_000
    var best = Double.infinity
    var probability = 0.0
    for _ in 0..<repeats { best = min(best, try seconds { probability = try MonteCarloOutlook.run(model, draws: draws, threads: 2).probabilityOfGoal }) }
    line(["draws": draws, "seconds": best, "probability": probability])
default:
    FileHandle.standardError.write(Data("unknown mode \(args[1])\n".utf8))
    exit(2)
}
