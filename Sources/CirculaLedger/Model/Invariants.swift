import Foundation

/// Every rule of the ledger, stated once. `apply` is used by the stores inside the write transaction and by
/// `verify` when it replays the history, so a rule can never be enforced in one place and forgotten in the other.
extension LedgerState {
    /// Validates `event` against the current state and applies it. On a refusal nothing changes.
    ///
    /// Every case checks all its rules before its first mutation, and mutates in place: copying the state (or an
    /// account's batch list) per event would make a long import or a replay quadratic.
    /// - Parameter id: the id the event will be stored under (it names credit batches).
    /// - Returns: the event as it must be stored (an allocation gains its credit draws).
    @discardableResult
    public mutating func apply(_ event: LedgerEvent, id: String) throws(LedgerError) -> LedgerEvent {
        if case .initialize(let setup) = event {
            guard config == nil else { throw .alreadyInitialized }
            guard setup.maxPeriodMonths >= 1 else { throw .invalidInput("maximum period must be at least 1 month") }
            guard setup.periodKind.months <= setup.maxPeriodMonths else {
                throw .periodTooLong(kind: setup.periodKind, months: setup.periodKind.months, maximum: setup.maxPeriodMonths)
            }
            config = LedgerConfig(setup: setup)
            touch(LedgerState.configKey)
            return event
        }
        guard let config else { throw .notInitialized }
        let kind = config.setup.periodKind
        func openPeriod(_ date: String, _ what: String) throws(LedgerError) -> String {
            let period = try kind.period(containing: date)
            if config.closedPeriods.contains(period) { throw .periodClosed(period: period, what: what) }
            return period
        }
        func nonEmpty(_ text: String, _ field: String) throws(LedgerError) {
            if text.trimmingCharacters(in: .whitespaces).isEmpty { throw .invalidInput("\(field) must not be empty") }
        }

        switch event {
        case .initialize: fatalError("handled above")

        case .addSite(let site):
            try nonEmpty(site.id, "site id")
            guard sites[site.id] == nil else { throw .duplicate(kind: "site", id: site.id) }
            sites[site.id] = site
            touch(LedgerState.key(site: site.id))

        case .addProduct(let product):
            try nonEmpty(product.id, "product id")
            guard products[product.id] == nil else { throw .duplicate(kind: "product", id: product.id) }
            let expected = AmountUnit.forElement(product.element)
            guard product.unit == expected else {
                throw .invalidInput("product \(product.id): \(product.element) is booked in \(expected.rawValue) (grams for base metals, milligrams for precious metals), not \(product.unit.rawValue)")
            }
            products[product.id] = product
            touch(LedgerState.key(product: product.id))

        case .openAccount(let account):
            try nonEmpty(account.id, "account id")
            guard accounts[account.id] == nil else { throw .duplicate(kind: "account", id: account.id) }
            guard sites[account.site] != nil else { throw .unknown(kind: "site", id: account.site) }
            guard products[account.product] != nil else { throw .unknown(kind: "product", id: account.product) }
            guard account.factor.ppm > 0 else { throw .invalidInput("account \(account.id): conversion factor must be above 0") }
            if let customer = account.ringFencedFor { try nonEmpty(customer, "ring-fenced customer") }
            accounts[account.id] = AccountState(account: account)
            touch(LedgerState.key(account: account.id))

        case .receive(let receipt):
            try nonEmpty(receipt.lot, "lot id")
            guard receipts[receipt.lot] == nil else { throw .duplicate(kind: "receipt of lot", id: receipt.lot) }
            guard sites[receipt.site] != nil else { throw .unknown(kind: "site", id: receipt.site) }
            _ = try openPeriod(receipt.date, "receipt of lot \(receipt.lot) dated \(receipt.date)")
            switch receipt.category {
            case "pre-consumer", "post-consumer": break
            case "primary":
                throw .notRecycled(lot: receipt.lot, reason: "category primary (mined ore, concentrate) is not recycled content under ISO 14021")
            default:
                throw .invalidInput("lot \(receipt.lot): category \"\(receipt.category)\"; expected pre-consumer or post-consumer (ISO 14021)")
            }
            switch receipt.origin {
            case .external: break
            case .runAround:
                throw .notRecycled(lot: receipt.lot, reason: "run-around scrap reclaimed within the same process is excluded from pre-consumer content (ISO 14021)")
            case .oreByProduct:
                throw .notRecycled(lot: receipt.lot, reason: "slags and by-products of ore processing are not recycled material (RMI/OECD)")
            }
            for (element, amount) in receipt.elements where amount < 0 {
                throw .invalidInput("lot \(receipt.lot): \(element) mass \(amount) is negative")
            }
            guard receipt.elements.values.contains(where: { $0 > 0 }) else {
                throw .invalidInput("lot \(receipt.lot): no recycled element mass above zero")
            }
            receipts[receipt.lot] = ReceiptState(receipt: receipt)
            touch(LedgerState.key(receipt: receipt.lot))

        case .issueCredit(let credit):
            let (amount, period) = try checkCredit(credit, openPeriod: openPeriod)
            accounts[credit.account]!.batches.append(CreditBatch(id: id, period: period, lot: credit.lot, element: credit.element,
                                                                 issued: amount, remaining: amount))
            receipts[credit.lot]!.credited[credit.element] = id
            touch(LedgerState.key(account: credit.account))
            touch(LedgerState.key(receipt: credit.lot))

        case .transfer(let transfer):
            let (draws, period) = try checkTransfer(transfer, openPeriod: openPeriod)
            LedgerState.take(draws, from: &accounts[transfer.from]!, transferred: true)
            for batch in accounts[transfer.from]!.batches {
                guard let amount = draws[batch.id] else { continue }
                accounts[transfer.to]!.batches.append(CreditBatch(id: batch.id + ">" + id, period: period, lot: batch.lot, element: batch.element,
                                                                  issued: amount, remaining: amount))
            }
            touch(LedgerState.key(account: transfer.from))
            touch(LedgerState.key(account: transfer.to))

        case .deliver(let delivery):
            try nonEmpty(delivery.delivery, "delivery id")
            try nonEmpty(delivery.customer, "customer")
            guard deliveries[delivery.delivery] == nil else { throw .duplicate(kind: "delivery", id: delivery.delivery) }
            guard sites[delivery.site] != nil else { throw .unknown(kind: "site", id: delivery.site) }
            guard products[delivery.product] != nil else { throw .unknown(kind: "product", id: delivery.product) }
            guard delivery.mass > 0 else { throw .invalidInput("delivery \(delivery.delivery): mass must be above 0") }
            let period = try openPeriod(delivery.date, "delivery \(delivery.delivery) dated \(delivery.date)")
            deliveries[delivery.delivery] = DeliveryState(delivery: delivery, period: period)
            touch(LedgerState.key(delivery: delivery.delivery))

        case .allocate(var allocation):
            let draws = try checkAllocation(allocation, openPeriod: openPeriod)
            if !allocation.draws.isEmpty && allocation.draws != draws {
                throw .replayMismatch("allocation to delivery \(allocation.delivery): recorded credit draws \(allocation.draws) differ from the recomputed \(draws)")
            }
            LedgerState.take(draws, from: &accounts[allocation.account]!, transferred: false)
            allocation.draws = draws
            deliveries[allocation.delivery]!.claimed += allocation.amount
            deliveries[allocation.delivery]!.allocations.append(AllocationState(event: id, account: allocation.account, amount: allocation.amount, draws: draws))
            touch(LedgerState.key(delivery: allocation.delivery))
            touch(LedgerState.key(account: allocation.account))
            return .allocate(allocation)

        case .issueCertificate(let record):
            guard var delivery = deliveries[record.delivery], !delivery.reversed else { throw .unknown(kind: "delivery", id: record.delivery) }
            guard certificates[record.certificate] == nil else { throw .duplicate(kind: "certificate", id: record.certificate) }
            guard delivery.claimed > 0 else {
                throw .invalidInput("delivery \(record.delivery) has no recycled credits allocated; there is nothing to certify")
            }
            guard record.bodyHash.count == 64 else { throw .invalidInput("certificate \(record.certificate): body hash must be 64 hex digits") }
            delivery.certificates.append(record.certificate)
            certificates[record.certificate] = record
            deliveries[record.delivery] = delivery
            touch(LedgerState.key(delivery: record.delivery))
            touch(LedgerState.key(certificate: record.certificate))

        case .closePeriod(let close):
            try kind.validate(close.period)
            guard close.rule == config.setup.carryOver else {
                throw .wrongCarryOverRule(configured: config.setup.carryOver, requested: close.rule)
            }
            guard !config.closedPeriods.contains(close.period) else { throw .periodClosed(period: close.period, what: "closing it again") }
            let next = try kind.next(after: close.period)
            if close.rule == .carry, config.closedPeriods.contains(next) {
                throw .periodClosed(period: next, what: "carrying credits from \(close.period) into it")
            }
            for accountID in accounts.keys.sorted() {
                var account = accounts[accountID]!
                var changed = false
                for index in account.batches.indices where account.batches[index].period == close.period && account.batches[index].remaining > 0 {
                    let amount = account.batches[index].remaining
                    account.batches[index].remaining = 0
                    changed = true
                    switch close.rule {
                    case .expire:
                        account.batches[index].expired += amount
                    case .carry:
                        account.batches[index].carriedOut += amount
                        let batch = account.batches[index]
                        account.batches.append(CreditBatch(id: batch.id + ">" + next, period: next, lot: batch.lot, element: batch.element,
                                                           issued: amount, remaining: amount))
                    }
                }
                if changed {
                    accounts[accountID] = account
                    touch(LedgerState.key(account: accountID))
                }
            }
            self.config!.closedPeriods.append(close.period)
            touch(LedgerState.configKey)

        case .correct(let correction):
            try nonEmpty(correction.reason, "correction reason")
            try applyCorrection(correction, openPeriod: openPeriod)
        }
        return event
    }

