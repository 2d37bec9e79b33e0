import CirculaCore
import CirculaLedger

/// What to import: a lot file into a site's receipts.
public struct LotImportRequest: Sendable {
    public var source: LotSource
    /// The site that received the lots.
    public var site: String
    /// Skip primary lots (ore, concentrate) instead of refusing the file.
    public var recycledOnly: Bool
    /// Only these elements (nil: every assayed element); lots without any of them are skipped.
    public var elements: Set<Element>?
    /// Check everything, record nothing.
    public var dryRun: Bool
    /// Supplier → customer id: those suppliers' lots are that customer's own scrap (explicit, never from a name).
    public var ringFences: [String: String]

    public init(source: LotSource, site: String, recycledOnly: Bool = false, elements: Set<Element>? = nil, dryRun: Bool = false,
                ringFences: [String: String] = [:]) {
        self.ringFences = ringFences
        self.source = source
        self.site = site
        self.recycledOnly = recycledOnly
        self.elements = elements
        self.dryRun = dryRun
    }
}

/// What an import did.
public struct LotImportReport: Sendable {
    /// The file's display name.
    public var file: String
    /// The receipts that were (or, for a dry run, would be) recorded, in file order.
    public var receipts: [Receipt]
    /// The stored events; empty for a dry run.
    public var stored: [StoredEvent]
    /// Primary lots left out by `recycledOnly`.
    public var skippedPrimary: [String]
    /// Lots left out because they carry none of the requested elements.
    public var skippedWithoutElements: [String]
    public var dryRun: Bool
}

extension Workspace {
    /// Imports a lot file as receipts in one transaction: every line is checked (the file's format, then each receipt
    /// against the ledger's rules) and every problem is reported with its line; a file with any problem records nothing.
    /// Contained masses become exact integers (g; mg for precious metals), see `LotReceipts`.
    /// - Throws: `InputErrors` (file problems and refused receipts, each located), store errors.
    ///
    /// ```swift
    /// let report = try await Workspace.importLots(LotImportRequest(source: .file("april.csv"), site: "s1", dryRun: true), into: ledger)
    /// print("\(report.receipts.count) receipts would be recorded")
    /// ```
    public static func importLots(_ request: LotImportRequest, into ledger: Ledger) async throws -> LotImportReport {
        let lots = try request.source.load()
        let file = request.source.displayName
        var items: [(location: SourceLocation, event: LedgerEvent)] = []
        var receipts: [Receipt] = []
        var skippedPrimary: [String] = []
        var skippedWithoutElements: [String] = []
        var errors: [LocatedError] = []
        for lot in lots {
            if request.recycledOnly && !lot.category.isRecycled { skippedPrimary.append(lot.id); continue }
            let location = lot.location ?? SourceLocation(file: file)
            let receipt: Receipt
            do { receipt = try LotReceipts.receipt(for: lot, site: request.site, elements: request.elements,
                                                     ringFences: request.ringFences) } catch {
                errors.append(LocatedError(location, "\(error)"))
                continue
            }
            if request.elements != nil && receipt.elements.isEmpty { skippedWithoutElements.append(lot.id); continue }
            receipts.append(receipt)
            items.append((location, .receive(receipt)))
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        let stored = try await appendAtomically(items, to: ledger, dryRun: request.dryRun)
        return LotImportReport(file: file, receipts: receipts, stored: stored, skippedPrimary: skippedPrimary,
                               skippedWithoutElements: skippedWithoutElements, dryRun: request.dryRun)
    }
}
