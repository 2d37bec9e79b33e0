import CirculaCore

extension InventoryBalance {
    /// Re-attributes a period's pro-rata balance first-in-first-out: the same closing stock C per process and
    /// element, made of the period's new input first (`StockRetention`). Fixed point on the fractions, since
    /// a process's input depends on what it retains when its outputs recycle back to it.
    func firstInFirstOut(_ proRata: BalanceResult, sheet: Flowsheet, releasedAt: [Int: Int], period: String) throws(Failure) -> BalanceResult {
        let streams = proRata.streams
        let streamTo: [Int?] = streams.map { if case .process(let id) = $0.to { sheet.index(of: id) } else { nil } }
        // Targets: processes holding stock of an element and receiving released opening stock of it.
        var closing: [String: [Int: Double]] = [:]
        var fractions: [String: [Int: StockRetention.Fractions]] = [:]
        for e in proRata.elements {
            guard let balance = proRata.balances[e] else { continue }
            let oldAt = Set(balance.contributors.compactMap { releasedAt[$0] })
            for p in oldAt where balance.stockChanges[p] > 0 && sheet.processes[p].transferCoefficients[e] != nil {
                closing[e, default: [:]][p] = balance.stockChanges[p]
                let f = sheet.processes[p].stockFraction(e)
                fractions[e, default: [:]][p] = .init(new: f, old: f)
            }
        }
        guard !fractions.isEmpty else { return proRata }
        var result = proRata
        for _ in 0..<200 {
            var worst = 0.0
            var next = fractions
            for (e, targets) in closing {
                let balance = result.balances[e]!
                for (p, c) in targets {
                    // Input of p by group: contributors released from p's own opening stock (old) and the rest (new).
                    var uNew = 0.0, uOld = 0.0
                    for (position, s) in balance.contributors.enumerated() {
                        var u = result.sources[s].entry == p ? result.sources[s].elementMass[e] ?? 0 : 0
                        let flows = balance.streamFlowByContributor[position]
                        for k in streams.indices where streamTo[k] == p { u += flows[k] }
                        if releasedAt[s] == p { uOld += u } else { uNew += u }
                    }
                    let new = uNew > 0 ? min(1, c / uNew) : 0
                    let old = uOld > 0 ? min(1, max(0, (c - new * uNew) / uOld)) : 0
                    let current = fractions[e]![p]!
                    worst = max(worst, abs(new - current.new), abs(old - current.old))
                    next[e]![p] = .init(new: new, old: old)
                }
            }
            if worst < 1e-13 { return result }
            fractions = next
            do {
                result.merge(try ForwardBalance(flowsheet: sheet, options: options)
                    .run(sources: proRata.sources, elements: proRata.elements.filter { closing[$0] != nil },
                         retention: StockRetention(fractions: fractions, releasedAt: releasedAt)))
            } catch { throw .balance(period: period, error) }
        }
        let (e, targets) = closing.min { $0.key < $1.key }!
        throw .firstInFirstOutNoConvergence(period: period, process: sheet.processes[targets.keys.min()!].id, element: e)
    }
}

extension BalanceResult {
    /// Replaces the balances (and warnings) of the elements `other` balanced, and takes its flowsheet: a
    /// rerun of some elements after their rows changed.
    mutating func merge(_ other: BalanceResult) {
        let replaced = Set(other.elements)
        for e in other.elements { balances[e] = other.balances[e] }
        warnings = warnings.filter { !replaced.contains($0.element) } + other.warnings
        flowsheet = other.flowsheet
    }
}