    /// Plans taking `amount` from the account's batches of `period`, oldest first; refuses to go below zero.
    static func plan(_ amount: Int64, from account: AccountState, period: String, unit: AmountUnit) throws(LedgerError) -> [String: Int64] {
        let available = account.available(in: period)
        guard amount <= available else {
            throw .insufficientCredits(account: account.account.id, period: period, available: available, requested: amount, unit: unit)
        }
        var left = amount
        var draws: [String: Int64] = [:]
        for batch in account.batches where left > 0 && batch.period == period && batch.remaining > 0 {
            let take = min(left, batch.remaining)
            draws[batch.id] = take
            left -= take
        }
        return draws
    }

    /// Applies planned draws in place.
    static func take(_ draws: [String: Int64], from account: inout AccountState, transferred: Bool) {
        for index in account.batches.indices {
            guard let amount = draws[account.batches[index].id] else { continue }
            account.batches[index].remaining -= amount
            if transferred { account.batches[index].transferredOut += amount } else { account.batches[index].claimed += amount }
        }
    }

    /// Rules of a credit issue; returns the exact amount and the period.
    private func checkCredit(_ credit: CreditIssue, openPeriod: (String, String) throws(LedgerError) -> String) throws(LedgerError) -> (Int64, String) {
        guard let receipt = receipts[credit.lot], !receipt.reversed else { throw .unknown(kind: "receipt of lot", id: credit.lot) }
        guard let account = accounts[credit.account]?.account else { throw .unknown(kind: "account", id: credit.account) }
        guard let product = products[account.product] else { throw .unknown(kind: "product", id: account.product) }
        guard product.element == credit.element else {
            throw .productMismatch("account \(credit.account) holds \(product.id) (\(product.element)); lot \(credit.lot) credits \(credit.element)")
        }
        guard let recycled = receipt.receipt.elements[credit.element], recycled > 0 else {
            throw .elementNotInReceipt(lot: credit.lot, element: credit.element)
        }
        if let previous = receipt.credited[credit.element] {
            throw .alreadyCredited(lot: credit.lot, element: credit.element, event: previous)
        }
        guard account.factor == credit.factor else {
            throw .factorMismatch("account \(credit.account) takes credits at conversion factor \(account.factor); the credit states \(credit.factor)")
        }
        guard receipt.receipt.ringFencedFor == account.ringFencedFor else {
            let from = receipt.receipt.ringFencedFor.map { "customer \($0)'s own scrap" } ?? "the company's collection pool"
            let to = account.ringFencedFor.map { "ring-fenced for customer \($0)" } ?? "the company's pool"
            throw .ringFence("lot \(credit.lot) is \(from); its credits cannot go to account \(credit.account) (\(to))")
        }
        if credit.factorSource.trimmingCharacters(in: .whitespaces).isEmpty { throw .invalidInput("factor source must not be empty") }
        let expected = credit.factor.apply(to: recycled)
        guard credit.amount == expected else {
            throw .creditAmountMismatch(lot: credit.lot, element: credit.element, recycled: recycled, factor: credit.factor,
                                        expected: expected, stated: credit.amount, unit: product.unit)
        }
        return (expected, try openPeriod(credit.date, "credit issue for lot \(credit.lot) dated \(credit.date)"))
    }

