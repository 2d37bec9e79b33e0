import Foundation

extension LotCSV {
    /// Reads a lot file and checks it against a model, with the same located errors as the import:
    /// every feed id is in the model's catalogue and enters the flowsheet, the lot's ISO 14021 category is one
    /// the feed allows (a primary feed stays primary; recycled feeds are pre- or post-consumer), and every assay
    /// the feed requires (`required_assays`) is stated above zero. A file with any problem yields no lots.
    public static func parse(_ text: String, file: String, checkedAgainst model: ModelFile, table: PeriodicTable = .standard) throws(InputErrors) -> [Lot] {
        let lots = try parse(text, file: file, table: table)
        // The header names the assay columns as written (`Au[g/t]`), for error locations.
        let header = (try? CSVReader.records(text, file: file))?.first?.fields.map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        let assayColumn: [String: String] = Dictionary(header.map { (ColumnHeader($0).name, $0) }, uniquingKeysWith: { a, _ in a })

        var errors: [LocatedError] = []
        for lot in lots {
            let line = lot.location ?? SourceLocation(file: file)
            func column(_ name: String) -> SourceLocation {
                SourceLocation(file: line.file, line: line.line, field: "column \(name)", column: header.firstIndex(of: name).map { $0 + 1 })
            }
            guard let feed = model.feed(lot.feed) else {
                let known = model.feeds.map(\.id).joined(separator: ", ")
                errors.append(LocatedError(column("feed"), "unknown feed \"\(lot.feed)\"; expected a feed id of \(model.file) (\(known))"))
                continue
            }
            if model.flowsheet.feedEntry[feed.id] == nil {
                errors.append(LocatedError(column("feed"), "feed \(feed.id) enters no process of \(model.file); expected an entry under plant.feed_entry"))
            }
            if let expected = allowedCategories(feed), !expected.contains(lot.category) {
                let names = expected.map(\.rawValue).joined(separator: " or ")
                let why = feed.category == "primary" ? " (mined ore, concentrate and their by-products are not recycled, ISO 14021)" : ""
                errors.append(LocatedError(column("category"), "lot \(lot.id): feed \(feed.id) is \(feed.category), so the lot cannot be \(lot.category.rawValue); expected \(names)\(why)"))
            }
            for symbol in feed.requiredAssays {
                guard let element = try? table.element(symbol) else { continue }
                if lot.composition[element].value <= 0 {
                    let place = assayColumn[symbol].map(column) ?? line
                    errors.append(LocatedError(place, "lot \(lot.id) of feed \(feed.id) states no \(symbol) assay; expected \(symbol) above 0 (the feed's required assays: \(feed.requiredAssays.joined(separator: ", ")))"))
                }
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        return lots
    }

    /// Reads a lot file and checks it against a model.
    public static func load(_ url: URL, displayName: String? = nil, checkedAgainst model: ModelFile) throws(InputErrors) -> [Lot] {
        let name = displayName ?? url.path
        let text: String
        do { text = try TextFile.read(url, displayName: name) } catch { throw InputErrors([error]) }
        return try parse(text, file: name, checkedAgainst: model)
    }

    /// The lot categories a catalogue feed allows; nil when the catalogue's word is not one we know.
    static func allowedCategories(_ feed: Feed) -> [MaterialCategory]? {
        switch feed.category {
        case "primary": [.primary]
        case "recycled": [.preConsumer, .postConsumer]
        case "pre-consumer": [.preConsumer]
        case "post-consumer": [.postConsumer]
        default: nil
        }
    }
}