    /// Rules of a transfer; returns the planned draws and the period.
    private func checkTransfer(_ transfer: Transfer, openPeriod: (String, String) throws(LedgerError) -> String) throws(LedgerError) -> ([String: Int64], String) {
        guard let from = accounts[transfer.from] else { throw .unknown(kind: "account", id: transfer.from) }
        guard let to = accounts[transfer.to]?.account else { throw .unknown(kind: "account", id: transfer.to) }
        guard transfer.from != transfer.to else { throw .invalidInput("transfer from account \(transfer.from) to itself") }
        guard from.account.product == to.product else {
            throw .productMismatch("transfer from \(transfer.from) (\(from.account.product)) to \(transfer.to) (\(to.product)): credits move only between accounts of the same product")
        }
        guard from.account.factor == to.factor else {
            throw .factorMismatch("transfer from \(transfer.from) (factor \(from.account.factor)) to \(transfer.to) (factor \(to.factor)): credits move only between accounts with the same conversion factor")
        }
        guard from.account.ringFencedFor == to.ringFencedFor else {
            throw .ringFence("transfer from \(transfer.from) (\(from.account.ringFencedFor.map { "ring-fenced for \($0)" } ?? "pool")) to \(transfer.to) (\(to.ringFencedFor.map { "ring-fenced for \($0)" } ?? "pool")): ring-fenced credits stay with their customer")
        }
        guard transfer.amount > 0 else { throw .invalidInput("transfer amount must be above 0") }
        let period = try openPeriod(transfer.date, "transfer dated \(transfer.date)")
        let unit = products[from.account.product]?.unit ?? .gram
        return (try LedgerState.plan(transfer.amount, from: from, period: period, unit: unit), period)
    }

    /// Rules of an allocation (a claim); returns the planned draws.
    private func checkAllocation(_ allocation: Allocation, openPeriod: (String, String) throws(LedgerError) -> String) throws(LedgerError) -> [String: Int64] {
        guard let delivery = deliveries[allocation.delivery], !delivery.reversed else { throw .unknown(kind: "delivery", id: allocation.delivery) }
        guard let account = accounts[allocation.account] else { throw .unknown(kind: "account", id: allocation.account) }
        let d = delivery.delivery
        guard account.account.product == d.product else {
            throw .productMismatch("account \(allocation.account) holds \(account.account.product); delivery \(d.delivery) is \(d.product)")
        }
        guard account.account.site == d.site else {
            throw .siteMismatch("account \(allocation.account) is at site \(account.account.site); delivery \(d.delivery) ships from \(d.site) (transfer the credits first)")
        }
        if let owner = account.account.ringFencedFor, owner != d.customer {
            throw .ringFence("account \(allocation.account) is ring-fenced for customer \(owner); delivery \(d.delivery) goes to \(d.customer)")
        }
        guard allocation.amount > 0 else { throw .invalidInput("allocation to delivery \(d.delivery): amount must be above 0") }
        let unit = products[d.product]?.unit ?? .gram
        guard delivery.claimed + allocation.amount <= d.mass else {
            throw .overClaim(delivery: d.delivery, mass: d.mass, claimed: delivery.claimed, requested: allocation.amount, unit: unit)
        }
        let period = try openPeriod(d.date, "allocation to delivery \(d.delivery)")
        return try LedgerState.plan(allocation.amount, from: account, period: period, unit: unit)
    }

    private mutating func applyCorrection(_ c: Correction, openPeriod: (String, String) throws(LedgerError) -> String) throws(LedgerError) {
        switch c.targetType {
        case "allocate":
            guard var delivery = deliveries[c.subject],
                  let index = delivery.allocations.firstIndex(where: { $0.event == c.target }) else {
                throw .cannotCorrect(target: c.target, reason: "no allocation \(c.target) on delivery \(c.subject)")
            }
            if let certificate = delivery.certificates.first {
                throw .cannotCorrect(target: c.target, reason: "certificate \(certificate) was issued for delivery \(c.subject) on these credits")
            }
            _ = try openPeriod(delivery.delivery.date, "correcting allocation \(c.target)")
            let allocation = delivery.allocations.remove(at: index)
            guard var account = accounts[allocation.account] else { throw .unknown(kind: "account", id: allocation.account) }
            for (batchID, amount) in allocation.draws {
                guard let b = account.batches.firstIndex(where: { $0.id == batchID }) else {
                    throw .cannotCorrect(target: c.target, reason: "credit batch \(batchID) is no longer in account \(allocation.account)")
                }
                account.batches[b].remaining += amount
                account.batches[b].claimed -= amount
            }
            delivery.claimed -= allocation.amount
            deliveries[c.subject] = delivery
            accounts[allocation.account] = account
            touch(LedgerState.key(delivery: c.subject))
            touch(LedgerState.key(account: allocation.account))
        case "issue-credit":
            guard var account = accounts[c.subject], let b = account.batches.firstIndex(where: { $0.id == c.target }) else {
                throw .cannotCorrect(target: c.target, reason: "no credit batch \(c.target) in account \(c.subject)")
            }
            let batch = account.batches[b]
            guard !batch.reversed, batch.remaining == batch.issued else {
                throw .cannotCorrect(target: c.target, reason: "\(batch.issued - batch.remaining) of its \(batch.issued) credits were already used or moved; reverse those first")
            }
            _ = try openPeriod(try config!.setup.periodKind.firstDay(of: batch.period), "correcting credit issue \(c.target)")
            account.batches[b].remaining = 0
            account.batches[b].reversed = true
            accounts[c.subject] = account
            if var receipt = receipts[batch.lot] {
                receipt.credited[batch.element] = nil
                receipts[batch.lot] = receipt
                touch(LedgerState.key(receipt: batch.lot))
            }
            touch(LedgerState.key(account: c.subject))
        case "deliver":
            guard var delivery = deliveries[c.subject], !delivery.reversed else {
                throw .cannotCorrect(target: c.target, reason: "no delivery \(c.subject)")
            }
            guard delivery.claimed == 0 else {
                throw .cannotCorrect(target: c.target, reason: "delivery \(c.subject) has \(delivery.claimed) claimed; reverse its allocations first")
            }
            _ = try openPeriod(delivery.delivery.date, "correcting delivery \(c.subject)")
            delivery.reversed = true
            deliveries[c.subject] = delivery
            touch(LedgerState.key(delivery: c.subject))
        case "receive":
            guard var receipt = receipts[c.subject], !receipt.reversed else {
                throw .cannotCorrect(target: c.target, reason: "no receipt of lot \(c.subject)")
            }
            guard receipt.credited.isEmpty else {
                throw .cannotCorrect(target: c.target, reason: "lot \(c.subject) has credits (events \(receipt.credited.values.sorted().joined(separator: ", "))); reverse them first")
            }
            _ = try openPeriod(receipt.receipt.date, "correcting receipt of lot \(c.subject)")
            receipt.reversed = true
            receipts[c.subject] = receipt
            touch(LedgerState.key(receipt: c.subject))
        default:
            throw .cannotCorrect(target: c.target, reason: "events of type \(c.targetType) cannot be reversed")
        }
    }
}
